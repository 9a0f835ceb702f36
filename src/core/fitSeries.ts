import type { FitResult } from './types';

/** What tells a fit apart from the cell's others: its target column (`loss: [a, b]`) or its group (`group:`). */
export function seriesOf(fit: FitResult): string {
  return fit.target ?? (fit.group ? fit.group.label : '');
}

/**
 * Each fit's series when the fits have more than one (several targets or groups), else undefined. Apart
 * from core/fit: the host's summary uses it, and the host bundle leaves the engine out.
 */
export function fitSeries(fits: readonly FitResult[]): string[] | undefined {
  const series = fits.map(seriesOf);
  return new Set(series).size > 1 ? series : undefined;
}
