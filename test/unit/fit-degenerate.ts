import { seededRandom } from '../../src/core/solve/random';
import type { LawInputs } from '../../src/core/types';

/**
 * Seeded generator of degenerate run tables (issue 9 item 16): the inputs on which unbounded polishes
 * reported β = −9.74, B = 3.9e−111 or α = −0.198. Every table still passes the engine's own checks
 * (finite, positive sizes and loss, no constant input, enough rows), so whatever a fitter does with
 * it is the fitter's doing.
 */

export const FAMILIES = [
  /** Barely more rows than parameters. */
  'few-rows',
  /** D varies by 0.1 % only: its term cannot be told from E. */
  'near-constant-D',
  /** Loss rises with N and D (negative exponents fit best). */
  'inverted',
  /** Loss is noise, unrelated to the inputs. */
  'noise',
  /** Loss depends on N alone: the D term is absent (B → 0 or β → 0 unbounded). */
  'no-D-term',
  /** D = 20·N on every row: N and D effects are confounded. */
  'collinear',
  /** Sizes up to 1e15 and losses near 1e-3: far from every grid. */
  'extreme-scale',
  /** Three rows repeated: the design has three distinct points. */
  'duplicates',
] as const;

export type Family = (typeof FAMILIES)[number];

export interface DegenerateTable {
  family: Family;
  /** Every input any registered law reads (N, D, C, M, U, P, step, lr) and `x` for one-variable laws. */
  x: Required<Pick<LawInputs, 'N' | 'D' | 'C' | 'M' | 'U' | 'P' | 'step' | 'lr'>>;
  /** Loss-like target (> 0). */
  y: Float64Array;
  /** Error-rate target in (0, 1), for downstream-error (whose x is a loss). */
  error: Float64Array;
}

/** A degenerate table of family `FAMILIES[seed % 8]` with at least `minRows` rows. */
export function degenerateTable(seed: number, minRows: number): DegenerateTable {
  const random = seededRandom(seed);
  const family = FAMILIES[seed % FAMILIES.length];
  const n = family === 'few-rows' ? minRows : Math.max(minRows, 8 + Math.floor(random() * 12));
  const N = new Float64Array(n);
  const D = new Float64Array(n);
  const y = new Float64Array(n);
  const base = Float64Array.from({ length: 3 }, () => random());
  for (let i = 0; i < n; i++) {
    const u = family === 'duplicates' ? base[i % 3] : random();
    const v = family === 'duplicates' ? base[(i + 1) % 3] : random();
    const scale = family === 'extreme-scale' ? 12 : 1;
    N[i] = Math.exp(16 + (6 + scale) * u);
    D[i] = family === 'near-constant-D' ? 1e9 * (1 + 1e-3 * v) : family === 'collinear' ? 20 * N[i] : Math.exp(18 + (6 + scale) * v);
    const noise = 1 + 0.02 * (random() - 0.5);
    switch (family) {
      case 'inverted':
        y[i] = (1.5 + 0.05 * Math.log(N[i]) + 0.03 * Math.log(D[i])) * noise;
        break;
      case 'noise':
        y[i] = 1 + 4 * random();
        break;
      case 'no-D-term':
        y[i] = (1.8 + 400 * Math.pow(N[i], -0.3)) * noise;
        break;
      case 'extreme-scale':
        y[i] = 1e-3 * (1 + 50 * Math.pow(N[i], -0.2)) * noise;
        break;
      default:
        y[i] = (1.7 + 400 * Math.pow(N[i], -0.34) + 400 * Math.pow(D[i], -0.28)) * noise;
    }
  }
  const step = Float64Array.from({ length: n }, (_, i) => 1 + Math.round(((i + 1) * 2000) / n));
  const lr = Float64Array.from(step, (s) => (family === 'near-constant-D' ? 1e-3 : 1e-3 * (0.1 + 0.9 * Math.cos((Math.PI * s) / 4400))));
  const P = Float64Array.from({ length: n }, (_, i) => [4, 8, 16][i % 3]);
  const U = Float64Array.from(D, (d, i) => d / (1 + (i % 4)));
  const error = Float64Array.from(y, (v) => 1 / (1 + Math.exp(-(v - 2.5))));
  return {
    family,
    x: { N, D, C: N.map((v, i) => 6 * v * D[i]), M: D.map((d, i) => d / N[i]), U, P, step, lr },
    y,
    error,
  };
}
