import type { FitResult } from './types';

/**
 * Each fit's target column when the fits have more than one (spec `loss: [a, b]`), else undefined. Apart
 * from core/fit: the host's summary uses it, and the host bundle leaves the engine out.
 */
export function fitTargets(fits: readonly FitResult[]): string[] | undefined {
  const targets = fits.map((fit) => fit.target ?? '');
  return new Set(targets).size > 1 ? targets : undefined;
}
