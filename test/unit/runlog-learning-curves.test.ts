/**
 * Recognition of learning-curve logs: the real curves in ../shared/data and trainer_state / W&B history
 * files written the way the tools write them, sniffed on the very head the editor reads (sniffHeadOf)
 * and read whole; eval entries are a loss series and the summary entry a summary, never planned runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { curveRun, pythonFloat, trainerStateJson, wandbHistoryCsv } from '../../scripts/learningCurveLogs';
import { prepareFit } from '../../src/core/fit/fitTable';
import { decodeRunLogBytes, nameScore, readRunLog } from '../../src/core/runlog';
import { closeJsonPrefix } from '../../src/core/runlog/jsonPrefix';
import { plausibleRoles } from '../../src/core/runlog/roles';
import { SNIFF_CHARS, sniffHeadOf, sniffRunLog } from '../../src/core/runlog/sniff';
import type { Role, RowStatus, RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

/** What the editor's sniff decides for a file's whole text. */
function sniffFile(text: string, fileName: string) {
  const { head, whole } = sniffHeadOf((n) => text.slice(0, n), text.length, fileName);
  return sniffRunLog(head, fileName, whole);
}

function statusCounts(table: RunTable): Partial<Record<RowStatus, number>> {
  const counts: Partial<Record<RowStatus, number>> = {};
  for (const s of table.rowStatus) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

function bound(table: RunTable): Partial<Record<Role, string>> {
  return Object.fromEntries(Object.entries(table.roles).filter(([, b]) => !b.derived).map(([role, b]) => [role, b.column]));
}

function diagnostic(table: RunTable, code: string) {
  return table.diagnostics.find((d) => d.code === code);
}

describe('real learning curves in ../shared/data', () => {
  const cases: Array<{ file: string; roles: Partial<Record<Role, string>>; counts: Partial<Record<RowStatus, number>>; lossSeries?: string[] }> = [
    { file: 'llm360-mamba/llm360Mamba3B.csv', roles: { step: 'step', loss: 'loss', lr: 'lr' }, counts: { ok: 44_174 } },
    // Each row holds exactly one of train_loss / val_loss: the sparser one is a series of its own.
    { file: 'gpt3-curves/extracted.csv', roles: { step: 'step', loss: 'val_loss', group: 'model' }, counts: { ok: 6506, series: 5591 }, lossSeries: ['train_loss'] },
    // OLMo-1B's 735 checkpoints have 23 other domains' losses but not the bound gab-validation one.
    {
      file: 'olmo/olmo.csv',
      roles: { step: 'Step', N: 'num_params', loss: 'gab-validation/CrossEntropyLoss', group: 'model_name', run: 'checkpoint' },
      counts: { ok: 973, series: 735 },
      lossSeries: ['v3-small-dolma_pes2o-validation/CrossEntropyLoss'],
    },
    { file: 'gzip-runs/results_new.jsonl', roles: { N: 'model_size', D: 'token_ct', loss: 'valid_loss', group: 'dataset_name' }, counts: { ok: 150 } },
    {
      file: 'marin-wandb/isoflop-comma.csv',
      roles: { N: 'parameter_count', D: 'throughput/total_tokens', C: 'throughput/total_gflops', loss: 'eval/paloma/macro_loss', lr: 'optimizer.learning_rate', bs: 'trainer.train_batch_size', run: 'Name', step: 'trainer.num_train_steps' },
      counts: { ok: 92 },
    },
  ];
  for (const { file, roles, counts, lossSeries } of cases) {
    it(`${file}: recognised from the editor's head and read whole, no planned rows`, () => {
      const text = decodeRunLogBytes(readFileSync(dataFile(file)));
      const sniffed = sniffFile(text, file);
      assert.equal(sniffed.isRunLog, true);
      for (const role of ['loss', 'step', 'N', 'D'] as const) {
        // The head may bind a different loss column (gpt3's val_loss is empty in its first 16 KB): only the axes must agree.
        if (role !== 'loss' && roles[role]) assert.equal(sniffed.roles[role], roles[role], `${role} in the sniff`);
      }
      const table = readRunLog(text, { fileName: file });
      assert.deepEqual(bound(table), roles);
      assert.deepEqual(statusCounts(table), counts);
      assert.deepEqual(table.lossSeries, lossSeries);
      if (lossSeries) assert.match(diagnostic(table, 'loss-series')?.message ?? '', new RegExp(`${counts.series?.toLocaleString('en-US')} rows have no`));
    });
  }
});

describe('trainer_state.json as transformers writes it', () => {
  const run = curveRun();

  it('the example is the generator output, its root keys sorted as save_to_json writes them, over 100 KB', () => {
    const text = readFileSync(join(EXAMPLES, 'trainer_state.json'), 'utf8');
    assert.equal(text, trainerStateJson(run), 'examples/ is stale: run npm run examples');
    assert.ok(text.length > 100 * 1024);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), [
      'best_global_step', 'best_metric', 'best_model_checkpoint', 'epoch', 'eval_steps', 'global_step', 'is_hyper_param_search',
      'is_local_process_zero', 'is_world_process_zero', 'log_history', 'logging_steps', 'max_steps', 'num_input_tokens_seen',
      'num_train_epochs', 'save_steps', 'stateful_callbacks', 'total_flos', 'train_batch_size', 'trial_name', 'trial_params',
    ]);
  });

  it('eval entries are the eval_loss series, the summary entry a summary, max_steps the schedule', () => {
    const table = readRunLog(trainerStateJson(run), { fileName: 'trainer_state.json' });
    assert.equal(table.format, 'trainer-state');
    // 3,000 steps logged every 5, evaluated every 250, one summary.
    assert.deepEqual(statusCounts(table), { ok: 600, series: 12, summary: 1 });
    assert.deepEqual(bound(table), { step: 'step', loss: 'loss', lr: 'learning_rate' });
    assert.deepEqual(table.lossSeries, ['eval_loss']);
    assert.deepEqual(table.schedule, { maxSteps: 5000, source: 'max_steps in trainer_state' });
    const series = diagnostic(table, 'loss-series');
    assert.equal(series?.severity, 'info');
    assert.match(series?.message ?? '', /^12 rows have no 'loss' but a value in 'eval_loss' \(12\)/);
    assert.equal(diagnostic(table, 'summary-row')?.line, table.lines[table.rowStatus.indexOf('summary')]);
    assert.equal(table.diagnostics.filter((d) => d.severity !== 'info').length, 0);
  });

  it('a fit uses the training entries only: eval and summary rows are neither fitted nor dropped', () => {
    const table = readRunLog(trainerStateJson(run), { fileName: 'trainer_state.json' });
    const prepared = prepareFit(table, { law: 'power', x: 'step' });
    assert.deepEqual(prepared.rows.left.filter((g) => g.kind === 'problem'), [], 'the 13 rows the reader explained are not problems of the fit');
    assert.deepEqual(
      prepared.rows.left.filter((g) => g.kind !== 'skipped').map((g) => [g.kind, g.count]),
      [['series', 12], ['summary', 1]],
    );
    assert.ok(prepared.fitRows.length > 0 && prepared.fitRows.every((row) => table.rowStatus[row] === 'ok'));
  });

  it('is recognised from the head the editor reads, whole or cut anywhere, with or without a trailing newline', () => {
    const text = trainerStateJson(run);
    assert.ok(text.length > 6 * SNIFF_CHARS);
    const expected = { isRunLog: true, format: 'trainer-state', roles: { step: 'step', loss: 'loss', lr: 'learning_rate' } };
    assert.deepEqual(sniffFile(text, 'trainer_state.json'), expected);
    assert.deepEqual(sniffFile(text.trimEnd(), 'trainer_state.json'), expected);
    // A file being rewritten (the Trainer writes it at every save): cut mid-entry, mid-string, mid-number.
    for (const cut of [20_000, 40_001, 40_013, 70_500]) assert.deepEqual(sniffRunLog(text.slice(0, cut), 'trainer_state.json'), expected, `cut at ${cut}`);
    // The whole file, caught while the trainer rewrites it.
    assert.deepEqual(sniffFile(text.slice(0, 30_000), 'trainer_state.json'), expected);
  });

  it('a 2 MB trainer_state still in training (no summary) is recognised from 64 KB of it', () => {
    const big = curveRun({ maxSteps: 20_000, warmupSteps: 500 });
    const text = trainerStateJson(big, { loggedSteps: 12_000, loggingSteps: 1, evalSteps: 500, stopped: false });
    assert.ok(text.length > 2e6);
    let asked = 0;
    const { head, whole } = sniffHeadOf(
      (n) => {
        asked = Math.max(asked, n);
        return text.slice(0, n);
      },
      text.length,
      'trainer_state.json',
    );
    assert.equal(whole, false);
    assert.equal(asked, 64 * 1024, 'the sniff reads a JSON document’s first 64 KB, never the whole file');
    assert.equal(sniffRunLog(head, 'trainer_state.json').isRunLog, true);
    const table = readRunLog(text, { fileName: 'trainer_state.json' });
    assert.deepEqual(statusCounts(table), { ok: 12_000, series: 24 });
    assert.deepEqual(table.schedule, { maxSteps: 20_000, source: 'max_steps in trainer_state' });
  });

  it('pythonFloat writes what Python’s repr writes', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'], [0.0001, '0.0001'], [0.00001, '1e-05'], [2.5e-5, '2.5e-05'], [1e16, '1e+16'], [123.456, '123.456'],
      [5.87180682510336e17, '5.87180682510336e+17'], [1e15, '1000000000000000.0'], [-0.5, '-0.5'], [1.1999999999999999e-5, '1.1999999999999999e-05'],
    ];
    for (const [x, repr] of cases) assert.equal(pythonFloat(x), repr);
  });
});

