// Issue 9 item 21: `optimal --fit FIT.json` plans with a custom-formula fit (its formula travels in law.formula).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/cli/commands/optimal';
import { fitTable } from '../../src/core/fit';
import { planRun } from '../../src/core/optimal/plan';
import { planOfFit } from '../../src/core/optimal/planOfFit';
import type { PlanResult } from '../../src/core/optimal/types';
import { readRunLog } from '../../src/core/runlog';
import { runCaptured } from './cli-capture';

const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
const lines = ['params,tokens,loss'];
for (const n of [1e8, 4e8, 1.6e9, 6.4e9]) {
  for (const d of [2e9, 1e10, 5e10, 2.5e11]) lines.push(`${n},${d},${truth.E + truth.A * n ** -truth.alpha + truth.B * d ** -truth.beta}`);
}
const runs = readRunLog(lines.join('\n'), { fileName: 'grid.csv' });
const customFit = fitTable(runs, { law: 'E + A/N^alpha + B/D^beta; alpha in [0, 1]' });

function rel(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) < 1e-6, `${what}: ${actual} vs ${expected}`);
}


test('issue 9 item 21: a custom Chinchilla-shaped fit plans the same N*, D* as chinchilla with its constants', () => {
  assert.equal(customFit.law.id, 'custom');
  const { law, fittedRange } = planOfFit(JSON.parse(JSON.stringify(customFit)));
  assert.equal(law.formula, customFit.law.formula);
  assert.deepEqual(fittedRange.N, customFit.range.N);
  for (const C of [1e21, 5.76e23, 1e26]) {
    const custom = planRun({ law, mode: 'compute-optimal', budget: { flops: C } });
    const chinchilla = planRun({ law: { id: 'chinchilla', params: customFit.params }, mode: 'compute-optimal', budget: { flops: C } });
    rel(custom.N, chinchilla.N, `N* at C = ${C}`);
    rel(custom.D, chinchilla.D, `D* at C = ${C}`);
    rel(custom.loss, chinchilla.loss, `L* at C = ${C}`);
  }
});

test('issue 9 item 21: optimal --fit reads the JSON of a custom-formula fit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'optimal-custom-'));
  try {
    const file = join(dir, 'fit.json');
    writeFileSync(file, JSON.stringify(customFit, null, 2));
    const { code, stdout } = await runCaptured(run, ['--fit', file, '--compute', '5.76e23', '--json']);
    assert.equal(code, 0);
    const plan = JSON.parse(stdout) as PlanResult;
    const chinchilla = planRun({ law: { id: 'chinchilla', params: customFit.params }, mode: 'compute-optimal', budget: { flops: 5.76e23 } });
    assert.equal(plan.law.id, 'custom');
    rel(plan.N, chinchilla.N, 'N*');
    rel(plan.D, chinchilla.D, 'D*');
    // Without its formula a custom fit is a clear error, not "unknown law".
    const { law: _law, ...rest } = customFit;
    writeFileSync(file, JSON.stringify({ ...rest, law: { id: 'custom' } }));
    await assert.rejects(runCaptured(run, ['--fit', file, '--compute', '5.76e23']), /custom law needs its formula/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
