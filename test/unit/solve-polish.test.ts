// The LM polish evaluates the row-wise objectives itself (g(y) taken once): its value must be
// objectiveValue's, for every objective kind, bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { polish } from '../../src/core/solve/levenbergMarquardt';
import { objectiveValue } from '../../src/core/solve/objectives';
import { OBJECTIVES } from '../../src/core/types';

const x = Float64Array.from({ length: 40 }, (_, i) => 1 + i);
const y = Float64Array.from(x, (v, i) => 1.5 + 3 * v ** -0.5 + 0.05 * Math.sin(7 * i));
const model = {
  predict(p: ArrayLike<number>, out: Float64Array) {
    for (let i = 0; i < x.length; i++) out[i] = p[0] + p[1] * x[i] ** -p[2];
  },
  jacobian(p: ArrayLike<number>, out: Float64Array) {
    for (let i = 0; i < x.length; i++) {
      const u = x[i] ** -p[2];
      out.set([1, u, -p[1] * u * Math.log(x[i])], i * 3);
    }
  },
};

test('the polish reports objectiveValue of its end, for every objective kind', () => {
  for (const kind of OBJECTIVES) {
    const r = polish(model, y, [1, 1, 0.3], { objective: kind, delta: 1e-3, free: [true, true, true], lower: [0, 0, 0], upper: [10, 100, 3] });
    const fitted = new Float64Array(x.length);
    model.predict(r.params, fitted);
    assert.ok(r.iterations > 0, `${kind}: the polish moved`);
    assert.equal(r.value, objectiveValue(kind, fitted, y, 1e-3), kind);
  }
});