describe('W&B run-history export', () => {
  it('train/global_step is the step (not _step, which counts log calls); eval rows are the eval/loss series', () => {
    const text = readFileSync(join(EXAMPLES, 'wandb-history.csv'), 'utf8');
    const run = curveRun({ seed: 31, maxSteps: 10_000, warmupSteps: 500, decay: 'linear', peakLr: 3e-4 });
    assert.equal(text, wandbHistoryCsv(run, { loggedSteps: 6000, loggingSteps: 2, evalSteps: 500 }), 'examples/ is stale: run npm run examples');
    const expected = { step: 'train/global_step', loss: 'train/loss', lr: 'train/learning_rate', D: 'train/num_input_tokens_seen' };
    const sniffed = sniffFile(text, 'wandb-history.csv');
    assert.equal(sniffed.isRunLog, true);
    assert.deepEqual(sniffed.roles, expected);
    const table = readRunLog(text, { fileName: 'wandb-history.csv' });
    assert.deepEqual(bound(table), expected);
    assert.deepEqual(statusCounts(table), { ok: 3000, series: 12 });
    assert.deepEqual(table.lossSeries, ['eval/loss']);
  });

  it('the summary row the W&B integration logs at the end of training is a summary', () => {
    const text = readFileSync(join(EXAMPLES, 'wandb-history.csv'), 'utf8');
    const header = `${text.slice(0, text.indexOf('\n'))},train/train_runtime,train/train_loss,train/total_flos`;
    const rows = text.slice(text.indexOf('\n') + 1).trimEnd().split('\n').map((row) => `${row},,,`);
    rows.push(`3012,2700.5,1733100300.5,2.5,6000,,,,,,,,,2700.5,3.41,7.2e+17`);
    const table = readRunLog(`${header}\n${rows.join('\n')}\n`, { fileName: 'wandb-history.csv' });
    assert.deepEqual(statusCounts(table), { ok: 3000, series: 12, summary: 1 });
    assert.equal(table.rowStatus[table.rowCount - 1], 'summary');
  });

  it('the densest loss column is the curve whatever the column order', () => {
    const rows = ['step,eval/loss,train/loss'];
    for (let s = 1; s <= 400; s++) rows.push(`${s},${s % 100 === 0 ? (3 + 1 / s).toFixed(4) : ''},${(3.1 + 2 / Math.sqrt(s)).toFixed(4)}`);
    const table = readRunLog(`${rows.join('\n')}\n`, { fileName: 'history.csv' });
    assert.equal(table.roles.loss?.column, 'train/loss');
    assert.deepEqual(statusCounts(table), { ok: 400 });
    assert.equal(table.lossSeries, undefined);
  });
});

