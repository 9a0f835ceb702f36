// Engine plumbing on small inline run logs: cancellation, progress, predictions, presets and formulas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable, predictTable, predictWith } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { CancelledError } from '../../src/core/types';

// Exact rounded-Chinchilla losses on a 4×4 grid plus one planned run (empty loss).
const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const lines = ['params,tokens,loss'];
for (const n of [1e8, 4e8, 1.6e9, 6.4e9]) {
  for (const d of [2e9, 1e10, 5e10, 2.5e11]) lines.push(`${n},${d},${truth.E + truth.A * n ** -truth.alpha + truth.B * d ** -truth.beta}`);
}
lines.push('7e10,1.4e12,');
const runs = readRunLog(lines.join('\n'), { fileName: 'grid.csv' });

describe('fit engine', () => {
  it('recovers the law, predicts planned rows and single points', () => {
    const fit = fitTable(runs, { law: 'chinchilla' });
    assert.equal(fit.n, 16);
    for (const [name, value] of Object.entries(truth)) assert.ok(Math.abs(fit.params[name] / value - 1) < 1e-6, name);
    const predicted = predictTable(fit, runs);
    const expected = truth.E + truth.A * 7e10 ** -truth.alpha + truth.B * 1.4e12 ** -truth.beta;
    assert.ok(Math.abs(predicted[16] - expected) < 1e-6);
    assert.ok(Math.abs(predictWith(fit, { N: 7e10, D: 1.4e12 }) - expected) < 1e-6);
    assert.ok(Math.abs(predictWith(fit, { N: 7e10, C: 6 * 7e10 * 1.4e12 }) - expected) < 1e-6, 'D derived from C/(6N)');
    assert.ok(Number.isNaN(predictWith(fit, { N: 7e10 })), 'missing D → NaN, not a throw');
  });

  it('a custom formula fits and predicts like the built-in law', () => {
    const fit = fitTable(runs, { law: 'E + A/N^alpha + B/D^beta' });
    assert.equal(fit.law.id, 'custom');
    assert.ok(Math.abs(fit.params.alpha - truth.alpha) < 1e-4, `alpha ${fit.params.alpha}`);
    assert.ok(fit.starts.grid! >= 256, 'quasi-random multi-start, screened');
    assert.ok(Math.abs(predictWith(fit, { N: 1e9, D: 2e10 }) - (truth.E + truth.A * 1e9 ** -truth.alpha + truth.B * 2e10 ** -truth.beta)) < 1e-4);
  });

  it('reports progress and honours cancellation', () => {
    const fractions: number[] = [];
    fitTable(runs, { law: 'chinchilla' }, { progress: { report: (f) => fractions.push(f) } });
    assert.ok(fractions.length > 0 && fractions.every((f) => f >= 0 && f <= 1));
    assert.throws(() => fitTable(runs, { law: 'chinchilla' }, { signal: { cancelled: true } }), CancelledError);
    let calls = 0;
    const signal = { get cancelled() { return ++calls > 3; } };
    assert.throws(() => fitTable(runs, { law: 'chinchilla', bootstrap: 100 }, { signal }), CancelledError);
  });

  it('fixed parameters stay fixed; a preset id starts from its values', () => {
    const fit = fitTable(runs, { law: 'chinchilla', fixed: { E: 1.69 } });
    assert.equal(fit.params.E, 1.69);
    assert.ok(Math.abs(fit.params.alpha - truth.alpha) < 1e-6);
    const fromPreset = fitTable(runs, { law: 'hoffmann2022-rounded' });
    assert.equal(fromPreset.law.id, 'chinchilla');
    assert.ok(Math.abs(fromPreset.params.beta - truth.beta) < 1e-6);
  });
});
