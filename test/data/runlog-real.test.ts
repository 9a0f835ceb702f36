/**
 * The reader on every real file in ../shared/data: no crash, the roles data/README.md describes, and
 * the RR-14 parser facts (row counts, >2^63 FLOPs as floats, trailing-space strings, quoted W&B values).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { columnByName, decodeRunLogBytes, readRunLog, roleValues } from '../../src/core/runlog';
import { UserError, type Role, type RunTable } from '../../src/core/types';
import { DATA_DIR, dataFile } from '../dataPath';
import { maxOf, minOf } from '../../src/core/arrays';

function read(relative: string): RunTable {
  return readRunLog(decodeRunLogBytes(readFileSync(dataFile(relative))), { fileName: relative });
}

function bound(table: RunTable): Partial<Record<Role, string>> {
  return Object.fromEntries(Object.entries(table.roles).map(([role, b]) => [role, b.column]));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function finite(values: Float64Array | undefined): number[] {
  return [...(values ?? [])].filter((v) => Number.isFinite(v));
}

const EXPECTED_USER_ERRORS: Record<string, string> = {
  'bad-inputs/empty.csv': 'empty-input',
  'bad-inputs/binary.csv': 'binary-input',
  'bad-inputs/json-scalar.json': 'not-a-table',
};

describe('every data file', () => {
  const files = readdirSync(DATA_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(csv|jsonl|json|tsv)$/.test(f))
    .sort();
  it('finds the data folders', () => assert.ok(files.length >= 40, `only ${files.length} files under ${DATA_DIR}`));
  for (const file of files) {
    it(`reads ${file}`, () => {
      const expected = EXPECTED_USER_ERRORS[file];
      if (expected) {
        assert.throws(() => read(file), (e: unknown) => e instanceof UserError && e.code === expected);
        return;
      }
      const table = read(file);
      assert.equal(table.lines.length, table.rowCount);
      assert.equal(table.rowStatus.length, table.rowCount);
      for (const c of table.columns) assert.equal(c.values.length, table.rowCount, c.name);
      for (const d of table.diagnostics) assert.ok(d.message.length < 400, `long message ${d.code}`);
    });
  }
});

describe('roles detected without a map', () => {
  it('epoch-chinchilla: N = Model Size, C = Training FLOP, loss; D derived as C/(6N)', () => {
    const t = read('epoch-chinchilla/svg_extracted_data.csv');
    assert.equal(t.rowCount, 245);
    assert.deepEqual({ N: bound(t).N, C: bound(t).C, loss: bound(t).loss }, { N: 'Model Size', C: 'Training FLOP', loss: 'loss' });
    assert.equal(t.roles.D?.derived, true);
    const [n, c, d] = (['N', 'C', 'D'] as const).map((r) => roleValues(t, r)!);
    for (let i = 0; i < t.rowCount; i++) assert.ok(Math.abs(d[i] - c[i] / (6 * n[i])) <= 1e-9 * d[i]);
    assert.match(columnByName(t, t.roles.D!.column)!.derivation ?? '', /C\/\(6N\)/);
  });

  it('kyo-chinchilla-llm: C, N, D, loss as written', () => {
    const t = read('kyo-chinchilla-llm/df.csv');
    assert.equal(t.rowCount, 234);
    assert.deepEqual({ C: bound(t).C, N: bound(t).N, D: bound(t).D, loss: bound(t).loss }, { C: 'C', N: 'N', D: 'D', loss: 'loss' });
    assert.equal(t.diagnostics.filter((d) => d.code === 'flops-inconsistent').length, 0);
  });

  it('misfitting: N with N_no_emb as alternative, D, C, loss, step-like columns', () => {
    const t = read('misfitting/scaling_results.csv');
    assert.deepEqual({ N: bound(t).N, D: bound(t).D, C: bound(t).C, loss: bound(t).loss }, { N: 'N', D: 'D', C: 'C', loss: 'loss' });
    assert.ok(t.roles.N!.alternatives.some((a) => a.column === 'N_no_emb'));
    assert.ok(t.roles.loss!.alternatives.some((a) => a.column === 'C4 Eval Loss'));
    assert.equal(bound(t).step, 'current_steps');
    assert.ok(t.roles.step!.alternatives.some((a) => a.column === 'total_steps'));
  });

  for (const name of ['comma', 'dclm', 'nemotron']) {
    it(`marin-wandb/isoflop-${name}: N, D, C from GFLOP ×1e9, loss = eval/paloma/macro_loss`, () => {
      const t = read(`marin-wandb/isoflop-${name}.csv`);
      assert.deepEqual(
        { N: bound(t).N, D: bound(t).D, C: bound(t).C, loss: bound(t).loss },
        { N: 'parameter_count', D: 'throughput/total_tokens', C: 'throughput/total_gflops', loss: 'eval/paloma/macro_loss' },
      );
      assert.equal(columnByName(t, 'throughput/total_gflops')!.scale, 1e9);
      // data/README.md: C/(6ND) = 0.74–1.07, median 1.005, once GFLOP are FLOPs.
      const [n, d, c] = (['N', 'D', 'C'] as const).map((r) => roleValues(t, r)!);
      const ratios = [...c].map((ci, i) => ci / (6 * n[i] * d[i]));
      assert.ok(Math.abs(median(ratios) - 1.005) < 0.01, `median ${median(ratios)}`);
      assert.ok(minOf(ratios) > 0.73 && maxOf(ratios) < 1.08);
    });
  }

  it('gzip-runs: N = model_size, D = token_ct, loss = valid_loss (last element of the array)', () => {
    const t = read('gzip-runs/results_new.jsonl');
    assert.equal(t.format, 'jsonl');
    assert.equal(t.rowCount, 150);
    assert.deepEqual({ N: bound(t).N, D: bound(t).D, loss: bound(t).loss }, { N: 'model_size', D: 'token_ct', loss: 'valid_loss' });
    const first = JSON.parse(readFileSync(dataFile('gzip-runs/results_new.jsonl'), 'utf8').split('\n')[0]) as { valid_loss: number[] };
    assert.equal(roleValues(t, 'loss')![0], first.valid_loss.at(-1));
  });

  it('llm360-mamba: step, loss, lr', () => {
    const t = read('llm360-mamba/llm360Mamba3B.csv');
    assert.deepEqual({ step: bound(t).step, loss: bound(t).loss, lr: bound(t).lr }, { step: 'step', loss: 'loss', lr: 'lr' });
  });

  it('gpt3-curves: step, both losses (one bound, the other its alternative), model as group', () => {
    const t = read('gpt3-curves/extracted.csv');
    assert.equal(bound(t).step, 'step');
    assert.equal(bound(t).group, 'model');
    const losses = [t.roles.loss!.column, ...t.roles.loss!.alternatives.map((a) => a.column)];
    assert.deepEqual([...losses].sort(), ['train_loss', 'val_loss']);
  });
});

describe('RR-14 parser fixtures', () => {
  it('misfitting: C columns above 2^63 read as floats; 4,852 / 261 rows; 11 models', () => {
    const all = read('misfitting/scaling_results.csv');
    const last = read('misfitting/scaling_results_last_ckpt_only.csv');
    assert.equal(all.rowCount, 4852);
    assert.equal(last.rowCount, 261);
    const c = finite(roleValues(last, 'C'));
    assert.equal(c.length, 261);
    assert.ok(maxOf(c) > 2 ** 63);
    // The first row's C is 9456351902178213888 in the file.
    assert.equal(c[0], 9456351902178213888);
    assert.ok(all.diagnostics.some((d) => d.code === 'big-numbers' && d.severity === 'info'));
    const models = new Set(columnByName(all, 'model')!.text);
    assert.equal(models.size, 11);
    assert.ok(models.has('misfitting_12m') && models.has('misfitting_1b'));
  });

  it('olmo: 1,708 × 66, model_name keeps its trailing space, num_params "1B"/"7B" (735 / 973)', () => {
    const t = read('olmo/olmo.csv');
    assert.equal(t.rowCount, 1708);
    assert.equal(t.columns.filter((c) => !c.derived).length, 66);
    assert.ok(new Set(columnByName(t, 'model_name')!.text).has('OLMo-1B '));
    assert.equal(bound(t).N, 'num_params');
    const n = finite(roleValues(t, 'N'));
    assert.equal(n.filter((v) => v === 1e9).length, 735);
    assert.equal(n.filter((v) => v === 7e9).length, 973);
  });

  it('datablations: 9,261 rows, num_params "2.8B" → 2.8e9, flops (not 6ND) not bound as C, model_args kept as text', () => {
    const t = read('datablations/datablations_losses.csv');
    assert.equal(t.rowCount, 9261);
    assert.equal(bound(t).N, 'num_params');
    assert.ok(finite(roleValues(t, 'N')).includes(2.8e9));
    // 3,860 rows are 10× or more off 6·N·D: the column is not compute in FLOPs, so C is derived and one warning says so.
    const bad = t.diagnostics.filter((d) => d.code === 'bad-column');
    assert.deepEqual(bad.map((d) => d.column), ['flops']);
    assert.match(bad[0].message, /^'flops' not used as C: 3,860 of 9,261 values are impossible for C .*; C = 6·N·D is used/);
    assert.equal(t.roles.C?.derived, true);
    assert.equal(columnByName(t, 'model_args')!.kind, 'string');
    assert.equal(bound(t).U, 'tokens_per_epoch');
  });

  it('gpt3-curves: 12,097 rows, each with exactly one of train_loss / val_loss', () => {
    const t = read('gpt3-curves/extracted.csv');
    assert.equal(t.rowCount, 12097);
    const train = columnByName(t, 'train_loss')!.values;
    const val = columnByName(t, 'val_loss')!.values;
    for (let i = 0; i < t.rowCount; i++) assert.notEqual(Number.isNaN(train[i]), Number.isNaN(val[i]), `line ${t.lines[i]}`);
    // Rows without the bound loss are planned, not errors.
    assert.equal(t.rowStatus.filter((s) => s === 'error').length, 0);
  });

  it('marin-wandb: 92 / 85 / 96 rows, quoted values parsed; nemotron learning_rate empty', () => {
    assert.deepEqual(['comma', 'dclm', 'nemotron'].map((n) => read(`marin-wandb/isoflop-${n}.csv`).rowCount), [92, 85, 96]);
    const nemotron = read('marin-wandb/isoflop-nemotron.csv');
    assert.equal(columnByName(nemotron, 'learning_rate')!.kind, 'empty');
    assert.equal(nemotron.roles.lr, undefined);
    assert.equal(columnByName(nemotron, 'parameter_count')!.kind, 'number');
  });

  it('gzip-runs: 150 records, nested model_stats flattened to a.b', () => {
    const t = read('gzip-runs/results_new.jsonl');
    assert.equal(t.rowCount, 150);
    assert.ok(t.columns.some((c) => c.name.startsWith('model_stats.')));
  });

  it('llm360-mamba: 44,174 rows, steps 4…176,700, loss 21.8 at step 4, min 0.107', () => {
    const t = read('llm360-mamba/llm360Mamba3B.csv');
    assert.equal(t.rowCount, 44174);
    const step = roleValues(t, 'step')!;
    const loss = roleValues(t, 'loss')!;
    assert.equal(step[0], 4);
    assert.equal(step[t.rowCount - 1], 176700);
    assert.ok(Math.abs(loss[0] - 21.78) < 0.01);
    assert.ok(Math.abs(minOf(loss) - 0.107) < 0.001);
    assert.equal(t.lines[0], 2);
    assert.equal(t.lines[t.rowCount - 1], 44175);
  });

  it('obsscaling: units in names (B, T, 1E21) scale to parameters, tokens and FLOPs', () => {
    const t = read('obsscaling/base_llm_benchmark_eval.csv');
    assert.equal(bound(t).N, 'Model Size (B)');
    assert.equal(bound(t).D, 'Pretraining Data Size (T)');
    assert.equal(bound(t).C, 'FLOPs (1E21)');
    // Llama-2-7b: 7.0 B parameters, 2.0 T tokens, 84.0 × 1e21 FLOPs.
    assert.deepEqual([roleValues(t, 'N')![0], roleValues(t, 'D')![0], roleValues(t, 'C')![0]], [7e9, 2e12, 8.4e22]);
  });
});