describe('progress columns: tokens and examples seen', () => {
  it('token counters are D; examples seen are progress (step), below a real step column', () => {
    for (const name of ['tokens_seen', 'consumed_tokens', 'train/tokens', 'num_input_tokens_seen', 'train/num_input_tokens_seen', 'total_tokens', 'Tokens Seen', 'input_tokens_seen']) {
      assert.ok(nameScore('D', name) >= 0.9, `${name} as D: ${nameScore('D', name)}`);
    }
    for (const name of ['Seen Examples', 'examples_seen', 'samples_seen', 'consumed_samples', 'num_examples']) {
      assert.ok(nameScore('step', name) >= 0.6 && nameScore('step', name) < nameScore('step', 'step'), `${name} as step: ${nameScore('step', name)}`);
      assert.equal(nameScore('D', name), 0, `${name} is not D (examples are not tokens)`);
    }
    for (const name of ['_step', 'train/global_step', 'trainer/global_step']) assert.ok(nameScore('step', name) >= 0.8, name);
    assert.ok(nameScore('step', '_step') < nameScore('step', 'train/global_step'));
    assert.ok(nameScore('lr', 'train/learning_rate') >= 0.9);
  });

  it('a learning curve over `Seen Examples` is a run log', () => {
    const rows = ['Seen Examples,Loss,Split'];
    for (let i = 1; i <= 300; i++) rows.push(`${i * 512},${(2 + 8 * (i * 512) ** -0.3).toFixed(4)},Training`);
    const text = `${rows.join('\n')}\n`;
    assert.deepEqual(sniffFile(text, 'curve.csv'), { isRunLog: true, format: 'csv', roles: { step: 'Seen Examples', loss: 'Loss' } });
    // Whole, its last row is read even without a newline after it.
    const lastRowOnly = `Seen Examples,Loss\n${rows.slice(1, 4).map((r) => r.replace(/,Training$/, '')).join('\n')}`;
    assert.equal(readRunLog(lastRowOnly).rowCount, 3);
    assert.deepEqual(sniffFile(lastRowOnly, 'curve.csv').roles, { step: 'Seen Examples', loss: 'Loss' });
    const withStep = readRunLog(text.replace('Seen Examples,', 'step,Seen Examples,').replace(/\n(\d+),/g, (_, n: string) => `\n${Number(n) / 512},${n},`));
    assert.equal(withStep.roles.step?.column, 'step');
  });
});

