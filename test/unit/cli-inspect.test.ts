/** `scaling-laws inspect` end to end: build the CLI bundle, spawn it on real files, check exit codes and JSON. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dataFile } from '../dataPath';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scaling-laws inspect', () => {
  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it('--json on the Epoch data: format, roles, derived D, row counts', () => {
    const r = cli('inspect', dataFile('epoch-chinchilla/svg_extracted_data.csv'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.format, 'csv');
    assert.equal(json.dialect.delimiter, ',');
    assert.deepEqual(json.rows, { total: 245, used: 245, planned: 0, series: 0, summary: 0, errors: 0 });
    assert.equal(json.roles.N.column, 'Model Size');
    assert.equal(json.roles.C.column, 'Training FLOP');
    assert.equal(json.roles.D.derived, true);
    const d = json.columns.find((c: { name: string }) => c.name === json.roles.D.column);
    assert.equal(d.derivation, 'C/(6N)');
    assert.ok(d.min > 1e8 && d.max < 1e12);
  });

  it('--map binds a column and is reported as explicit', () => {
    const r = cli('inspect', dataFile('misfitting/scaling_results_last_ckpt_only.csv'), '--map', 'N=N_no_emb', '--json');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.roles.N.column, 'N_no_emb');
    assert.equal(json.roles.N.explicit, true);
  });

  it('human output lists columns, rows and diagnostics with line:column', () => {
    const r = cli('inspect', dataFile('bad-inputs/negative-n.csv'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /rows\s+5 \(used 4, planned 0, with errors 1\)/);
    assert.match(r.stdout, /error\s+4:params /);
    assert.match(r.stdout, /params\s+number\s+N/);
  });

  it('exit 2 for an empty file: --json still prints one diagnostic and no columns', () => {
    const r = cli('inspect', dataFile('bad-inputs/empty.csv'), '--json');
    assert.equal(r.code, 2);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.columns, []);
    assert.equal(json.diagnostics.length, 1);
    assert.equal(json.diagnostics[0].message, 'file is empty');
  });

  it('exit 2 with a message and no stack for binary, missing files and bad usage', () => {
    for (const args of [
      ['inspect', dataFile('bad-inputs/binary.csv')],
      ['inspect', join(root, 'no-such-file.csv')],
      ['inspect'],
      ['inspect', dataFile('bad-inputs/one-row.csv'), '--map', 'Q=params'],
      ['inspect', dataFile('bad-inputs/one-row.csv'), '--map', 'N=nope'],
      ['inspect', dataFile('bad-inputs/one-row.csv'), '--bogus'],
      ['frobnicate'],
    ]) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.length > 0, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.match(cli('inspect', dataFile('bad-inputs/binary.csv')).stderr, /not a text run log/);
  });

  it('a 100 MB header line and a 200k-column file print a bounded report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
    try {
      const long = join(dir, 'long-header.csv');
      writeFileSync(long, `${'n'.repeat(100 * 1024 * 1024)},loss\n1e8,3.1\n2e8,2.9\n4e8,2.7\n`);
      const human = cli('inspect', long);
      assert.equal(human.code, 0, human.stderr);
      assert.ok(human.stdout.length < 20_000, `printed ${human.stdout.length} characters`);
      assert.match(human.stdout, /long-column-name/);
      const json = cli('inspect', long, '--json');
      assert.equal(json.code, 0, json.stderr);
      assert.ok(json.stdout.length < 20_000, `printed ${json.stdout.length} characters`);

      const wide = join(dir, 'wide.csv');
      const names = Array.from({ length: 200_000 }, (_, i) => (i === 0 ? 'params' : i === 1 ? 'loss' : `metric_${i}`));
      const row = (k: number) => names.map((_, i) => (i === 0 ? k * 1e8 : i === 1 ? 3 - k / 10 : i)).join(',');
      writeFileSync(wide, [names.join(','), row(1), row(2), row(3)].join('\n'));
      const r = cli('inspect', wide);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.length < 50_000, `printed ${r.stdout.length} characters`);
      assert.match(r.stdout, /params\s+number\s+N/);
      assert.match(r.stdout, /… and 9,800 more columns/);
      assert.match(r.stdout, /… and 190,000 more columns not read \(metric_10000, metric_10001, metric_10002, …\) \[too-many-columns\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help exits 0 and names the commands', () => {
    const r = cli('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /inspect/);
    assert.equal(cli('inspect', '--help').code, 0);
  });
});
