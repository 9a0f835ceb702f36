// Sweep assembly (src/core/sweep): N from a column, a config (keys or architecture) or the run's name;
// D from tokens or step × batch × sequence length; which rows each run gives; every row accounted for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRunLog } from '../../src/core/runlog';
import { assembleSweep, countParameters, parseTake, RunConfig, sizeFromName, sweepTableText } from '../../src/core/sweep';

const json = (value: object) => ({ name: 'config.json', text: JSON.stringify(value) });
const PYTHIA_70M = { model_type: 'gpt_neox', hidden_size: 512, num_hidden_layers: 6, num_attention_heads: 8, intermediate_size: 2048, vocab_size: 50304, tie_word_embeddings: false };
const counted = (config: object) => countParameters(new RunConfig([json(config)]))?.value;

describe('parameter count from a Hugging Face config.json', () => {
  // Published totals: the Pythia paper's Table 1 (Biderman et al. 2023), the Hugging Face model cards
  // of gpt2 / gpt2-medium, TinyLlama-1.1B and Llama-2-7b. Config values as in each model's config.json.
  const pythia = (hidden_size: number, num_hidden_layers: number) => ({
    model_type: 'gpt_neox',
    hidden_size,
    num_hidden_layers,
    num_attention_heads: hidden_size / 64,
    intermediate_size: 4 * hidden_size,
    vocab_size: 50304,
    tie_word_embeddings: false,
  });
  const cases: Array<[string, object, number]> = [
    ['pythia-70m', PYTHIA_70M, 70_426_624],
    ['pythia-160m', pythia(768, 12), 162_322_944],
    ['pythia-410m', pythia(1024, 24), 405_334_016],
    ['pythia-1b', { ...pythia(2048, 16), num_attention_heads: 8 }, 1_011_781_632],
    ['pythia-1.4b', pythia(2048, 24), 1_414_647_808],
    ['gpt2', { model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, n_inner: null, n_positions: 1024, vocab_size: 50257 }, 124_439_808],
    ['gpt2-medium', { model_type: 'gpt2', n_embd: 1024, n_layer: 24, n_head: 16, n_inner: null, n_positions: 1024, vocab_size: 50257 }, 354_823_168],
    [
      'TinyLlama-1.1B',
      { model_type: 'llama', hidden_size: 2048, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4, intermediate_size: 5632, vocab_size: 32000, tie_word_embeddings: false },
      1_100_048_384,
    ],
    ['Llama-2-7b', { model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, intermediate_size: 11008, vocab_size: 32000 }, 6_738_415_616],
  ];
  for (const [model, config, published] of cases) it(`${model}: ${published.toLocaleString('en-US')}`, () => assert.equal(counted(config), published));

  it('says which formula and inputs it used, and when the architecture is not one it knows', () => {
    const known = countParameters(new RunConfig([json(cases[0][1])]))!;
    assert.match(known.source, /^config\.json: GPT-NeoX formula \(d 512, 6 layers, vocab 50304, FFN 2048, untied embeddings\) = 70\.43M$/);
    const other = countParameters(new RunConfig([json({ model_type: 'mamba', hidden_size: 768, num_hidden_layers: 24, vocab_size: 50280 })]))!;
    assert.match(other.source, /GPT-NeoX-style formula \(model_type 'mamba' not known\)/);
    assert.equal(countParameters(new RunConfig([json({ hidden_size: 768, vocab_size: 50257 })])), undefined, 'no layer count: no N');
  });
});

describe('N from the run name', () => {
  const n = (name: string) => {
    const size = sizeFromName(name);
    return 'value' in size ? size.value : size.reason;
  };
  it('reads sizes and shapes', () => {
    assert.equal(n('pythia-70m'), 70e6);
    assert.equal(n('llama-350m'), 350e6);
    assert.equal(n('1.3B'), 1.3e9);
    assert.equal(n('gpt3-2.7b'), 2.7e9);
    assert.equal(n('olmo-1b-3t'), 1e9, 'T is the token budget, not a size');
    assert.equal(n('d=512_l=8_h=4'), 12 * 8 * 512 * 512);
  });
  it('gives a reason instead of a guess', () => {
    assert.match(String(n('gpt3-small')), /states no size/);
    assert.match(String(n('run-125m-to-350m')), /holds 2 sizes \(125m, 350m\)/);
    assert.match(String(n('lr3e-4_bs512')), /states no size/);
  });
});

