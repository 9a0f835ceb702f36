import { brentMinimise } from './minimise';

/**
 * One-dimensional global-then-local minimisation for the nonlinear parameter of separable laws:
 * scan a law-specific (uneven) grid, then Brent's method between the best point's neighbours.
 */

export interface Minimum1d {
  x: number;
  value: number;
}

/** Grid scan over sorted `grid`, then Brent refinement in the bracket around the best grid point. */
export function minimiseOnGrid(f: (x: number) => number, grid: readonly number[], tolerance = 1e-12): Minimum1d {
  let bestIdx = -1;
  let bestValue = Infinity;
  const values = grid.map((x) => f(x));
  values.forEach((v, i) => {
    if (v < bestValue) {
      bestValue = v;
      bestIdx = i;
    }
  });
  if (bestIdx < 0) return { x: grid[0], value: Infinity };
  const lo = grid[Math.max(0, bestIdx - 1)];
  const hi = grid[Math.min(grid.length - 1, bestIdx + 1)];
  const refined = brentMinimise(f, lo, hi, tolerance);
  const better = refined.value <= bestValue;
  return { x: better ? refined.x : grid[bestIdx], value: better ? refined.value : bestValue };
}
