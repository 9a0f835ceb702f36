// CLI acceptance: the built `dist/cli.js optimal` prints RR-11 values as JSON and readable tables.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { PlanResult } from '../../src/core/optimal/types';
import { assertRel } from './optimal-helpers';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli.js');

function optimal(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'optimal', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function optimalJson(...args: string[]): PlanResult {
  const r = optimal(...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PlanResult;
}

describe('scaling-laws optimal (built CLI)', () => {
  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
  });

  it('--law hoffmann2022-rounded --compute 5.76e23 --json', () => {
    const r = optimalJson('--law', 'hoffmann2022-rounded', '--compute', '5.76e23');
    assertRel(r.N, 3.21899e10, 1e-4, 'N');
    assertRel(r.D, 2.98231e12, 1e-4, 'D');
    assertRel(r.tokensPerParam, 92.647, 1e-4, 'D/N');
    assertRel(r.loss, 1.93075, 1e-4, 'L');
    assert.equal(r.method, 'closed-form');
  });

  it('--law besiroglu2024 --compute 5.76e23 --json', () => {
    const r = optimalJson('--law', 'besiroglu2024', '--compute', '5.76e23');
    assertRel(r.N, 7.23527e10, 1e-4, 'N');
    assertRel(r.D, 1.32683e12, 1e-4, 'D');
    assertRel(r.loss, 1.97397, 1e-4, 'L');
  });

  it('GPU-hours budget, suffixed numbers, inference tokens and target loss', () => {
    const hours = optimalJson('--law', 'hoffmann2022-rounded', '--gpu-hours', '1M', '--gpu', 'H100', '--mfu', '0.5', '--price', '2.5');
    assertRel(hours.flops, 1e6 * 989e12 * 0.5 * 3600, 1e-12, 'C');
    assertRel(hours.cost ?? 0, 2.5e6, 1e-12, 'cost');
    const inf = optimalJson('--law', 'hoffmann2022-rounded', '--compute', '5.76e23', '--inference-tokens', '10T');
    assertRel(inf.N, 1.742e10, 1e-3, 'N');
    assertRel(inf.inference?.totalFlops ?? 0, 1.013e24, 1e-3, 'total');
    const target = optimalJson('--law', 'hoffmann2022-rounded', '--target-loss', '2.0');
    assertRel(target.flops, 1.110059e23, 1e-4, 'C');
  });

  it('--fit FIT.json uses the fit and warns outside its range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optimal-'));
    try {
      const fit = join(dir, 'fit.json');
      const params = { E: 1.81722, A: 477.83, B: 2143.42, alpha: 0.34731, beta: 0.36717 };
      writeFileSync(fit, JSON.stringify({ law: { id: 'chinchilla', formula: '' }, params, range: { N: [7e7, 1.6e10], D: [5e9, 5e11] } }));
      const r = optimalJson('--fit', fit, '--compute', '1e24');
      assert.ok(r.warnings.some((w) => w.code === 'extrapolation'));
      writeFileSync(fit, '{"not": "a fit"}');
      assert.equal(optimal('--fit', fit, '--compute', '1e24').status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('human output is a table with the rule-of-thumb column; bad usage exits 2', () => {
    const r = optimal('--law', 'hoffmann2022-rounded', '--gpus', '1024', '--days', '30', '--gpu', 'a100');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /compute-optimal\s+20 tokens\/param/);
    assert.match(r.stdout, /wall-clock days\s+30\s+30/);
    for (const args of [
      ['--compute', '1e23'],
      ['--law', 'hoffmann2022-rounded'],
      ['--law', 'hoffmann2022-rounded', '--compute', 'lots'],
      ['--law', 'nope', '--compute', '1e23'],
      ['--law', 'hoffmann2022-rounded', '--target-loss', '1.5'],
    ]) {
      const bad = optimal(...args);
      assert.equal(bad.status, 2, `${args.join(' ')} → ${bad.status}: ${bad.stderr}`);
      assert.notEqual(bad.stderr, '');
    }
  });
});
