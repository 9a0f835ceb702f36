// Real sweeps through `scaling-laws sweep`: each data set of ../shared/data is written one folder per run
// into a temporary directory (the layout a training framework leaves), assembled by the CLI command, and
// fitted. The table must hold exactly the rows assembled by hand from the same data, and give the same fit.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import type { SweepJson } from '../../src/cli/commands/sweep';
import { maxOf } from '../../src/core/arrays';
import { fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { countParameters, RunConfig } from '../../src/core/sweep';
import type { FitRequest } from '../../src/core/types';
import { cliFromSource } from '../unit/cli-helpers';
import { dataFile } from '../dataPath';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'sweep-real-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function sweep(...args: string[]): { json: SweepJson; text: string } {
  const out = join(root, `table-${Math.random().toString(36).slice(2)}.csv`);
  // A child process, as a user's shell runs it (the test runner reports on this process's stdout).
  const { code, stdout, stderr } = cliFromSource(['sweep', ...args, '--out', out, '--json']);
  assert.equal(code, 0, stderr);
  return { json: JSON.parse(stdout) as SweepJson, text: readFileSync(out, 'utf8') };
}

type Row = [run: string, N: number, D: number, loss: number];

/** A hand-assembled table in the sweep's CSV layout (C = 6·N·D as the sweep computes it). */
function handTable(rows: Row[], withC: (row: Row) => number = ([, N, D]) => 6 * N * D): string {
  return `run,N,D,C,loss\n${rows.map((r) => [r[0], r[1], r[2], withC(r), r[3]].join(',')).join('\n')}\n`;
}

/** Rows as sorted lines, so membership and values are compared exactly, whatever the order. */
const lines = (text: string) => text.trimEnd().split('\n').slice(1).sort();
/** A table line without the step column that --take all / after=F add. */
const withoutStep = (line: string) => line.split(',').slice(0, 5).join(',');

/** Same data, same fit: both tables fitted the same way give the same parameters and objective. */
function assertSameFit(sweepText: string, handText: string, request: FitRequest = { law: 'chinchilla' }): void {
  const a = fitTable(readRunLog(sweepText, { fileName: 'sweep.csv' }), request);
  const b = fitTable(readRunLog(handText, { fileName: 'hand.csv' }), request);
  assert.equal(a.n, b.n);
  for (const [name, value] of Object.entries(b.params)) assert.ok(Math.abs(a.params[name] - value) <= 1e-9 * Math.abs(value), `${name}: ${a.params[name]} vs ${value}`);
  assert.ok(Math.abs(a.objective.value - b.objective.value) <= 1e-12 + 1e-9 * b.objective.value);
}

function rowsLeft(json: SweepJson): number {
  return json.excluded.reduce((sum, e) => sum + e.rows, 0);
}

