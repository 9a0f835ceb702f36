import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lossEnvelope, powerFitOLS } from '../../src/core/solve/isoflop';
import { numbers, readRows } from './laws-table';

// RR-06: counting embeddings or not moves the envelope's allocation exponent from 0.49 to 0.72.
const rows = readRows('misfitting/scaling_results.csv');

for (const [nColumn, cColumn, points, exponent] of [
  ['N', 'C_6ND', 25, 0.4852],
  ['N_no_emb', 'C_6ND_no_emb', 22, 0.7162],
  ['N', 'C', 25, 0.4852],
  ['N_no_emb', 'C_no_emb', 22, 0.7162],
] as const) {
  test(`RR-06 envelope exponent with ${nColumn} / ${cColumn}`, () => {
    assert.equal(rows.length, 4852);
    const c = numbers(rows, cColumn);
    const n = numbers(rows, nColumn);
    assert.ok(c.some((v) => v > 2 ** 63), 'values above 2^63 parsed as float');
    const envelope = lossEnvelope(c, n, numbers(rows, 'loss'));
    assert.equal(envelope.length, points);
    assert.ok(envelope.every((p) => p.c > 1e17));
    const fit = powerFitOLS(
      envelope.map((p) => p.c),
      envelope.map((p) => p.n),
    );
    assert.ok(Math.abs(fit.a - exponent) <= 1e-3, `a = ${fit.a}, expected ${exponent}`);
  });
}
