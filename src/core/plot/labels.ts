import { formatCount, formatNumber } from '../format';
import type { ForecastSource, RunForecast } from '../../shared/fitOutput';
import type { Role } from '../types';

/** Axis and tooltip titles of each role. */
export const ROLE_TITLES: Record<Role, string> = {
  N: 'parameters N',
  D: 'tokens D',
  C: 'compute C (FLOPs)',
  loss: 'loss',
  step: 'step',
  lr: 'learning rate',
  run: 'run',
  group: 'group',
  M: 'tokens per parameter',
  U: 'unique tokens U',
  P: 'precision (bits)',
};

/** A role's value the way the rest of the product prints it: counts as 70B / 1.4T, FLOPs as 5.76e23. */
export function formatRole(role: Role, value: number): string {
  return role === 'N' || role === 'D' || role === 'U' ? formatCount(value) : formatNumber(value);
}

/** Where a run's progress stands, the way a researcher says it: "step 100K", "300B tokens". */
export function formatProgress(role: Role, value: number): string {
  return role === 'step' ? `step ${formatCount(value)}` : `${formatCount(value)} ${role === 'D' ? 'tokens' : ROLE_TITLES[role]}`;
}

/**
 * "final loss ≈ 2.31 ± 0.02 at step 100K": the loss to the decimal place of its 95 % half-width (more
 * digits would claim a precision the bootstrap does not support), else to four significant digits.
 */
export function formatForecast(forecast: RunForecast): string {
  const where = `at ${formatProgress(forecast.x, forecast.at)}`;
  const half = forecast.lo !== undefined && forecast.hi !== undefined ? (forecast.hi - forecast.lo) / 2 : undefined;
  if (half === undefined || !(half > 0) || !Number.isFinite(half)) return `final loss ≈ ${formatNumber(forecast.loss)} ${where}`;
  const decimals = Math.max(0, -Math.floor(Math.log10(half)));
  const digits = Math.max(1, Math.floor(Math.log10(Math.abs(forecast.loss))) + 1 + decimals);
  return `final loss ≈ ${formatNumber(forecast.loss, digits)} ± ${formatNumber(half, 1)} ${where}`;
}

/** Why the forecast is at that x, for notes and tooltips. */
export const FORECAST_SOURCES: Record<ForecastSource, string> = {
  until: 'the until: setting',
  max_steps: "the trainer's max_steps",
  schedule: 'the end of the learning-rate schedule',
  'last-row': 'the last logged row',
};
