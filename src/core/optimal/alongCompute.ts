import { argMin } from '../solve/minimise';

/** Loss of a fit at parallel (N, D) vectors. */
export type LossAtND = (N: Float64Array, D: Float64Array) => Float64Array;

export interface OptimaAlongCompute {
  N: Float64Array;
  D: Float64Array;
  loss: Float64Array;
}

// Search N over ±3 decades around √(C/6), i.e. 1e-6…1e6 tokens per parameter, then refine.
const GRID_DECADES = 3;
const GRID_POINTS = 61;
const REFINE_STEPS = 32;
const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * For each budget C, the N minimising the fit's own loss along C = 6ND (and D = C/(6N)). Works for
 * any law reading N and D — closed forms exist only for some, and the plot must agree with whatever
 * the fit predicts. A budget whose minimum lies on the search edge (no interior optimum) gets NaN.
 * All budgets are searched together so each step is one vectorised prediction call.
 * (`numericOptimum` in numeric.ts answers one budget with a scalar predict; charts need hundreds.)
 */
export function optimaAlongCompute(lossAt: LossAtND, budgets: ArrayLike<number>): OptimaAlongCompute {
  const m = budgets.length;
  const N = new Float64Array(m * GRID_POINTS);
  const D = new Float64Array(m * GRID_POINTS);
  const step = (2 * GRID_DECADES * Math.LN10) / (GRID_POINTS - 1);
  for (let j = 0; j < m; j++) {
    const lnCentre = 0.5 * Math.log(budgets[j] / 6) - GRID_DECADES * Math.LN10;
    for (let k = 0; k < GRID_POINTS; k++) {
      const n = Math.exp(lnCentre + k * step);
      N[j * GRID_POINTS + k] = n;
      D[j * GRID_POINTS + k] = budgets[j] / (6 * n);
    }
  }
  const grid = lossAt(N, D);
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const interior = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const k = argMin(grid.subarray(j * GRID_POINTS, (j + 1) * GRID_POINTS));
    interior[j] = k > 0 && k < GRID_POINTS - 1 ? 1 : 0;
    const centre = Math.log(N[j * GRID_POINTS + Math.max(0, k)]);
    lo[j] = centre - step;
    hi[j] = centre + step;
  }
  const evaluate = (lnN: Float64Array): Float64Array => {
    const n = lnN.map(Math.exp);
    return lossAt(
      n,
      n.map((v, j) => budgets[j] / (6 * v)),
    );
  };
  for (let s = 0; s < REFINE_STEPS; s++) {
    const c = lo.map((a, j) => hi[j] - INV_PHI * (hi[j] - a));
    const d = lo.map((a, j) => a + INV_PHI * (hi[j] - a));
    const fc = evaluate(c);
    const fd = evaluate(d);
    for (let j = 0; j < m; j++) {
      if (fc[j] < fd[j]) hi[j] = d[j];
      else lo[j] = c[j];
    }
  }
  const best = lo.map((a, j) => Math.exp((a + hi[j]) / 2));
  const loss = lossAt(
    best,
    best.map((n, j) => budgets[j] / (6 * n)),
  );
  const result: OptimaAlongCompute = { N: best, D: best.map((n, j) => budgets[j] / (6 * n)), loss };
  for (let j = 0; j < m; j++) {
    if (!interior[j] || !Number.isFinite(loss[j])) result.N[j] = result.D[j] = result.loss[j] = NaN;
  }
  return result;
}
