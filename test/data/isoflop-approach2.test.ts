import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approach1, approach2 } from '../../src/core/solve/isoflop';
import { readRows } from './laws-table';
import { minOf } from '../../src/core/arrays';

// RR-10: Approach 2 on real IsoFLOP curves, with and without the QC filter.
const EXPECTED: Array<[string, string, number, number, number, number]> = [
  ['marin_202603', 'comma', 6, 0.4264, 7, 0.4049],
  ['marin_202603', 'dclm', 6, 0.4317, 7, 0.4236],
  ['marin_202603', 'nemotron', 6, 0.4443, 7, 0.4224],
  ['ml_scalefit', 'massivetext', 7, 0.5415, 8, 0.5105],
  ['epochai_chinchilla', 'massivetext', 7, 0.5414, 8, 0.492],
];

const rows = readRows('open-athena-isoflops/isoflops.csv');

function points(source: string, dataset: string, qcOnly: boolean) {
  return rows
    .filter((r) => r.source === source && r.dataset === dataset && (!qcOnly || r.outlier === 'False'))
    .map((r) => ({ budget: Number(r.budget), n: Number(r.params), loss: Number(r.loss) }));
}

for (const [source, dataset, qcBudgets, qcA, allBudgets, allA] of EXPECTED) {
  test(`RR-10 Approach 2 ${source}/${dataset}`, () => {
    for (const [qc, budgets, a] of [
      [true, qcBudgets, qcA],
      [false, allBudgets, allA],
    ] as const) {
      const fit = approach2(points(source, dataset, qc));
      const used = fit.budgets.filter((b) => b.nStar !== undefined);
      assert.equal(used.length, budgets, `${qc ? 'QC' : 'all'} budgets`);
      assert.ok(Math.abs(fit.a - a) <= 1e-3, `${qc ? 'QC' : 'all'} a = ${fit.a}, expected ${a}`);
      assert.ok(fit.budgets.filter((b) => b.refused).every((b) => b.refused && b.refused.length > 10));
      assert.deepEqual(
        fit.warnings.map((w) => w.code),
        ['approach2-bias'],
      );
    }
  });
}

test('Approach 1 picks the min-loss run per budget', () => {
  const pts = points('ml_scalefit', 'massivetext', true);
  const fit = approach1(pts);
  for (const b of fit.budgets) {
    const inBudget = pts.filter((p) => p.budget === b.budget);
    assert.equal(b.lossStar, minOf(inBudget.map((p) => p.loss)));
  }
  // Approach 1 and 2 agree on the direction of scaling on clean curves.
  assert.ok(Math.abs(fit.a - approach2(pts).a) < 0.1, `a1 = ${fit.a}`);
});
