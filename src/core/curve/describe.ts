/**
 * The forecast in words, the same in the CLI, the notebook summary and the editor: "final loss ≈ 2.31 ±
 * 0.02 at step 100K (max_steps)".
 */
import type { ForecastSource, RunForecast } from '../../shared/fitOutput';
import { formatCount, formatNumber } from '../format';
import type { Role } from '../types';

const SOURCES: Record<ForecastSource, string> = {
  until: 'until',
  max_steps: 'max_steps',
  schedule: 'end of the logged LR schedule',
  'last-row': 'last logged row',
};

const AXIS: Partial<Record<Role, string>> = { step: 'step', D: 'tokens' };

/** "± 0.02" for a symmetric-enough interval, else "(95 % 2.29 – 2.33)"; empty without one. */
function spread(forecast: RunForecast): string {
  if (forecast.lo === undefined || forecast.hi === undefined) return '';
  const half = (forecast.hi - forecast.lo) / 2;
  const centre = (forecast.hi + forecast.lo) / 2;
  // Centred on the forecast within a tenth of the half-width: a ± reads right; otherwise give both ends.
  if (Math.abs(centre - forecast.loss) <= 0.1 * half) return ` ± ${formatNumber(half, 2)}`;
  return ` (95 % ${formatNumber(forecast.lo)} – ${formatNumber(forecast.hi)})`;
}

/** "final loss ≈ 2.31 ± 0.02 at step 100K (max_steps)". */
export function describeForecast(forecast: RunForecast): string {
  const axis = AXIS[forecast.x] ?? forecast.x;
  const where = axis === 'tokens' ? `${formatCount(forecast.at)} tokens` : `${axis} ${formatCount(forecast.at)}`;
  return `final loss ≈ ${formatNumber(forecast.loss)}${spread(forecast)} at ${where} (${SOURCES[forecast.source]})`;
}

/** The forecast line of a report, or why there is none. */
export function forecastLine(forecast: RunForecast | { reason: string }): string {
  return 'reason' in forecast ? `forecast: none (${forecast.reason})` : `forecast: ${describeForecast(forecast)}`;
}
