/**
 * Allocations at a fixed tokens-per-parameter ratio M = D/N: N = sqrt(C/(f·M)), D = M·N.
 * Used for the user's own ratio, the 20-tokens/param rule of thumb and the shared-exponent
 * (over-training) optimum, whose optimal ratio is constant.
 */
import { DEFAULT_FLOPS_PER_TOKEN } from './chinchilla';

/** The rule of thumb popularised by Hoffmann et al. 2022, shown next to every plan for comparison. */
export const RULE_OF_THUMB_TOKENS_PER_PARAM = 20;

export function fixedRatioAllocation(
  C: number,
  tokensPerParam: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): { N: number; D: number } {
  const N = Math.sqrt(C / (flopsPerToken * tokensPerParam));
  return { N, D: tokensPerParam * N };
}

/**
 * Gadre et al. 2024 shared-exponent law L = E + A·N^−α + B·(M·N)^−α: the compute-optimal ratio is
 * M* = (B/A)^(1/α) at every budget. laws.md §2.7: fitted on a handful of small models and designed
 * to extrapolate in M, not to choose it — callers must present it with a caveat, not as advice.
 */
export function overTrainingOptimalRatio(p: { A: number; B: number; alpha: number }): number {
  return Math.pow(p.B / p.A, 1 / p.alpha);
}