describe('JSON arrays of records', () => {
  it('12,000 records (1 MB indented, 0.6 MB on one line) are recognised from the first 64 KB', () => {
    const records = Array.from({ length: 12_000 }, (_, i) => ({ step: 10 * (i + 1), tokens_seen: 40_960 * (i + 1), loss: Number((2.5 + 3 / Math.sqrt(i + 1)).toFixed(4)) }));
    for (const text of [JSON.stringify(records, null, 2), JSON.stringify(records)]) {
      assert.ok(text.length > 500_000);
      assert.deepEqual(sniffFile(text, 'curve.json'), { isRunLog: true, format: 'json', roles: { step: 'step', D: 'tokens_seen', loss: 'loss' } });
    }
  });
});

describe('closeJsonPrefix', () => {
  it('cuts after the last complete member and closes what is open, strings with brackets and quotes included', () => {
    assert.equal(closeJsonPrefix('{"a": [1, 2, 3'), '{"a": [1, 2]}');
    assert.equal(closeJsonPrefix('[{"k": "x]}\\"y", "v": 1}, {"k": "z'), '[{"k": "x]}\\"y", "v": 1}]');
    assert.equal(closeJsonPrefix('{"a": 1}\n'), '{"a": 1}');
    assert.equal(closeJsonPrefix('{"a": "\\\\"}'), '{"a": "\\\\"}');
    assert.equal(closeJsonPrefix('{"log_history": ['), '{"log_history": []}');
    assert.equal(closeJsonPrefix('[[1, 2], [3'), '[[1, 2]]');
    assert.equal(closeJsonPrefix('"just a string'), undefined);
    assert.equal(closeJsonPrefix('step,loss\n1,2\n'), undefined);
  });
});

describe('plausibleRoles (quick fixes)', () => {
  const table = readRunLog(
    `a,Loss,Seen Examples,Training\n${Array.from({ length: 50 }, (_, i) => `${(i + 1) * 1e8},${(2 + 1 / (i + 1)).toFixed(3)},${(i + 1) * 512},${0.001 * (i + 1)}`).join('\n')}\n`,
  );
  const roles = (name: string) => plausibleRoles(table.columns.find((c) => c.name === name)!);
  it('offers the roles a column’s name suggests, or its values alone fit; never N for a loss', () => {
    assert.deepEqual(roles('Loss'), ['loss']);
    assert.deepEqual(roles('Seen Examples'), ['step']);
    assert.deepEqual(roles('a'), ['N', 'D', 'step']);
    // 0.001…0.05, not whole numbers: only a learning rate fits (and a loss is at least 0.05).
    assert.deepEqual(roles('Training'), ['lr']);
  });
});
