// The built CLI: `fit --json` acceptance on Epoch-240, human output, compare, laws, exit codes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import type { FitResult } from '../../src/core/types';
import { dataFile } from '../dataPath';
import { EPOCH, EPOCH_240, near } from './fit-helpers';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli.js');

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

describe('scaling-laws fit / compare / laws (built CLI)', () => {
  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
  });

  it('fit Epoch-240 --law chinchilla --json (acceptance)', () => {
    const r = run('fit', dataFile(EPOCH), '--law', 'chinchilla', '--where', EPOCH_240, '--json');
    assert.equal(r.status, 0, r.stderr);
    const fit = JSON.parse(r.stdout) as FitResult;
    assert.equal(fit.n, 240);
    near(fit.params.alpha, 0.347, 0.001, 'alpha');
    near(fit.params.beta, 0.367, 0.001, 'beta');
    near(fit.params.E, 1.817, 0.002, 'E');
    assert.ok(fit.objective.value <= 1.01828e-3, `objective ${fit.objective.value}`);
    assert.deepEqual(fit.roles.D, { column: 'D', derived: true });
    assert.ok(fit.warnings.some((w) => w.code === 'objective-choice'));
  });

  it('fit --objective huber-mle reports the NLL and s = ln σ (RR-02)', () => {
    const r = run('fit', dataFile(EPOCH), '--law', 'chinchilla', '--where', EPOCH_240, '--objective', 'huber-mle', '--json');
    assert.equal(r.status, 0, r.stderr);
    const fit = JSON.parse(r.stdout) as FitResult;
    assert.equal(fit.objective.kind, 'huber-mle');
    near(fit.objective.value, -879.773, 0.002, 'NLL');
    near(fit.derived!.s, -12.2666, 0.05, 's');
    assert.match(run('fit', '--help').stdout, /huber-mle/);
  });

  it('fit prints a parameter table with holdout rows and bootstrap intervals', () => {
    const r = run('fit', dataFile(EPOCH), '--law', 'chinchilla', '--where', EPOCH_240, '--holdout', 'C > 1e22', '--bootstrap', '50', '--seed', '1');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /alpha\s+0\.3\d+\s+0\.0\d+/);
    // One held-out run: "1 row", not "1 rows" (issue 11).
    assert.match(r.stdout, /held out: 1 row, mean ARE/);
    assert.match(r.stdout, /\[objective-choice\]/);
  });

  it('an impossible fit exits 1 with the reason; bad usage exits 2', () => {
    const one = run('fit', dataFile('bad-inputs/one-row.csv'), '--law', 'chinchilla');
    assert.equal(one.status, 1);
    assert.match(one.stderr, /needs at least 6 rows/);
    assert.equal(run('fit', dataFile(EPOCH), '--law', 'chinchila').status, 2);
    assert.equal(run('fit', dataFile(EPOCH), '--law', 'chinchilla', '--where', 'loss <').status, 2);
    assert.equal(run('fit', dataFile(EPOCH)).status, 2);
  });

  it('compare scores laws by scale-ordered CV and recommends one, with AIC/BIC and held-out error', () => {
    const r = run('compare', dataFile(EPOCH), '--laws', 'chinchilla,kaplan-nd', '--where', EPOCH_240, '--holdout', 'C > 1e22', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      rows: Array<{ law: string; aic: number; paramCount: number; fitMs: number; heldOut: { are: number }; cv: { are: number; folds: number; foldAre: number[] } }>;
      recommended: { law: string; objective: string; cvAre: number; reason: string };
      cv: { axis: string; folds: number };
    };
    const { rows } = out;
    assert.deepEqual(rows.map((row) => row.law), ['chinchilla', 'kaplan-nd']);
    assert.deepEqual(rows.map((row) => row.paramCount), [5, 4]);
    assert.ok(rows[0].aic < rows[1].aic, 'chinchilla (with E) fits Chinchilla data better than Kaplan (no E)');
    assert.ok(rows.every((row) => row.heldOut.are > 0 && row.fitMs > 0));
    // The holdout selects on C: the folds extrapolate along C too.
    assert.deepEqual(out.cv, { axis: 'C', kind: 'runs', folds: 3 });
    for (const row of rows) {
      assert.equal(row.cv.folds, 3);
      // Each fold weighs a third of the next larger one (the largest first).
      const [a, b, c] = row.cv.foldAre;
      assert.ok(Math.abs(row.cv.are - (9 * a + 3 * b + c) / 13) < 1e-12);
    }
    // Chinchilla extrapolates this Chinchilla-shaped sweep better than Kaplan's law without E.
    assert.ok(rows[0].cv.are < rows[1].cv.are, `${rows[0].cv.are} vs ${rows[1].cv.are}`);
    assert.equal(out.recommended.law, 'chinchilla');
    assert.equal(out.recommended.objective, 'huber-log');
    assert.equal(out.recommended.cvAre, rows[0].cv.are);
    assert.match(out.recommended.reason, /next larger scales along C \(3 folds shared by every law, the largest fold counting most\)/);
  });

  it('laws --json lists every law with presets and status tags', () => {
    const r = run('laws', '--json');
    assert.equal(r.status, 0, r.stderr);
    const laws = JSON.parse(r.stdout) as Array<{ id: string; presets: Array<{ id: string; status: string }> }>;
    const ids = laws.map((l) => l.id);
    for (const id of ['chinchilla', 'kaplan-nd', 'kaplan-compute', 'over-training', 'precision', 'data-constrained']) assert.ok(ids.includes(id), id);
    const presets = laws.flatMap((l) => l.presets);
    assert.equal(presets.find((p) => p.id === 'kaplan2020')?.status, 'U');
    assert.equal(presets.find((p) => p.id === 'epoch2024-grid')?.status, 'R');
  });
});
