import assert from 'node:assert/strict';
import { DEFAULT_DELTA } from '../../src/core/solve/objectives';
import type { Law, LawFitContext, LawFitOutcome } from '../../src/core/law';
import { lawParams } from '../../src/core/law';
import type { LawInputs } from '../../src/core/types';

/** A fit context with the law's defaults, overridable per test. */
export function fitContext(law: Law, x: LawInputs, y: Float64Array, over: Partial<LawFitContext> = {}): LawFitContext {
  return {
    x,
    y,
    objective: law.defaultObjective,
    delta: DEFAULT_DELTA,
    fixed: {},
    bounds: {},
    init: {},
    options: {},
    ...over,
  };
}

export function runFit(law: Law, x: LawInputs, y: Float64Array, over: Partial<LawFitContext> = {}): Record<string, number> & { value: number } {
  assert.ok(law.fit, `${law.id} has a fit hook`);
  const ctx = fitContext(law, x, y, over);
  const outcome: LawFitOutcome = law.fit(ctx);
  const names = lawParams(law, ctx.options).map((p) => p.name);
  assert.equal(outcome.params.length, names.length);
  const out: Record<string, number> = { value: outcome.value };
  names.forEach((name, j) => (out[name] = outcome.params[j]));
  return out as Record<string, number> & { value: number };
}

export function predictWith(law: Law, p: ArrayLike<number>, x: LawInputs): Float64Array {
  const n = Object.values(x)[0]?.length ?? 0;
  const out = new Float64Array(n);
  law.predict(p, x, out);
  return out;
}

export function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (rel ${rel.toExponential(2)} > ${tol})`);
}

/** Analytic jacobian vs central finite differences at `p`. */
export function assertJacobian(law: Law, p: number[], x: LawInputs, tol = 1e-6): void {
  assert.ok(law.jacobian, `${law.id} has a jacobian`);
  const n = Object.values(x)[0]?.length ?? 0;
  const k = p.length;
  const jac = new Float64Array(n * k);
  law.jacobian(p, x, jac);
  for (let j = 0; j < k; j++) {
    const h = 1e-5 * Math.max(Math.abs(p[j]), 1e-2);
    const up = predictWith(law, p.map((v, m) => (m === j ? v + h : v)), x);
    const down = predictWith(law, p.map((v, m) => (m === j ? v - h : v)), x);
    for (let i = 0; i < n; i++) {
      const fd = (up[i] - down[i]) / (2 * h);
      const analytic = jac[i * k + j];
      const scale = Math.max(Math.abs(fd), Math.abs(analytic), 1e-8);
      // Central differences lose ~1e-16·|ŷ|/h to rounding; allow that on top of `tol`.
      const rounding = (1e-14 * Math.max(Math.abs(up[i]), Math.abs(down[i]))) / h;
      assert.ok(Math.abs(fd - analytic) <= tol * scale + rounding, `${law.id} ∂ŷ${i}/∂p${j}: analytic ${analytic} vs fd ${fd}`);
    }
  }
}
