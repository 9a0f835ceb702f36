/**
 * Compute-optimal allocation for any law of N and D, given only L(N, D): minimise
 * L(N, C/(f·N)) over ln N, and invert the resulting frontier for a target loss. Used for laws
 * without a closed form (data-constrained, custom formulas, fits of unusual shape).
 */
import { DEFAULT_FLOPS_PER_TOKEN, type Allocation } from './chinchilla';
import { bisectRoot, scanMinimise } from '../solve/minimise';

export type LossOfND = (N: number, D: number) => number;

/** Tokens-per-parameter window searched: wide enough for any sensible law, narrow enough to scan. */
const MIN_TOKENS_PER_PARAM = 1e-6;
const MAX_TOKENS_PER_PARAM = 1e8;

/** Compute range searched when inverting the frontier (FLOPs). */
const MIN_COMPUTE = 1e6;
const MAX_COMPUTE = 1e40;

/** Largest token count tried when solving L(N, D) = ℓ for D. */
const MAX_TOKENS = 1e40;

export interface NumericAllocation extends Allocation {
  /** The optimum sits at the edge of the searched ratio window (the law may have no interior optimum). */
  atBound: boolean;
}

export function numericOptimum(loss: LossOfND, C: number, flopsPerToken = DEFAULT_FLOPS_PER_TOKEN): NumericAllocation {
  const scaled = C / flopsPerToken;
  const lnNOf = (ratio: number) => 0.5 * Math.log(scaled / ratio);
  const objective = (lnN: number) => {
    const N = Math.exp(lnN);
    return loss(N, scaled / N);
  };
  const best = scanMinimise(objective, lnNOf(MAX_TOKENS_PER_PARAM), lnNOf(MIN_TOKENS_PER_PARAM));
  const N = Math.exp(best.x);
  return { N, D: scaled / N, loss: best.value, atBound: best.atBound };
}

/**
 * Compute at which the numeric optimal loss reaches ℓ (bisection on ln C; L*(C) decreases with C).
 * Undefined when ℓ is not reached within [1e6, 1e40] FLOPs.
 */
export function numericComputeForLoss(
  loss: LossOfND,
  targetLoss: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): number | undefined {
  const gap = (lnC: number) => numericOptimum(loss, Math.exp(lnC), flopsPerToken).loss - targetLoss;
  const lnC = bisectRoot(gap, Math.log(MIN_COMPUTE), Math.log(MAX_COMPUTE));
  return lnC === undefined ? undefined : Math.exp(lnC);
}

/** D with L(N, D) = ℓ, solved on ln D (L decreases in D); undefined when N cannot reach ℓ. */
export function numericIsoLossTokens(loss: LossOfND, N: number, targetLoss: number): number | undefined {
  const lnD = bisectRoot((x) => loss(N, Math.exp(x)) - targetLoss, 0, Math.log(MAX_TOKENS));
  return lnD === undefined ? undefined : Math.exp(lnD);
}
