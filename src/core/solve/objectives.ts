import type { ObjectiveKind } from '../types';
import { huberMleProfile } from './huberMle';

/** Default Huber threshold (Hoffmann et al.; Besiroglu et al.). */
export const DEFAULT_DELTA = 1e-3;

/** Over-prediction weight of the asymmetric (lower-envelope) objective (kyo-takano). */
export const ASYMMETRIC_WEIGHT = 10;

export function huber(r: number, delta: number): number {
  const a = Math.abs(r);
  return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
}

/** Whether the objective works on log residuals (then ŷ and y must be positive). */
export function isLogObjective(kind: ObjectiveKind): boolean {
  return kind === 'huber-log' || kind === 'mse-log' || kind === 'huber-mle';
}

/** Whether the objective is a Huber loss (its δ is reported with the value). */
export function isHuberObjective(kind: ObjectiveKind): boolean {
  return kind === 'huber' || kind === 'huber-log' || kind === 'huber-mle';
}

/** ln ŷᵢ − ln yᵢ. */
export function logResiduals(predicted: ArrayLike<number>, observed: ArrayLike<number>): Float64Array {
  return Float64Array.from(observed, (y, i) => Math.log(predicted[i]) - Math.log(y));
}

/**
 * The objective exactly as laws.md §4 defines it — sums, except `asymmetric`, which is a mean, and
 * `huber-mle`, the negative log-likelihood at the best scale σ — so reported values compare with
 * published numbers.
 */
export function objectiveValue(
  kind: ObjectiveKind,
  predicted: ArrayLike<number>,
  observed: ArrayLike<number>,
  delta = DEFAULT_DELTA,
): number {
  if (kind === 'huber-mle') {
    const { nll } = huberMleProfile(logResiduals(predicted, observed), delta);
    return Number.isFinite(nll) ? nll : Infinity;
  }
  const n = observed.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const yHat = predicted[i];
    const y = observed[i];
    switch (kind) {
      case 'huber-log':
        total += huber(Math.log(yHat) - Math.log(y), delta);
        break;
      case 'mse-log': {
        const r = Math.log(yHat) - Math.log(y);
        total += r * r;
        break;
      }
      case 'mse':
        total += (yHat - y) * (yHat - y);
        break;
      case 'huber':
        total += huber(yHat - y, delta);
        break;
      case 'mse-log1p': {
        const r = Math.log1p(yHat) - Math.log1p(y);
        total += r * r;
        break;
      }
      case 'asymmetric': {
        const e = y - yHat;
        total += e >= 0 ? e : ASYMMETRIC_WEIGHT * -e;
        break;
      }
    }
  }
  const value = kind === 'asymmetric' ? total / n : total;
  return Number.isFinite(value) ? value : Infinity;
}
