// `scaling-laws sweep`: which files of a folder are runs, logs and configs, in the layouts training
// frameworks write; usage errors exit 2.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SweepJson } from '../../src/cli/commands/sweep';
import { findRuns } from '../../src/cli/sweepRuns';
import { cliFromSource, STACK_LINE } from './cli-helpers';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-sweep-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const trainerState = (steps: number[]) => JSON.stringify({ max_steps: steps.at(-1), log_history: steps.map((step) => ({ step, loss: 4 - step / 1000 })) });

describe('sweep: finding the runs', () => {
  it('transformers output folders: the root trainer_state.json over the checkpoints, config.json beside it', async () => {
    for (const size of ['70m', '160m']) {
      write(`hf/pythia-${size}/checkpoint-500/trainer_state.json`, trainerState([100, 500]));
      write(`hf/pythia-${size}/checkpoint-1000/trainer_state.json`, trainerState([100, 500, 1000]));
      write(`hf/pythia-${size}/trainer_state.json`, trainerState([100, 500, 1000, 1200]));
      write(`hf/pythia-${size}/config.json`, '{}');
      write(`hf/pythia-${size}/tokenizer_config.json`, '{}');
    }
    const runs = await findRuns([join(root, 'hf')]);
    assert.deepEqual(runs.map((r) => r.name), ['pythia-70m', 'pythia-160m'], 'sorted with numbers by value');
    assert.equal(runs[0].log, join(root, 'hf/pythia-70m/trainer_state.json'));
    assert.deepEqual(runs[0].configs, [join(root, 'hf/pythia-70m/config.json')]);
    assert.equal(runs[0].unread.length, 2);
  });

  it('Lightning version folders with hparams.yaml; logs side by side are one run each; a checkpoint log is named after its run', async () => {
    write('pl/lightning_logs/version_0/metrics.csv', 'step,train_loss\n1,3\n');
    write('pl/lightning_logs/version_0/hparams.yaml', 'n_params: 1e6\n');
    write('pl/lightning_logs/version_1/metrics.csv', 'step,train_loss\n1,3\n');
    assert.deepEqual((await findRuns([join(root, 'pl/lightning_logs')])).map((r) => [r.name, r.configs.length]), [['version_0', 1], ['version_1', 0]]);
    write('flat/llama-350m.csv', 'step,loss\n1,3\n');
    write('flat/llama-1b.csv', 'step,loss\n1,3\n');
    assert.deepEqual((await findRuns([join(root, 'flat')])).map((r) => r.name), ['llama-1b', 'llama-350m']);
    const file = write('out/gpt-125m/checkpoint-9/trainer_state.json', trainerState([1]));
    assert.equal((await findRuns([file]))[0].name, 'gpt-125m');
  });
});

describe('scaling-laws sweep', () => {
  it('--json reports each run with its N, D and C and where they came from; --n states a size', () => {
    write('cli/gpt3-small/log.csv', 'step,loss,tokens\n1,4.0,1e9\n2,3.5,2e9\n');
    write('cli/pythia-70m/log.csv', 'step,loss,tokens\n1,4.0,1e9\n2,3.4,2e9\n');
    const out = join(root, 'table.csv');
    const r = cliFromSource(['sweep', join(root, 'cli'), '--n', 'gpt3-small=125M', '--json', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as SweepJson;
    assert.deepEqual(json.runs.map((run) => [run.name, run.N.value, run.N.source, run.C.value]), [
      ['gpt3-small', 125e6, 'entered by you', 6 * 125e6 * 2e9],
      ['pythia-70m', 70e6, "run name 'pythia-70m': 70m = 70M", 6 * 70e6 * 2e9],
    ]);
    assert.deepEqual(json.columns, ['run', 'N', 'D', 'C', 'loss']);
    assert.deepEqual(json.table[1], ['pythia-70m', 70e6, 2e9, 6 * 70e6 * 2e9, 3.4]);
    assert.equal(readFileSync(out, 'utf8'), `run,N,D,C,loss\ngpt3-small,125000000,2000000000,1500000000000000000,3.5\npythia-70m,70000000,2000000000,840000000000000000,3.4\n`);
    const human = cliFromSource(['sweep', join(root, 'cli')]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /gpt3-small: 2 rows, N unknown: .*'gpt3-small' states no size/);
    // No run with an N: the report, then exit 2.
    const none = cliFromSource(['sweep', join(root, 'cli/gpt3-small')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no run gave a row: each needs a loss and an N/);
  });

  it('usage errors exit 2 with a message and no stack', () => {
    for (const args of [['sweep'], ['sweep', join(root, 'nothing-here')], ['sweep', join(root, 'cli'), '--take', 'last'], ['sweep', join(root, 'cli'), '--n', 'no-such-run=1B']]) {
      const r = cliFromSource(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, STACK_LINE);
    }
    mkdirSync(join(root, 'empty'));
    assert.match(cliFromSource(['sweep', join(root, 'empty')]).stderr, /no run logs/);
  });
});
