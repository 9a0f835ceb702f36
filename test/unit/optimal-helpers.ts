import assert from 'node:assert/strict';

/** |actual − expected| / |expected| ≤ tol, with both numbers in the message. */
export function assertRel(actual: number, expected: number, tol: number, what = ''): void {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (relative error ${rel.toExponential(2)} > ${tol})`);
}
