/**
 * Kaplan et al. 2020 allocations (laws.md §2.2, §2.3). Two different analyses live here on purpose:
 * the joint L(N, D) fit implies N ∝ C^(α_D/(α_N+α_D)) ≈ C^0.575, while the paper's published
 * compute-efficient frontier (N ∝ C^0.73) comes from early-stopped L(N, S) runs. They disagree and
 * are shown as separate presets.
 */
import { PF_DAY } from '../laws/kaplanCompute';
import { DEFAULT_FLOPS_PER_TOKEN } from './chinchilla';

/** Parameter names as in the registry's `kaplan-nd` law. */
export interface KaplanNDParams {
  Nc: number;
  Dc: number;
  alphaN: number;
  alphaD: number;
}

/** Optimum of the joint form under C = f·N·D: N = (p·Nc^p·C/(f·Dc))^(1/(1+p)), p = α_N/α_D. */
export function kaplanNDOptimum(
  k: KaplanNDParams,
  C: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): { N: number; D: number } {
  const p = k.alphaN / k.alphaD;
  const N = Math.pow((p * Math.pow(k.Nc, p) * C) / (flopsPerToken * k.Dc), 1 / (1 + p));
  return { N, D: C / (flopsPerToken * N) };
}

/**
 * The published frontier is a pair of exponents (N ∝ C^0.73, D ∝ C^0.27); an absolute size needs
 * an anchor point. The default anchor N = 1.3e9 at 1 PF-day is the coefficient as we recall it from
 * Kaplan et al. Fig. 14 and is UNVERIFIED [U]; results built on it carry a warning and users can move
 * the anchor (params `anchorC`, `anchorN`).
 */
export interface KaplanFrontierParams {
  /** Exponent of N in C (0.73); D's exponent is 1 − this because C = f·N·D. */
  aN: number;
  anchorC: number;
  anchorN: number;
}

export const KAPLAN_FRONTIER_PRESET = {
  id: 'kaplan2020-frontier',
  lawId: 'kaplan-frontier',
  params: { aN: 0.73, anchorC: PF_DAY, anchorN: 1.3e9 } satisfies KaplanFrontierParams,
  source: 'Kaplan et al. 2020 (exponents 0.73 / 0.27, also quoted on Wikipedia); anchor coefficient unverified',
  status: 'U' as const,
  /** The loss that goes with the frontier: Kaplan's L(C_min) preset. */
  lossPresetId: 'kaplan2020-cmin',
};

export function kaplanFrontierAllocation(
  k: KaplanFrontierParams,
  C: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): { N: number; D: number } {
  const N = k.anchorN * Math.pow(C / k.anchorC, k.aN);
  return { N, D: C / (flopsPerToken * N) };
}
