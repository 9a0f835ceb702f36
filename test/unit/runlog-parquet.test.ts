// Parquet run logs: files written here with hyparquet-writer (snappy, gzip and uncompressed pages; a real
// CSV log converted), read back column by column; a W&B long-format export split into runs by `sweep`;
// a cut file and a damaged page.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parquetMetadata } from 'hyparquet';
import type { SweepJson } from '../../src/cli/commands/sweep';
import { columnByName, readRunLog } from '../../src/core/runlog';
import { bytesBuffer, readParquet } from '../../src/core/runlog/parquet';
import type { RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';
import { cliFromSource } from './cli-helpers';
import { parquet, wandbHistory } from './binary-logs';

const values = (table: RunTable, name: string) => [...columnByName(table, name)!.values];

describe('Parquet run logs', () => {
  for (const codec of ['SNAPPY', 'GZIP', 'UNCOMPRESSED'] as const) {
    it(`${codec} pages, two row groups: every column, roles as from a CSV`, async () => {
      const table = await readParquet(bytesBuffer(parquet(wandbHistory(), codec, 64)));
      assert.equal(table.format, 'parquet');
      assert.equal(table.rowCount, 150);
      assert.equal(table.roles.loss?.column, 'train/loss');
      assert.equal(table.roles.step?.column, 'train/global_step');
      assert.equal(table.roles.D?.column, 'train/num_input_tokens_seen');
      assert.equal(table.roles.run?.column, 'run');
      assert.deepEqual(values(table, 'train/global_step').slice(48, 52), [4900, 5000, 100, 200], 'rows in file order across row groups');
      assert.equal(columnByName(table, 'run')!.text![60], 'pythia-160m');
      assert.deepEqual([...table.lines.slice(0, 3)], [1, 2, 3]);
    });
  }

  it('a real log converted to Parquet (LLM360 Mamba, 44k rows, gzip) reads as its CSV does', async () => {
    const csv = readRunLog(readFileSync(dataFile('llm360-mamba/llm360Mamba3B.csv'), 'utf8'));
    const names = csv.columns.filter((c) => !c.derived).map((c) => c.name);
    const bytes = parquet(names.map((name) => ({ name, data: Float64Array.from(columnByName(csv, name)!.values), type: 'DOUBLE' })), 'GZIP');
    const table = await readParquet(bytesBuffer(bytes));
    for (const name of names) assert.deepEqual(values(table, name), values(csv, name), name);
    assert.deepEqual(Object.fromEntries(Object.entries(table.roles).map(([r, b]) => [r, b.column])), Object.fromEntries(Object.entries(csv.roles).map(([r, b]) => [r, b.column])));
  });

  it('a cut file is not a Parquet file (its footer is gone): a clear error', async () => {
    const bytes = parquet(wandbHistory());
    await assert.rejects(readParquet(bytesBuffer(bytes.subarray(0, bytes.length - 100))), /^UserError: not a readable Parquet file: '/);
  });

  it('a damaged page costs its column, said in a diagnostic; the other columns are read', async () => {
    const bytes = parquet(wandbHistory(), 'GZIP');
    const chunk = parquetMetadata(bytes.buffer as ArrayBuffer).row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === 'train/loss')!.meta_data!;
    const damaged = bytes.slice();
    const page = Number(chunk.data_page_offset);
    for (let i = page + 30; i < page + 60; i++) damaged[i] ^= 0x5a;
    const table = await readParquet(bytesBuffer(damaged));
    assert.equal(table.rowCount, 150);
    assert.deepEqual(values(table, 'train/global_step'), values(await readParquet(bytesBuffer(bytes)), 'train/global_step'));
    const problem = table.diagnostics.find((d) => d.code === 'parquet-column')!;
    assert.equal(problem.column, 'train/loss');
    assert.match(problem.message, /^column 'train\/loss' could not be read whole \(.+\): its unread values are missing$/);
  });
});

describe('a W&B long-format export through sweep', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'parquet-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is split by its run column; N from the run names; final loss and tokens per run', () => {
    const file = join(root, 'wandb-history.parquet');
    writeFileSync(file, parquet(wandbHistory(), 'GZIP'));
    const r = cliFromSource(['sweep', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as SweepJson;
    assert.deepEqual(
      json.runs.map((run) => [run.name, run.N.value, run.D.value, run.rows]),
      [
        ['pythia-70m', 70e6, 5000 * 524288, 1],
        ['pythia-160m', 160e6, 5000 * 524288, 1],
        ['pythia-410m', 410e6, 5000 * 524288, 1],
      ],
    );
    assert.deepEqual(json.table.map((row) => row[4]), [4 - 0.5, 4 - 0.3 - 0.5, 4 - 0.6 - 0.5]);
    assert.equal(json.excluded.reduce((n, e) => n + e.rows, 0), 147);
    // --split none keeps the file one run (named after the file, which states no size).
    const whole = cliFromSource(['sweep', file, '--split', 'none', '--json']);
    assert.equal(whole.code, 2);
    assert.match(whole.stdout, /'wandb-history' states no size/);
  });
});
