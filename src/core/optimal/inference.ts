/**
 * Inference-aware allocation (Sardana et al. 2024, laws.md §3): for a target loss ℓ and T lifetime
 * inference tokens, minimise training + inference FLOPs f·N·D + 2·N·T subject to L(N, D) = ℓ.
 * Larger T pushes towards smaller models trained on more tokens; T = 0 is the compute optimum.
 */
import { DEFAULT_FLOPS_PER_TOKEN } from './chinchilla';
import { scanMinimise } from '../solve/minimise';

/** Forward-pass FLOPs per parameter per generated/processed inference token. */
export const INFERENCE_FLOPS_PER_PARAM = 2;

/** How far below the compute-optimal size (in ln N) the search reaches: a factor e^20 ≈ 5e8. */
const SEARCH_DECADES_BELOW = 20;

export interface InferenceAllocation {
  N: number;
  D: number;
  trainingFlops: number;
  inferenceFlops: number;
  totalFlops: number;
}

/**
 * @param isoLossTokens D(N) on the iso-loss curve, undefined where N cannot reach the loss.
 * @param computeOptimalN the T = 0 optimum at the same loss; the inference optimum is never larger.
 */
export function inferenceAwareAllocation(
  isoLossTokens: (N: number) => number | undefined,
  computeOptimalN: number,
  inferenceTokens: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): InferenceAllocation {
  const total = (lnN: number) => {
    const N = Math.exp(lnN);
    const D = isoLossTokens(N);
    return D === undefined ? Infinity : flopsPerToken * N * D + INFERENCE_FLOPS_PER_PARAM * N * inferenceTokens;
  };
  const hi = Math.log(computeOptimalN) + 0.5;
  const best = scanMinimise(total, hi - SEARCH_DECADES_BELOW, hi, 241);
  const N = Math.exp(best.x);
  const D = isoLossTokens(N) ?? Number.NaN;
  const trainingFlops = flopsPerToken * N * D;
  const inferenceFlops = INFERENCE_FLOPS_PER_PARAM * N * inferenceTokens;
  return { N, D, trainingFlops, inferenceFlops, totalFlops: trainingFlops + inferenceFlops };
}