describe('scaling-laws sweep on real sweeps', () => {
  it('GPT-3 curves, 8 models: N from config.json n_params (named sizes) or the run name; final and after=0.5', () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(dataFile('gpt3-curves/extracted.csv'), 'utf8').trim(), { header: true }).data;
    // GPT-3 paper Table 2.1: the four smallest are named, not sized, in the data.
    const published: Record<string, number> = { small: 125e6, medium: 350e6, large: 760e6, xl: 1.3e9, '2.7b': 2.7e9, '6.7b': 6.7e9, '13b': 13e9, '175b': 175e9 };
    const dir = join(root, 'gpt3');
    for (const model of Object.keys(published)) {
      const own = rows.filter((r) => r.model === model);
      write(join(dir, `gpt3-${model}`, 'log.csv'), `tokens (B),train_loss,val_loss\n${own.map((r) => `${r.step},${r.train_loss},${r.val_loss}`).join('\n')}\n`);
      if (!/\d/.test(model)) write(join(dir, `gpt3-${model}`, 'config.json'), JSON.stringify({ n_params: published[model] }));
    }
    const final = sweep(dir, '--map', 'loss=train_loss');
    assert.equal(final.json.rows, 8);
    assert.deepEqual(final.json.runs.map((r) => r.N.source.split(':')[0]).sort(), [...Array(4).fill('config.json'), ...['13b', '175b', '2.7b', '6.7b'].map((m) => `run name 'gpt3-${m}'`)].sort());
    const hand = Object.entries(published).map(([model, N]): Row => {
      const train = rows.filter((r) => r.model === model && r.train_loss !== '');
      const last = train.reduce((a, b) => (Number(b.step) >= Number(a.step) ? b : a));
      return [`gpt3-${model}`, N, Number(last.step) * 1e9, Number(last.train_loss)];
    });
    assert.deepEqual(lines(final.text), lines(handTable(hand)));
    assert.equal(rowsLeft(final.json) + final.json.rows, rows.length, 'every row of every log is in the table or counted as left out');

    const later = sweep(dir, '--map', 'loss=train_loss', '--take', 'after=0.5');
    const handLater = Object.entries(published).flatMap(([model, N]) => {
      const train = rows.filter((r) => r.model === model && r.train_loss !== '');
      const end = maxOf(train.map((r) => Number(r.step)));
      return train.filter((r) => Number(r.step) >= 0.5 * end).map((r): Row => [`gpt3-${model}`, N, Number(r.step) * 1e9, Number(r.train_loss)]);
    });
    assert.equal(later.json.rows, handLater.length);
    assert.deepEqual(
      lines(later.text).map(withoutStep),
      lines(handTable(handLater)),
    );
    assertSameFit(later.text, handTable(handLater.sort((a, b) => later.json.runs.findIndex((r) => r.name === a[0]) - later.json.runs.findIndex((r) => r.name === b[0]))));
  });

  it('OLMo, one folder per model: N from the num_params column, D = step × batch × sequence length of the config', () => {
    const text = readFileSync(dataFile('olmo/olmo.csv'), 'utf8');
    const [header, ...raw] = text.trimEnd().split('\n');
    const records = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    assert.equal(records.length, raw.length, 'one line per record');
    // OLMo paper (Groeneveld et al. 2024): 2,048-token sequences, 2,048 of them per step for 1B, 2,160 for 7B.
    const batch: Record<string, number> = { 'OLMo-1B': 2048, 'OLMo-7B': 2160, 'OLMo-7B-Twin-2T': 2160 };
    const dir = join(root, 'olmo');
    for (const model of Object.keys(batch)) {
      const own = raw.filter((_, i) => records[i].model_name.trim() === model);
      write(join(dir, model, 'log.csv'), `${header}\n${own.join('\n')}\n`);
      write(join(dir, model, 'config.json'), JSON.stringify({ global_batch_size: batch[model], seq_len: 2048 }));
    }
    // The 7B checkpoints name the tokens they had seen, rounded (`step556000-tokens2460B`): the config's D
    // agrees. (The OLMo-1B rows of this file carry the same names, up to the 7B run's last step: not its own.)
    const named = records.filter((r) => r.model_name.startsWith('OLMo-7B') && r.checkpoint.includes('tokens'));
    assert.ok(named.length > 900);
    for (const r of named) {
      const stated = Number(/tokens(\d+)B/.exec(r.checkpoint)![1]) * 1e9;
      assert.equal(Math.round((Number(r.Step) * batch[r.model_name] * 2048) / 1e9) * 1e9, stated, r.checkpoint);
    }
    // The 7B runs log mc4_en under this name; OLMo-1B's rows have it under another (v2-small-…) and are
    // left out, counted: no value in the loss column the sweep reads.
    const loss = 'mc4_en-validation/CrossEntropyLoss';
    const result = sweep(dir, '--map', `loss=${loss}`, '--take', 'after=0.3');
    assert.deepEqual(result.json.excluded.find((e) => e.run === 'OLMo-1B'), { run: 'OLMo-1B', reason: 'entries of another loss series', rows: 735 });
    const taken = result.json.runs.filter((r) => r.rows > 0);
    assert.deepEqual(taken.map((r) => r.name), ['OLMo-7B', 'OLMo-7B-Twin-2T']);
    assert.ok(taken.every((r) => r.N.source === "column 'num_params' of the log"));
    assert.ok(taken.every((r) => /^step × 4\.\d+M tokens per step \(config\.json: global_batch_size × config\.json: seq_len\)$/.test(r.D.source)));
    const hand = ['OLMo-7B', 'OLMo-7B-Twin-2T'].flatMap((model) => {
      const own = records.filter((r) => r.model_name.trim() === model && r[loss] !== '');
      const end = maxOf(own.map((r) => Number(r.Step)));
      return own.filter((r) => Number(r.Step) >= 0.3 * end).map((r): Row => [model, Number(r.num_params.replace('B', '')) * 1e9, Number(r.Step) * batch[model] * 2048, Number(r[loss])]);
    });
    assert.deepEqual(lines(result.text).map(withoutStep), lines(handTable(hand)));
    assert.equal(rowsLeft(result.json) + result.json.rows, records.length);
    // Both runs are 7B: a law in D (the tokens the config gave), not in N.
    assertSameFit(result.text, handTable(hand), { law: 'saturating-power', x: 'D' });
  });

  it('(Mis)Fitting, 11 models with checkpoints: N, D and C columns of the logs, every checkpoint (--take all)', () => {
    const text = readFileSync(dataFile('misfitting/scaling_results.csv'), 'utf8');
    const [header, ...raw] = text.trimEnd().split('\n');
    const records = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    const models = [...new Set(records.map((r) => r.model))];
    assert.equal(models.length, 11);
    const dir = join(root, 'misfitting');
    for (const model of models) write(join(dir, model, 'scaling_results.csv'), `${header}\n${raw.filter((_, i) => records[i].model === model).join('\n')}\n`);
    const result = sweep(dir, '--take', 'all');
    assert.equal(result.json.runs.length, 11);
    assert.ok(result.json.runs.every((r) => r.N.source === "column 'N' of the log" && r.C.source === "column 'C' of the log"));
    const order = result.json.runs.map((r) => r.name);
    const hand = [...records].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model)).map((r): Row & { C?: number } => [r.model, Number(r.N), Number(r.D), Number(r.loss)]);
    const cOf = new Map(records.map((r) => [`${r.model},${r.N},${r.D},${r.loss}`, Number(r.C)]));
    const handText = handTable(hand, ([run, N, D, loss]) => cOf.get(`${run},${N},${D},${loss}`)!);
    assert.deepEqual(lines(result.text).map(withoutStep), lines(handText));
    assertSameFit(result.text, handText);
  });

  it('gzip runs, one results.json per run: N from model_size, which is the Llama formula of its config', () => {
    interface Gzip { dataset_name: string; token_ct: number; model_size: number; num_epochs: number; valid_loss: number[]; model_stats: Record<string, number> }
    const records = readFileSync(dataFile('gzip-runs/results_new.jsonl'), 'utf8').trim().split('\n');
    const parsed = records.map((line) => JSON.parse(line) as Gzip);
    // The data's model_size is every weight of a Llama of its model_stats (untied, gated MLP, RMSNorm).
    for (const r of parsed) assert.equal(countParameters(new RunConfig([{ name: 'config.json', text: JSON.stringify({ ...r.model_stats, model_type: 'llama' }) }]))?.value, r.model_size);
    const dataset = '/gzipscale-0.12-10M';
    const dir = join(root, 'gzip', 'gzipscale-0.12');
    parsed.forEach((r, i) => {
      if (r.dataset_name !== dataset) return;
      write(join(dir, `h${r.model_stats.hidden_size}_l${r.model_stats.num_hidden_layers}_t${r.token_ct}`, 'results.json'), `${records[i]}\n`);
    });
    const result = sweep(dir);
    assert.equal(result.json.rows, 30);
    assert.ok(result.json.runs.every((r) => r.N.source === "column 'model_size' of the log" && r.D.source === "column 'token_ct' of the log"));
    const order = result.json.runs.map((r) => r.name);
    const hand = parsed
      .filter((r) => r.dataset_name === dataset)
      .map((r): Row => [`h${r.model_stats.hidden_size}_l${r.model_stats.num_hidden_layers}_t${r.token_ct}`, r.model_size, r.token_ct * r.num_epochs, r.valid_loss[r.valid_loss.length - 1]])
      .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    assert.equal(result.text, handTable(hand));
    assertSameFit(result.text, handTable(hand));
  });
});
