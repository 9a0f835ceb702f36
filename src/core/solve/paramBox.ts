import type { ParamSpec } from '../law';

/**
 * The range each parameter of a law may take, in natural units: the request's bounds where it gives
 * them, else the law's declared ones. One definition for every fitter (multi-start, the law solvers,
 * Chinchilla's variable projection) and for the engine's final check, so "within bounds" means the
 * same thing wherever it is asked.
 */
export interface ParamBox {
  lower: Float64Array;
  upper: Float64Array;
}

export function paramBox(specs: readonly ParamSpec[], bounds: Readonly<Record<string, readonly [number, number]>> = {}): ParamBox {
  return {
    lower: Float64Array.from(specs, (spec) => bounds[spec.name]?.[0] ?? spec.lower ?? -Infinity),
    upper: Float64Array.from(specs, (spec) => bounds[spec.name]?.[1] ?? spec.upper ?? Infinity),
  };
}

export function clampValue(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * `p` projected onto the box (a copy). Fitters end with this: a polish that steps in ln(value) meets
 * a bound only to within an ulp of exp(ln(bound)), and a reported value must not sit an ulp outside.
 */
export function clampToBox(p: ArrayLike<number>, box: ParamBox): Float64Array {
  return Float64Array.from(p, (v, j) => clampValue(v, box.lower[j], box.upper[j]));
}

export function inBox(p: ArrayLike<number>, box: ParamBox): boolean {
  for (let j = 0; j < p.length; j++) if (!(p[j] >= box.lower[j] && p[j] <= box.upper[j])) return false;
  return true;
}

/** "name = value (allowed lo … hi)" for every parameter outside the box, skipping `skip` (held values). */
export function boxViolations(specs: readonly ParamSpec[], p: ArrayLike<number>, box: ParamBox, skip: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  specs.forEach((spec, j) => {
    if (skip.has(spec.name) || (p[j] >= box.lower[j] && p[j] <= box.upper[j])) return;
    out.push(`${spec.name} = ${p[j]} (allowed ${box.lower[j]} … ${box.upper[j]})`);
  });
  return out;
}
