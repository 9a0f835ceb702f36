/**
 * The forecast in words, the same in the CLI, the notebook summary and the editor: "final loss ≈ 2.31 ±
 * 0.02 at step 100K (max_steps)".
 */
import type { ForecastSource, RunForecast } from '../../shared/fitOutput';
import { formatCount, formatInterval, formatNumber } from '../format';
import type { Role } from '../types';

const SOURCES: Record<ForecastSource, string> = {
  until: 'until',
  max_steps: 'max_steps',
  schedule: 'end of the logged LR schedule',
  'last-row': 'last logged row',
};

const AXIS: Partial<Record<Role, string>> = { step: 'step', D: 'tokens' };

/** "final loss ≈ 2.31 ± 0.02 at step 100K (max_steps)". */
export function describeForecast(forecast: RunForecast): string {
  const axis = AXIS[forecast.x] ?? forecast.x;
  const where = axis === 'tokens' ? `${formatCount(forecast.at)} tokens` : `${axis} ${formatCount(forecast.at)}`;
  return `final loss ≈ ${formatNumber(forecast.loss)}${formatInterval(forecast.loss, forecast)} at ${where} (${SOURCES[forecast.source]})`;
}

/** The forecast line of a report, or why there is none. */
export function forecastLine(forecast: RunForecast | { reason: string }): string {
  return 'reason' in forecast ? `forecast: none (${forecast.reason})` : `forecast: ${describeForecast(forecast)}`;
}
