import assert from 'node:assert/strict';
import { test } from 'node:test';
import { powerFitOLS } from '../../src/core/solve/isoflop';
import { numbers, readRows } from './laws-table';

// RR-05: Porian et al. allocation exponents, basic and 1/σ²-weighted OLS of ln n on ln flops.
const EXPECTED: Array<[string, number, number, number]> = [
  ['rw base long kaplan kaplan train', 11, 0.8338, 0.8353],
  ['rw base long kaplan standard val', 11, 0.7009, 0.7065],
  ['rw base short kaplan standard val', 12, 0.6035, 0.602],
  ['rw base short chinchilla standard val', 12, 0.5714, 0.5715],
  ['rw tuned short const standard val', 12, 0.497, 0.4969],
  ['rw base long kaplan attention train', 10, 0.7159, 0.7171],
  ['rw base short kaplan attention train', 12, 0.624, 0.6223],
  ['rw base short chinchilla attention train', 12, 0.5778, 0.5772],
  ['rw tuned short const attention train', 12, 0.5041, 0.5053],
  ['rw tuned long const kaplan train', 11, 0.7081, 0.7115],
  ['owt2 base long kaplan kaplan train', 11, 0.87, 0.8635],
  ['owt2 base long kaplan standard val', 11, 0.7, 0.6985],
  ['owt2 base short kaplan standard val', 12, 0.6016, 0.6032],
  ['owt2 base short chinchilla standard val', 12, 0.5689, 0.5743],
  ['owt2 tuned short const standard val', 12, 0.5184, 0.5185],
];

const KEY = ['dataset', 'hparams', 'warmup', 'decay', 'param_count', 'loss_split'];

test('RR-05 Porian exponents: basic and weighted power fits', () => {
  const rows = readRows('porian/isoflop_optimal_pairs.csv').filter((r) => Number.isFinite(r.n));
  assert.equal(rows.length, 173);
  const published = readRows('porian/fit_results.csv');
  for (const [key, count, basic, weighted] of EXPECTED) {
    const group = rows.filter((r) => KEY.map((k) => r[k]).join(' ') === key);
    assert.equal(group.length, count, key);
    const flops = numbers(group, 'flops');
    const n = numbers(group, 'n');
    const sigma = numbers(group, 'n_star_std');
    const fitBasic = powerFitOLS(flops, n);
    const fitWeighted = powerFitOLS(flops, n, sigma.map((s) => 1 / (s * s)));
    assert.ok(Math.abs(fitBasic.a - basic) <= 1e-4, `${key} basic ${fitBasic.a} vs ${basic}`);
    assert.ok(Math.abs(fitWeighted.a - weighted) <= 1e-4, `${key} weighted ${fitWeighted.a} vs ${weighted}`);
    for (const [kind, fit] of [
      ['basic', fitBasic],
      ['weighted', fitWeighted],
    ] as const) {
      const row = published.find((r) => KEY.map((k) => r[k]).join(' ') === key && r.fit === kind);
      assert.ok(row, `${key} ${kind} in fit_results.csv`);
      assert.ok(Math.abs(fit.a - Number(row.n_exponent)) <= 1e-9, `${key} ${kind} vs published ${row.n_exponent}`);
      assert.ok(Math.abs(fit.k / Number(row.n_coef) - 1) <= 1e-6, `${key} ${kind} coef`);
    }
  }
});
