/**
 * Muennighoff et al. 2023 data-constrained allocation as in their README (laws.md §2.9): starting
 * from (N, D) at fixed compute, try D·i with N/i and D/i with N·i for i ∈ linspace(1.0001, 3, 500)
 * and keep the lowest predicted loss. Reproduces the published example exactly; for a full
 * iso-compute search use `numericOptimum` with U bound.
 */

export type LossOfNDU = (N: number, D: number, U: number) => number;

export interface DataConstrainedAllocation {
  N: number;
  D: number;
  loss: number;
  /** D/U. */
  epochs: number;
}

const GRID_POINTS = 500;
const GRID_LO = 1.0001;
const GRID_HI = 3;

export function muennighoffGridSearch(loss: LossOfNDU, N: number, D: number, U: number): DataConstrainedAllocation {
  let best = { N, D, loss: loss(N, D, U) };
  const consider = (n: number, d: number) => {
    const value = loss(n, d, U);
    if (Number.isFinite(value) && value < best.loss) best = { N: n, D: d, loss: value };
  };
  for (let k = 0; k < GRID_POINTS; k++) {
    const i = GRID_LO + ((GRID_HI - GRID_LO) * k) / (GRID_POINTS - 1);
    consider(N / i, D * i);
    consider(N * i, D / i);
  }
  return { ...best, epochs: best.D / U };
}