describe('assembleSweep', () => {
  const curve = (rows: number, extra = '') =>
    readRunLog(`step,loss${extra ? `,${extra}` : ''}\n${Array.from({ length: rows }, (_, i) => `${(i + 1) * 100},${(4 - i * 0.1).toFixed(2)}${extra ? `,${(i + 1) * 1e6}` : ''}`).join('\n')}\n`);

  it('takes the final row of each run; N from config keys, architecture and name, in that order', () => {
    const sweep = assembleSweep([
      { name: 'pythia-70m', table: curve(5, 'tokens'), configs: [json({ n_params: 123e6 })] },
      // The config's architecture beats the name (a 70m config in a folder named 160m: the config is read).
      { name: 'pythia-160m', table: curve(5, 'tokens'), configs: [json(PYTHIA_70M)] },
      { name: 'pythia-410m', table: curve(5, 'tokens') },
    ]);
    assert.deepEqual([...sweep.N], [123e6, 70_426_624, 410e6]);
    assert.deepEqual(sweep.runs.map((r) => r.N.source.split(':')[0]), ['config.json', 'config.json', "run name 'pythia-410m'"]);
    assert.deepEqual([...sweep.loss], [3.6, 3.6, 3.6]);
    assert.deepEqual([...sweep.D], [5e6, 5e6, 5e6]);
    assert.deepEqual([...sweep.C], [6 * 123e6 * 5e6, 6 * 70_426_624 * 5e6, 6 * 410e6 * 5e6]);
    assert.equal(sweep.runs[0].D.source, "column 'tokens' of the log");
    assert.equal(sweep.runs[0].C.source, '6·N·D');
    assert.deepEqual(sweep.excluded, ['pythia-70m', 'pythia-160m', 'pythia-410m'].map((run) => ({ run, reason: 'earlier checkpoints (take final)', rows: 4 })));
  });

  it('the user-entered N wins; a run without N is left out with its reason, every row counted', () => {
    const sweep = assembleSweep([
      { name: 'gpt3-small', table: curve(3) },
      { name: 'gpt3-medium', table: curve(3), n: 350e6 },
    ]);
    assert.equal(sweep.rowCount, 1);
    assert.equal(sweep.runs[1].N.source, 'entered by you');
    assert.equal(sweep.runs[1].D.source, 'unknown: no tokens column in the log, and no batch size and sequence length in a config');
    assert.deepEqual(sweep.excluded[0], { run: 'gpt3-small', reason: "N unknown: no N column, no n_params/num_params or architecture in a config, and the run name 'gpt3-small' states no size", rows: 3 });
    const text = sweepTableText(sweep);
    assert.equal(text, 'run,N,loss\ngpt3-medium,350000000,3.8\n', 'no D or C column when no run has them');
  });

  it('D = step × batch × sequence length from a YAML config, and after=F keeps the checkpoints past F of training', () => {
    const yaml = { name: 'hparams.yaml', text: 'model:\n  n_params: 1.0e8\ntraining:\n  global_batch_size: 256\n  seq_len: 2048\n' };
    const sweep = assembleSweep([{ name: 'run-a', table: curve(10), configs: [yaml] }], { take: parseTake('after=0.5') });
    assert.deepEqual([...sweep.step], [500, 600, 700, 800, 900, 1000]);
    assert.deepEqual([...sweep.D], [500, 600, 700, 800, 900, 1000].map((s) => s * 256 * 2048));
    assert.equal(sweep.runs[0].D.source, 'step × 524K tokens per step (hparams.yaml: global_batch_size × hparams.yaml: seq_len)');
    assert.deepEqual(sweep.excluded, [{ run: 'run-a', reason: 'checkpoints before 0.5 of training', rows: 4 }]);
    assert.match(sweepTableText(sweep), /^run,N,D,C,loss,step\nrun-a,100000000,262144000,157286400000000000,3.6,500\n/);
  });

  it('N, D and C columns of the log are used as they are, per row', () => {
    const table = readRunLog('params,tokens,flops,loss\n1e6,1e8,7e14,3.1\n2e6,2e8,3e15,2.9\n');
    const sweep = assembleSweep([{ name: 'grid', table }], { take: parseTake('all') });
    assert.deepEqual([...sweep.N], [1e6, 2e6]);
    assert.deepEqual([...sweep.C], [7e14, 3e15]);
    assert.equal(sweep.runs[0].N.source, "column 'params' of the log");
    assert.equal(sweep.runs[0].C.source, "column 'flops' of the log");
  });

  it('rows without a loss, eval-only entries and a log without a loss column are counted, not lost', () => {
    const trainer = readRunLog(
      JSON.stringify({
        max_steps: 30,
        log_history: [
          { step: 10, loss: 3.0 },
          { step: 10, eval_loss: 3.2 },
          { step: 20, loss: 2.8 },
          { step: 20, eval_loss: 3.0 },
          { step: 30, train_runtime: 100 },
        ],
      }),
    );
    const sweep = assembleSweep(
      [
        { name: 'pythia-70m', table: trainer },
        { name: 'pythia-160m', table: readRunLog('step,lr\n1,0.1\n2,0.1\n') },
      ],
      {},
    );
    assert.deepEqual([...sweep.loss], [2.8]);
    const rows = (run: string) => sweep.excluded.filter((e) => e.run === run).reduce((sum, e) => sum + e.rows, 0);
    assert.equal(rows('pythia-70m') + sweep.runs[0].rows, trainer.rowCount);
    assert.deepEqual(
      sweep.excluded.map((e) => e.reason),
      ['entries of another loss series', 'run summary entries', 'earlier checkpoints (take final)', 'no loss column in the log'],
    );
  });

  it('a config that is neither JSON nor YAML is reported and ignored', () => {
    const sweep = assembleSweep([{ name: 'pythia-70m', table: curve(2), configs: [{ name: 'config.json', text: '{"n_params": ' }] }]);
    assert.equal(sweep.N[0], 70e6);
    assert.match(sweep.runs[0].problems[0], /^'config\.json' could not be read as JSON or YAML/);
  });

  it('--take accepts final, all, after=F and nothing else', () => {
    assert.deepEqual(parseTake('after=0.3'), { kind: 'after', fraction: 0.3 });
    assert.throws(() => parseTake('after=1.5'), /fraction of training in \[0, 1\]/);
    assert.throws(() => parseTake('last'), /--take expects/);
  });
});
