/**
 * Issue 11 items 1–2: a row leaves a fit only for a problem in a column that fit reads, every fit says
 * where each row went (FitResult.rows), and a column with impossible values for C (an int64-overflowed
 * `flops`) is not bound as C when C = 6ND can be derived instead. Asserted on the bad-inputs file and on
 * a real sweep (kyo-takano's 234 Chinchilla rows) given an overflowed `flops` column at test time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { readRunLog, roleValues } from '../../src/core/runlog';
import { formatSpec, parseSpec } from '../../src/core/spec';
import { UserError, type FitResult, type RoleMap, type RunTable } from '../../src/core/types';
import { parseMapFlags } from '../../src/cli/io';
import { run as fitCommand } from '../../src/cli/commands/fit';
import { runCaptured } from './cli-capture';
import { cliFromSource } from './cli-helpers';
import { DATA_DIR, dataFile } from '../dataPath';

/** kyo-takano's df.csv as N, D, loss plus `flops` = 6ND as a script storing it in an int64 would write it. */
function overflowedSweep(): string {
  const [header, ...rows] = readFileSync(dataFile('kyo-chinchilla-llm/df.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const [n, d, loss] = ['N', 'D', 'loss'].map((name) => names.indexOf(name));
  const lines = rows.map((row) => {
    const cells = row.split(',');
    const flops = BigInt.asIntN(64, BigInt(6 * Number(cells[n]) * Number(cells[d])));
    return [cells[n], cells[d], flops, cells[loss]].join(',');
  });
  return ['N,D,flops,loss', ...lines].join('\n') + '\n';
}

const SWEEP = overflowedSweep();
const sweep = (map?: RoleMap) => readRunLog(SWEEP, { fileName: 'sweep.csv', ...(map ? { map } : {}) });
const dir = mkdtempSync(join(tmpdir(), 'rows-'));
const sweepFile = join(dir, 'sweep.csv');
writeFileSync(sweepFile, SWEEP);
after(() => rmSync(dir, { recursive: true, force: true }));

function assertAccounted(fit: Pick<FitResult, 'rows' | 'n' | 'holdout'>, table: Pick<RunTable, 'rowCount'>, what: string): void {
  const rows = fit.rows!;
  assert.ok(rows, `${what}: no rows account`);
  assert.equal(rows.read, table.rowCount, what);
  assert.equal(rows.used, fit.n, what);
  assert.equal(rows.heldOut, fit.holdout?.n ?? 0, what);
  assert.equal(rows.read, rows.used + rows.heldOut + rows.left.reduce((sum, g) => sum + g.count, 0), `${what}: read = used + held out + left`);
  for (const g of rows.left) assert.ok(g.count > 0 && g.lines.length === Math.min(g.count, 5), `${what}: ${g.why}`);
}

describe('an overflowed flops column on a real sweep', () => {
  it('is not bound as C: C = 6·N·D, one column-level warning, and the sweep keeps all its rows', () => {
    const table = sweep();
    assert.equal(table.roles.C?.derived, true);
    const bad = table.diagnostics.filter((d) => d.code === 'bad-column');
    assert.equal(bad.length, 1);
    assert.equal(bad[0].column, 'flops');
    assert.match(bad[0].message, /^'flops' not used as C: 183 of 234 values are impossible for C \(100 ≤ 0, 83 off 6·N·D by 10× or more; lines 36, 37, 38, 39, 40, …\); C = 6·N·D is used\. Map it explicitly to use it anyway: --map C=flops/);
    // No per-row diagnostic for the column nobody reads (beside the note that its integers exceed 2^53).
    assert.deepEqual(table.diagnostics.filter((d) => d.column === 'flops').map((d) => d.code).sort(), ['bad-column', 'big-numbers']);
    assert.ok(table.rowStatus.every((s) => s === 'ok'));
  });

  it('an L(N, D) fit uses every row and the holdout scores all 5 of N ≥ 1e10 (3 have negative flops)', () => {
    const table = sweep();
    const fit = fitTable(table, { law: 'chinchilla', holdout: 'N >= 1e10' });
    assert.equal(fit.n, 229);
    assert.equal(fit.holdout?.n, 5);
    assert.deepEqual(fit.holdout?.rows.map((r) => r.line), [214, 215, 227, 230, 232]);
    assert.deepEqual(fit.rows, { read: 234, used: 229, heldOut: 5, left: [] });
    assert.match(fit.warnings.find((w) => w.code === 'bad-column')?.message ?? '', /C = 6·N·D is used/);
    assertAccounted(fit, table, 'chinchilla');
  });

  it('mapped explicitly it is used as mapped, with a warning that says how to derive C instead', () => {
    const table = sweep({ C: 'flops' });
    assert.equal(table.roles.C?.column, 'flops');
    assert.match(table.diagnostics.find((d) => d.code === 'bad-column')?.message ?? '', /mapped as C although .*--map C=none \(map: \{C: null\} in a notebook\)/);
    // Per cell problems are one diagnostic per column and kind.
    const nonPositive = table.diagnostics.filter((d) => d.code === 'non-positive');
    assert.deepEqual(nonPositive.map((d) => [d.line, d.column]), [[36, 'flops']]);
    assert.match(nonPositive[0].message, /^100 C values in 'flops' are ≤ 0 \(e\.g\. -9\.15e18; lines 36, 37, 38, 39, 40, …\)/);
    // A law that does not read C keeps every row; one that reads C leaves the 100 out, saying why and where.
    const nd = fitTable(table, { law: 'chinchilla', holdout: 'N >= 1e10' });
    assert.equal(nd.n, 229);
    assert.equal(nd.holdout?.n, 5);
    const inC = fitTable(table, { law: 'kaplan-compute' });
    assert.deepEqual(inC.rows?.left.map((g) => [g.kind, g.why, g.column, g.count, g.lines]), [['problem', 'non-positive C', 'flops', 100, [36, 37, 38, 39, 40]]]);
    assertAccounted(inC, table, 'kaplan-compute');
    // The L(N, D) fit's charts place its points at the C it implies, 6·N·D, not at the broken column.
    const output = buildFitOutput(table, [nd], pointwise(predictWith));
    const n = roleValues(table, 'N')!;
    const d = roleValues(table, 'D')!;
    assert.equal(output.points.total, 234);
    output.points.line.forEach((line, i) => {
      const row = line - 2;
      assert.ok(Math.abs(output.points.values.C![i] / (6 * n[row] * d[row]) - 1) < 1e-12, `line ${line}`);
    });
    assert.ok(output.points.derived?.includes('C'));
    assert.match(output.notes[0], /^rows: 234 read · 229 used · 5 held out$/);
  });

  it('--map C=none and map: {C: null} leave C unbound on purpose: derived, and no warning', () => {
    for (const map of [parseMapFlags(['C=none']), parseSpec('data: sweep.csv\nlaw: chinchilla\nmap:\n  C: null\n').spec!.map!]) {
      assert.deepEqual(map, { C: null });
      const table = sweep(map);
      assert.equal(table.roles.C?.derived, true);
      assert.deepEqual(table.diagnostics.filter((d) => d.code === 'bad-column'), []);
      assert.equal(fitTable(table, { law: 'chinchilla', holdout: 'N >= 1e10' }).holdout?.n, 5);
    }
  });

  it('the CLI prints the rows line and the warning, and --json carries rows', async () => {
    const text = cliFromSource(['fit', sweepFile, '--law', 'chinchilla', '--holdout', 'N >= 1e10']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^rows: 234 read · 229 used · 5 held out$/m);
    assert.match(text.stdout, /^held out: 5 rows, mean ARE/m);
    assert.match(text.stdout, /\[bad-column\] 'flops' not used as C: 183 of 234 values/);
    const mapped = await runCaptured(fitCommand, [sweepFile, '--law', 'kaplan-compute', '--map', 'C=flops']);
    assert.equal(mapped.code, 0);
    assert.match(mapped.stdout, /^rows: 234 read · 134 used · 100 left out — non-positive C in 'flops' \(100: lines 36, 37, 38, 39, 40, …\)$/m);
    const json = await runCaptured(fitCommand, [sweepFile, '--law', 'chinchilla', '--map', 'C=none', '--json']);
    const fit = JSON.parse(json.stdout) as FitResult;
    assert.deepEqual(fit.rows, { read: 234, used: 234, heldOut: 0, left: [] });
  });
});

describe('the bad-inputs overflow file', () => {
  const file = dataFile('bad-inputs/overflow-flops.csv');

  it('a law in N keeps all 4 rows even with flops mapped as C (the row diagnostics are not its concern)', async () => {
    const table = readRunLog(readFileSync(file, 'utf8'), { map: { C: 'flops' } });
    assert.deepEqual(table.rowStatus, ['error', 'error', 'ok', 'error']);
    const fit = fitTable(table, { law: 'power', x: 'N' });
    assert.deepEqual(fit.rows, { read: 4, used: 4, heldOut: 0, left: [] });
    const cli = await runCaptured(fitCommand, [file, '--law', 'power', '--x', 'N', '--map', 'C=flops', '--json']);
    assert.equal((JSON.parse(cli.stdout) as FitResult).n, 4);
  });

  it('a law in C uses the derived 6·N·D on all 4 rows, and says flops was not used', () => {
    const fit = fitTable(readRunLog(readFileSync(file, 'utf8')), { law: 'power', x: 'C' });
    assert.equal(fit.roles.C?.derived, true);
    assert.equal(fit.n, 4);
    assert.match(fit.warnings.find((w) => w.code === 'bad-column')?.message ?? '', /^'flops' not used as C: 4 of 4 values/);
  });
});

describe('rows read by where and holdout', () => {
  it('a row the holdout cannot decide (no number in its column) is left out and counted, not fitted', () => {
    const text = ['N,D,loss,split', ...Array.from({ length: 12 }, (_, i) => `${(i + 1) * 1e8},${(i + 1) * 2e9},${(3 - 0.1 * i).toFixed(2)},${i === 4 ? '' : i % 4}`)].join('\n');
    const fit = fitTable(readRunLog(text), { law: 'power', x: 'N', holdout: 'split == 3', where: 'loss < 2.95' });
    assert.equal(fit.holdout?.n, 3);
    assert.deepEqual(
      fit.rows?.left.map((g) => [g.kind, g.why, g.column ?? '', g.lines]),
      [
        ['filtered', 'not selected by where `loss < 2.95`', '', [2]],
        ['problem', 'no value for the holdout filter', 'split', [6]],
      ],
    );
    assertAccounted(fit, { rowCount: 12 }, 'holdout');
    // Nor can `where`: a row it does not select for want of a value is a problem of that column, not "filtered".
    const where = fitTable(readRunLog(text), { law: 'power', x: 'N', where: 'split < 3' });
    assert.deepEqual(
      where.rows?.left.map((g) => [g.kind, g.why, g.column ?? '', g.lines]),
      [
        ['filtered', 'not selected by where `split < 3`', '', [5, 9, 13]],
        ['problem', 'no value for the where filter', 'split', [6]],
      ],
    );
  });
});

describe('--map ROLE=none', () => {
  it('is the keyword; a quoted "none" is a column of that name; empty stays a usage error that names the keyword', () => {
    assert.deepEqual(parseMapFlags(['C=none', 'N="none"']), { C: null, N: 'none' });
    assert.throws(() => parseMapFlags(['C=']), (e: unknown) => e instanceof UserError && e.code === 'usage' && /ROLE=none/.test(e.message));
  });

  it('map: {C: null}, {C: ~} and an empty value parse as unbound and format back as null', () => {
    for (const value of ['null', '~', '']) {
      const { spec, errors } = parseSpec(`data: runs.csv\nlaw: chinchilla\nmap:\n  N: params\n  C: ${value}\n`);
      assert.deepEqual(errors, [], value);
      assert.deepEqual(spec?.map, { N: 'params', C: null }, value);
      assert.deepEqual(parseSpec(formatSpec(spec!)).spec?.map, { N: 'params', C: null });
    }
  });
});

describe('every dataset in the shared data', () => {
  it('--json rows account for every row read: read = used + held out + left out', async () => {
    const files: string[] = [];
    const walk = (at: string) => {
      for (const name of readdirSync(at)) {
        const path = join(at, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(csv|tsv|jsonl|json)$/.test(name)) files.push(path);
      }
    };
    walk(DATA_DIR);
    let fitted = 0;
    for (const path of files) {
      const { code, stdout } = await runCaptured(fitCommand, [path, '--law', 'power', '--json']).catch(() => ({ code: -1, stdout: '' }));
      if (code !== 0) continue;
      const fit = JSON.parse(stdout) as FitResult;
      const rows = fit.rows!;
      assert.equal(rows.read, rows.used + rows.heldOut + rows.left.reduce((sum, g) => sum + g.count, 0), relative(DATA_DIR, path));
      assert.equal(rows.used, fit.n, relative(DATA_DIR, path));
      fitted++;
    }
    assert.ok(fitted >= 20, `only ${fitted} of ${files.length} files fitted`);
  });
});
