/**
 * Closed-form compute-optimal allocation for L = E + A/N^α + B/D^β under C = f·N·D
 * (laws.md §2.1). Plain parameter objects so the calculator, the CLI and tests can use them
 * without a fitted law; f (FLOPs per parameter per token) is 6 unless the user says otherwise.
 */

export interface ChinchillaParams {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

export const DEFAULT_FLOPS_PER_TOKEN = 6;

/** Constants of the optimum: N = G·(C/f)^a, D = (C/f)^b / G, L* = E + K·C^(−γ). */
export interface ChinchillaAllocation {
  G: number;
  a: number;
  b: number;
  gamma: number;
  /** Coefficient of the loss frontier for the given f (K includes f^γ). */
  K: number;
  flopsPerToken: number;
}

export function chinchillaAllocation(p: ChinchillaParams, flopsPerToken = DEFAULT_FLOPS_PER_TOKEN): ChinchillaAllocation {
  const { A, B, alpha, beta } = p;
  const G = Math.pow((alpha * A) / (beta * B), 1 / (alpha + beta));
  const a = beta / (alpha + beta);
  const b = alpha / (alpha + beta);
  const gamma = (alpha * beta) / (alpha + beta);
  const K = (A * Math.pow(G, -alpha) + B * Math.pow(G, beta)) * Math.pow(flopsPerToken, gamma);
  return { G, a, b, gamma, K, flopsPerToken };
}

export interface Allocation {
  N: number;
  D: number;
  loss: number;
}

/** N*, D* and L*(C) at compute C. */
export function chinchillaOptimum(p: ChinchillaParams, C: number, flopsPerToken = DEFAULT_FLOPS_PER_TOKEN): Allocation {
  const k = chinchillaAllocation(p, flopsPerToken);
  const scaled = C / flopsPerToken;
  return {
    N: k.G * Math.pow(scaled, k.a),
    D: Math.pow(scaled, k.b) / k.G,
    loss: p.E + k.K * Math.pow(C, -k.gamma),
  };
}

/** Compute at which the optimal loss reaches ℓ: C = (K/(ℓ − E))^(1/γ); undefined when ℓ ≤ E. */
export function chinchillaComputeForLoss(
  p: ChinchillaParams,
  targetLoss: number,
  flopsPerToken = DEFAULT_FLOPS_PER_TOKEN,
): number | undefined {
  if (!(targetLoss > p.E)) return undefined;
  const k = chinchillaAllocation(p, flopsPerToken);
  return Math.pow(k.K / (targetLoss - p.E), 1 / k.gamma);
}

/**
 * Tokens for which a model of N parameters sits on the compute-optimal frontier:
 * D = G^−(1+b/a)·N^(b/a) (kyo-takano `adjust_D_to_N`). Independent of f.
 */
export function chinchillaFrontierTokens(p: ChinchillaParams, N: number): number {
  const { G, a, b } = chinchillaAllocation(p);
  return Math.pow(G, -(1 + b / a)) * Math.pow(N, b / a);
}

/** Smallest N that can reach loss ℓ with unlimited data: (A/(ℓ − E))^(1/α); undefined when ℓ ≤ E. */
export function chinchillaMinParams(p: ChinchillaParams, targetLoss: number): number | undefined {
  if (!(targetLoss > p.E)) return undefined;
  return Math.pow(p.A / (targetLoss - p.E), 1 / p.alpha);
}

/** D with L(N, D) = ℓ: (B/(ℓ − E − A·N^−α))^(1/β); undefined when N cannot reach ℓ. */
export function chinchillaIsoLossTokens(p: ChinchillaParams, N: number, targetLoss: number): number | undefined {
  const dataTerm = targetLoss - p.E - p.A * Math.pow(N, -p.alpha);
  if (!(dataTerm > 0)) return undefined;
  return Math.pow(p.B / dataTerm, 1 / p.beta);
}

/**
 * Precision law at fixed P bits (laws.md §2.12): Chinchilla in N_eff = N·(1 − e^(−P/γ)), i.e. A′ =
 * A·(1 − e^(−P/γ))^(−α) on the raw parameter count.
 */
export function precisionAsChinchilla(p: ChinchillaParams & { gamma: number }, bits: number): ChinchillaParams {
  const efficiency = 1 - Math.exp(-bits / p.gamma);
  return { E: p.E, A: p.A * Math.pow(efficiency, -p.alpha), B: p.B, alpha: p.alpha, beta: p.beta };
}
