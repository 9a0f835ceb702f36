import type { ParamSpec } from '../law';
import type { LawOption } from '../lawOptions';

/**
 * Chinchilla's parameters and their declared bounds, in a module of their own so the law
 * (chinchilla.ts) and its variable-projection fitter (chinchillaFit.ts, which keeps its polish
 * inside these bounds) share one definition without importing each other.
 */

/** Hoffmann's grid values (laws.md §2.1) in the law's natural parameters. */
const E_GRID = [-1, -0.5, 0, 0.5, 1].map(Math.exp);
const AB_GRID = [0, 5, 10, 15, 20, 25].map(Math.exp);
const EXPONENT_GRID = [0, 0.5, 1, 1.5, 2];

/** E, A, B, alpha, beta — in this order everywhere (predict's `p`). */
export const CHINCHILLA_PARAMS: ParamSpec[] = [
  { name: 'E', description: 'irreducible loss', lower: Math.exp(-3), upper: Math.exp(2), grid: E_GRID, logScale: true },
  { name: 'A', description: 'model-size coefficient', lower: Math.exp(-5), upper: Math.exp(30), grid: AB_GRID, logScale: true },
  { name: 'B', description: 'data coefficient', lower: Math.exp(-5), upper: Math.exp(30), grid: AB_GRID, logScale: true },
  { name: 'alpha', description: 'model-size exponent', lower: 0, upper: 2, grid: EXPONENT_GRID },
  { name: 'beta', description: 'data exponent', lower: 0, upper: 2, grid: EXPONENT_GRID },
];

/** Options of the laws fitted by variable projection (chinchilla, precision). */
export const CHINCHILLA_OPTIONS: LawOption[] = [
  { name: 'normalisation', kind: 'choice', choices: ['sum', 'mean'], description: 'objective summed over rows (default) or averaged (ml-scalefit)' },
  { name: 'search', kind: 'choice', choices: ['basins', 'grid'], description: 'polish the best basins of the projected grid (default) or start from every grid point (Hoffmann)' },
];
