// RR-15 (reference-results.md): the Step Law sweep's hyperparameter law through the CLI, the paper's
// published law's penalty on the same groups, and the held-out groups N > 1e9.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HparamResult } from '../../src/core/hparams';
import { cliFromSource } from '../unit/cli-helpers';
import { dataFile } from '../dataPath';

const STEPLAW = dataFile('steplaw/dense_lr_bs_loss.csv');
const BASE = [STEPLAW, '--map', 'loss=smooth loss', '--seq-len', '2048', '--json'];

function hparams(...args: string[]): HparamResult {
  const r = cliFromSource(['hparams', ...BASE, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as HparamResult;
}

/** Relative tolerance of RR-15's law coefficients and exponents. */
function rel(actual: number, expected: number, what: string, tolerance = 1e-4): void {
  assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: ${actual}, expected ${expected} (±${tolerance} relative)`);
}

/** Penalties are given to three decimals of a percent in RR-15. */
function pct(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual * 100 - expected) <= 0.0005, `${what}: ${(actual * 100).toFixed(4)} %, expected ${expected} %`);
}

describe('hparams on the Step Law sweep (RR-15)', () => {
  it('the paper procedure reproduces the re-computed law, its penalties and the published law\'s', () => {
    const r = hparams('--bootstrap', '200');
    assert.equal(r.method, 'threshold');
    assert.deepEqual(r.groups, { fitted: 17, heldOut: 0 });
    assert.equal(r.rows.read, 1911);
    assert.equal(r.rows.used, 1911);
    assert.equal(r.optima.reduce((s, o) => s + o.points, 0), 129, 'runs within 0.25 % of their group best');
    rel(r.lr.coef, 77.6866, 'lr coef');
    rel(r.lr.expN!, -0.766228, 'lr N exponent');
    rel(r.lr.expD!, 0.197006, 'lr D exponent');
    rel(r.bs.coef, 0.208522, 'bs coef');
    rel(r.bs.expD!, 0.612529, 'bs D exponent');
    pct(r.penalty.mean, 0.096, 'mean penalty');
    pct(r.penalty.max, 0.234, 'max penalty');
    const paper = r.presets.find((p) => p.id === 'steplaw-2025')!;
    pct(paper.penalty.mean, 0.096, 'paper law mean penalty');
    pct(paper.penalty.max, 0.31, 'paper law max penalty');
    // The bootstrap intervals hold the point estimates.
    for (const [name, value, [lo, hi]] of [
      ['lr N exponent', r.lr.expN!, r.lr.ci95!.expN],
      ['lr D exponent', r.lr.expD!, r.lr.ci95!.expD],
      ['bs D exponent', r.bs.expD!, r.bs.ci95!.expD],
    ] as const) assert.ok(lo < value && value < hi, `${name} ${value} outside its 95 % interval ${lo} … ${hi}`);
  });

  it('fitted on N < 1e9, the law costs 0.045 % and 0.080 % on the two 1.07B groups, as the paper law does', () => {
    const r = hparams('--holdout', 'N > 1e9', '--bootstrap', '0');
    assert.deepEqual(r.groups, { fitted: 15, heldOut: 2 });
    const held = r.holdout!.groups;
    assert.ok(held.every((g) => g.N > 1e9), JSON.stringify(held.map((g) => g.N)));
    pct(held[0].penalty, 0.045, 'held-out group 1');
    pct(held[1].penalty, 0.08, 'held-out group 2');
    const paper = r.presets.find((p) => p.id === 'steplaw-2025')!;
    pct(paper.holdout!.mean, (0.045 + 0.08) / 2, 'paper law on the held-out groups');
  });

  it('the surface estimator puts every group optimum inside its grid and is judged on the same held-out groups', () => {
    const r = hparams('--holdout', 'N > 1e9', '--method', 'surface', '--bootstrap', '0');
    assert.equal(r.method, 'surface');
    assert.equal(r.optima.length, 15);
    assert.ok(r.optima.every((o) => o.how === 'surface'), JSON.stringify(r.optima.filter((o) => o.how !== 'surface')));
    assert.equal(r.holdout!.groups.length, 2);
    for (const g of r.holdout!.groups) {
      assert.ok(g.penalty >= 0 && g.penalty < 0.01, `penalty ${g.penalty}`);
      assert.ok(g.nearest.loss >= g.best.loss);
    }
    // A different estimator: not the threshold law.
    assert.ok(Math.abs(r.lr.expN! - -0.7712) > 0.01, `surface lr N exponent ${r.lr.expN}`);
  });

  it('text output names the law, the unit read for the batch size and the presets with their status', () => {
    const r = cliFromSource(['hparams', STEPLAW, '--map', 'loss=smooth loss', '--seq-len', '2048', '--bootstrap', '0']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lr\* = 77\.69 · N\^-0\.7662 · D\^0\.197/);
    assert.match(r.stdout, /bs\* = 0\.2085 · D\^0\.6125 tokens/);
    assert.match(r.stdout, /sequences × 2,048 tokens per sequence \(--seq-len\)/);
    assert.match(r.stdout, /steplaw-2025\s+\[S\]/);
    assert.match(r.stdout, /deepseek-2024\s+\[U\]/);
  });

  it('a batch size in sequences without a sequence length is a clear usage error', () => {
    const r = cliFromSource(['hparams', STEPLAW, '--map', 'loss=smooth loss']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /counts sequences: give the sequence length \(--seq-len 2048\)/);
  });

  it('a holdout that splits an (N, D) group is refused', () => {
    const r = cliFromSource(['hparams', ...BASE, '--holdout', 'lr > 0.002']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--holdout splits the \(N, D\) group/);
  });
});

describe('hparams --plot on the Step Law sweep', () => {
  it('one heat-map cell per run tiling each group’s grid, the best run and the law marked in every group, iso-D lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hparams-plot-'));
    try {
      const out = join(dir, 'law.vl.json');
      const r = cliFromSource(['hparams', ...BASE, '--holdout', 'N > 1e9', '--bootstrap', '0', '--plot', out]);
      assert.equal(r.code, 0, r.stderr);
      const spec = JSON.parse(readFileSync(out, 'utf8')) as { datasets: { sweep: Array<Record<string, number | string>> }; vconcat: Array<{ layer?: Array<{ data?: { values: Array<{ D: number }> } }> }> };
      const rows = spec.datasets.sweep;
      const runs = rows.filter((row) => row.what === 'run');
      assert.equal(runs.length, 1911, 'every run is a cell');
      const groups = new Set(runs.map((row) => row.group));
      assert.equal(groups.size, 17);
      for (const group of groups) {
        const marks = rows.filter((row) => row.group === group && row.what !== 'run').map((row) => row.what).sort();
        assert.deepEqual(marks, ['best run', 'law'], String(group));
        // Cells of neighbouring grid values share an edge: no gap, no overlap.
        for (const [v, lo, hi] of [['lr', 'lr0', 'lr1'], ['bs', 'bs0', 'bs1']] as const) {
          const cells = [...new Map(runs.filter((row) => row.group === group).map((row) => [row[v] as number, [row[lo] as number, row[hi] as number]])).entries()].sort((a, b) => a[0] - b[0]);
          cells.forEach(([value, [a, b]], i) => {
            assert.ok(a < value && value < b, `${String(group)} ${v} ${value} in [${a}, ${b}]`);
            if (i > 0) assert.ok(Math.abs(a / cells[i - 1][1][1] - 1) < 1e-12, `${String(group)} ${v}: cells meet`);
          });
        }
      }
      const lines = spec.vconcat[1].layer![0].data!.values;
      assert.equal(new Set(lines.map((p) => p.D)).size, 3, 'three iso-D lines');
      const svg = join(dir, 'law.svg');
      const drawn = cliFromSource(['hparams', ...BASE, '--bootstrap', '0', '--plot', svg]);
      assert.equal(drawn.code, 0, drawn.stderr);
      assert.match(readFileSync(svg, 'utf8'), /^<svg[\s\S]*Optimal learning rate against N[\s\S]*<\/svg>$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
