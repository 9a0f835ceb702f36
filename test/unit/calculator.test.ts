// The calculator webview's maths path (media/calculatorModel.ts → planRun), checked against
// reference-results.md RR-11 and against the `scaling-laws optimal` CLI; plus its input parsing errors,
// the Markdown it copies and the chart spec it draws.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_INPUTS, evaluate, presetParams, type CalculatorPlan, type FieldErrors } from '../../media/calculatorModel';
import { isoflopSpec } from '../../media/isoflopChart';
import { planColumns, planMarkdown, planRows, planSummary } from '../../media/planTable';
import { formatCount } from '../../src/core/format';
import { fitTable } from '../../src/core/fit';
import { planOfFit } from '../../src/core/optimal/planOfFit';
import { readRunLog } from '../../src/core/runlog';
import { LIGHT_THEME } from '../../src/core/plot/theme';
import type { PlanResult } from '../../src/core/optimal/types';
import type { CalculatorFit, CalculatorFits, CalculatorInputs } from '../../src/shared/messages';
import { axisLabels } from './plot-helpers';
import { dataFile } from '../dataPath';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const H100_FLOPS_PER_GPU_HOUR = 989e12 * 0.4 * 3600;

function inputs(overrides: Partial<CalculatorInputs>): CalculatorInputs {
  return { ...DEFAULT_INPUTS, price: '', gpus: '', ...overrides };
}

/** The workspace's fits with `fit` as the active file's. */
function only(fit: CalculatorFit | undefined): CalculatorFits | undefined {
  return fit && { list: [fit], active: fit.id };
}

function plan(overrides: Partial<CalculatorInputs>, fit?: CalculatorFit | CalculatorFits): CalculatorPlan {
  const evaluation = evaluate(inputs(overrides), fit && 'list' in fit ? fit : only(fit));
  assert.ok(evaluation.ok, `unexpected errors: ${JSON.stringify(evaluation.ok ? {} : evaluation.errors)}`);
  return evaluation.plan;
}

function errors(overrides: Partial<CalculatorInputs>, fits?: CalculatorFits): FieldErrors {
  const evaluation = evaluate(inputs(overrides), fits);
  assert.ok(!evaluation.ok, 'expected input errors');
  return evaluation.errors;
}

function close(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected} (rel tol ${rel})`);
}

describe('calculator maths (RR-11, through the webview adapter)', () => {
  // RR-11 optima, each typed the way a user might (plain, with thousands separators, scientific).
  const OPTIMA: Array<{ preset: string; flops: string; N: number; D: number; loss: number; ratio?: number }> = [
    { preset: 'hoffmann2022-rounded', flops: '5.76e23', N: 3.21899e10, D: 2.98231e12, loss: 1.93075, ratio: 92.647 },
    { preset: 'hoffmann2022-unrounded', flops: '5.76E+23', N: 4.03609e10, D: 2.37854e12, loss: 1.91841, ratio: 58.932 },
    { preset: 'besiroglu2024', flops: '576,000,000,000,000,000,000,000', N: 7.23527e10, D: 1.32683e12, loss: 1.97397, ratio: 18.338 },
    { preset: 'kaplan2020', flops: '1e21', N: 6.2312e9, D: 2.6747e10, loss: 2.136 },
  ];
  for (const ref of OPTIMA) {
    it(`${ref.preset} at ${ref.flops} FLOPs`, () => {
      const r = plan({ preset: ref.preset, flops: ref.flops }).result;
      close(r.N, ref.N, 1e-4, 'N');
      close(r.D, ref.D, 1e-4, 'D');
      close(r.loss, ref.loss, 1e-4, 'L');
      if (ref.ratio !== undefined) close(r.tokensPerParam, ref.ratio, 1e-4, 'D/N');
    });
  }

  it('compute needed to reach loss 2.0 (rounded Hoffmann)', () => {
    const r = plan({ preset: 'hoffmann2022-rounded', mode: 'target-loss', targetLoss: '2.0', flops: 'not used in this mode' }).result;
    close(r.flops, 1.110059e23, 1e-4, 'C');
    close(r.N, 1.53032e10, 1e-4, 'N');
    close(r.D, 1.20896e12, 1e-4, 'D');
  });

  it('inference-aware allocation with 1e13 lifetime tokens (tol 1e-3)', () => {
    const r = plan({ preset: 'hoffmann2022-rounded', flops: '5.76e23', mode: 'inference-aware', inferenceTokens: '10T' }).result;
    close(r.N, 1.742e10, 1e-3, 'N');
    close(r.D, 6.365e12, 1e-3, 'D');
    close(r.inference!.totalFlops, 1.013e24, 1e-3, 'total FLOPs');
    close(r.inference!.computeOptimal.N, 3.219e10, 1e-3, 'compute-optimal N');
  });

  it('a GPU-hours budget and a GPUs × days budget convert through peak × MFU × 3600', () => {
    const hours = plan({ budgetKind: 'gpu-hours', gpuHours: String(5.76e23 / H100_FLOPS_PER_GPU_HOUR), gpu: 'h100', peakTflops: '989', mfu: '40%' }).result;
    close(hours.budgetFlops!, 5.76e23, 1e-12, 'budget');
    close(hours.N, 3.21899e10, 1e-4, 'N');
    const cluster = plan({ budgetKind: 'cluster', gpus: '2,048', days: '30', gpu: 'h100', peakTflops: '989', mfu: '0.4', price: '$2.50' }).result;
    close(cluster.budgetFlops!, 2048 * 30 * 24 * H100_FLOPS_PER_GPU_HOUR, 1e-12, 'budget');
    close(cluster.gpuHours!, 2048 * 30 * 24, 1e-9, 'GPU-hours');
    close(cluster.wallClockDays!, 30, 1e-9, 'wall-clock');
    close(cluster.cost!, 2048 * 30 * 24 * 2.5, 1e-9, 'cost');
    close(cluster.ruleOfThumb.tokensPerParam, 20, 1e-12, 'rule of thumb');
  });

  it('an edited peak is a custom device; the preset peak names the preset like the CLI does', () => {
    assert.equal(plan({ gpu: 'a100', peakTflops: '312' }).result.hardware?.gpu, 'NVIDIA A100');
    const custom = plan({ gpu: 'a100', peakTflops: '400' }).result.hardware!;
    assert.equal(custom.peakFlops, 400e12);
    assert.match(custom.gpu, /A100.*400 TFLOP\/s/);
  });

  it('custom constants equal to a preset give the preset numbers; fixed ratio puts D = M·N', () => {
    const preset = plan({ preset: 'hoffmann2022-rounded' }).result;
    const custom = plan({ lawSource: 'custom', preset: 'hoffmann2022-rounded', customParams: presetParams('hoffmann2022-rounded') }).result;
    assert.equal(custom.N, preset.N);
    assert.equal(custom.loss, preset.loss);
    const changed = plan({ lawSource: 'custom', preset: 'hoffmann2022-rounded', customParams: { ...presetParams('hoffmann2022-rounded'), E: '2.5' } }).result;
    close(changed.loss - preset.loss, 2.5 - 1.69, 1e-9, 'E shifts the loss');
    const ratio = plan({ mode: 'fixed-ratio', tokensPerParam: '20', flops: '1.2e23' }).result;
    close(ratio.N, Math.sqrt(1.2e23 / 120), 1e-12, 'N at 20 tokens/param');
    close(ratio.tokensPerParam, 20, 1e-12, 'ratio');
  });

  it('the current fit plans with its own law and warns when the plan leaves the fitted range', () => {
    assert.match(errors({ lawSource: 'current-fit' }).lawSource ?? '', /No current fit/);
    const fit: CalculatorFit = {
      id: 'file:///runs/test.csv#0',
      law: { id: 'chinchilla', params: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 } },
      fittedRange: { N: [7e7, 1.6e10], D: [5e9, 5e11] },
      label: 'chinchilla fit of test.csv',
    };
    const r = plan({ lawSource: 'current-fit', flops: '5.76e23' }, fit).result;
    close(r.N, 3.21899e10, 1e-4, 'N');
    assert.deepEqual(
      r.warnings.map((w) => w.code),
      ['extrapolation', 'extrapolation'],
    );
  });
});

describe("the calculator's fit list", () => {
  /** A fit of a real file as the host lists it (planOfFit, as `optimal --fit` reads a fit). */
  function listed(file: string, id: string): CalculatorFit {
    const fit = fitTable(readRunLog(readFileSync(dataFile(file), 'utf8'), { fileName: file }), { law: 'chinchilla', bootstrap: 0 });
    return { id, ...planOfFit(fit), label: `chinchilla (${file})` };
  }
  const epoch = listed('epoch-chinchilla/svg_extracted_data.csv', 'file:///epoch.csv#0');
  const kyo = listed('kyo-chinchilla-llm/df.csv', 'file:///kyo.csv#0');
  const fits: CalculatorFits = { list: [epoch, kyo], active: kyo.id };

  it("plans with the chosen fit, or the active file's when none is chosen", () => {
    const followed = plan({ lawSource: 'current-fit', flops: '5.76e23' }, fits);
    const chosen = plan({ lawSource: 'current-fit', fit: epoch.id, flops: '5.76e23' }, fits);
    assert.equal(followed.lawLabel, kyo.label);
    assert.equal(chosen.lawLabel, epoch.label);
    assert.notEqual(chosen.result.N, followed.result.N, 'two fits of different data give different N*');
    assert.deepEqual(plan({ lawSource: 'current-fit', fit: epoch.id, flops: '5.76e23' }, { ...fits, active: undefined }).result, chosen.result);
  });

  it('says so when the chosen fit is gone or there is none', () => {
    assert.match(errors({ lawSource: 'current-fit', fit: 'file:///cleared.csv#0' }, fits).fit ?? '', /no longer stored/);
    assert.match(errors({ lawSource: 'current-fit' }, { list: [epoch] }).lawSource ?? '', /No current fit/);
  });
});

describe('calculator input parsing', () => {
  it('reads unit-friendly numbers', () => {
    const r = plan({ mode: 'inference-aware', inferenceTokens: '1.4T', gpus: '2,000', flops: '3e24' }).result;
    assert.equal(r.inference?.tokens, 1.4e12);
    assert.equal(r.hardware?.gpus, 2000);
    assert.equal(r.budgetFlops, 3e24);
  });

  it('puts a message on each offending field', () => {
    const bad = errors({ flops: 'lots', mfu: '1.5', price: 'cheap', gpus: '-3' });
    assert.match(bad.flops ?? '', /'lots' is not a number \(examples: 3e24, 70B/);
    assert.match(bad.mfu ?? '', /between 0 and 1/);
    assert.match(bad.price ?? '', /not a number/);
    assert.match(bad.gpus ?? '', /more than zero/);
    assert.equal(errors({ flops: '' }).flops, 'Required.');
    assert.equal(errors({ budgetKind: 'cluster', gpus: '', days: '7' }).gpus, 'Required.');
    assert.match(errors({ lawSource: 'custom', customParams: { ...presetParams('hoffmann2022-rounded'), alpha: 'x' } })['param:alpha'] ?? '', /not a number/);
  });

  it('engine errors land on the field they concern', () => {
    assert.match(errors({ mode: 'target-loss', targetLoss: '1.5' }).targetLoss ?? '', /irreducible loss E = 1.69/);
    assert.match(errors({ preset: 'no-such-preset' }).preset ?? '', /unknown preset/);
  });
});

describe('calculator outputs', () => {
  it('equal `scaling-laws optimal` for the same inputs', () => {
    const mine = plan({ preset: 'besiroglu2024', flops: '3e24', gpu: 'b200', peakTflops: '2250', mfu: '0.35', gpus: '4,096', price: '3' }).result;
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'optimal', '--law', 'besiroglu2024', '--compute', '3e24', '--gpu', 'b200', '--mfu', '0.35', '--gpus', '4096', '--price', '3', '--json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), JSON.parse(JSON.stringify(mine)));
  });

  it('Markdown has the plan, the rule of thumb and the context lines', () => {
    const p = plan({ preset: 'hoffmann2022-rounded', flops: '5.76e23', gpus: '1024', price: '2' });
    const md = planMarkdown(p.result, p.lawLabel);
    assert.match(md, /\| N \(params\) \| 32\.2B \| 69\.3B \|/);
    assert.match(md, /\| \| compute-optimal \| 20 tokens\/param \|/);
    assert.match(md, /Budget: 5\.76e23 FLOPs/);
    assert.match(md, /NVIDIA H100 SXM × 1\.02K, 9\.89e14 FLOP\/s peak, MFU 40 %/);
    const rows = planRows(p.result, planColumns(p.result)).map((r) => r.key);
    assert.deepEqual(rows, ['N', 'D', 'tokensPerParam', 'loss', 'flops', 'gpuHours', 'wallClockDays', 'cost', 'lr', 'bsTokens', 'bsSequences']);
    // Step Law at the plan's N and D: lr = 1.79·N^−0.713·D^0.307, bs = 0.58·D^0.571 tokens, in sequences of 2,048.
    assert.ok(planSummary(p.result, p.lawLabel).includes('Learning rate and batch size: Step Law (Li et al. 2025) [S]'));
    assert.match(md, /\| peak learning rate \| 3\.9e-4 \| 1\.78e-4 \|/);
    assert.match(md, /\| batch size \(tokens\) \| 7\.7M \| 4\.97M \|/);
    assert.match(md, /\| batch size \(sequences of 2,048\) \| 3\.76K \| 2\.43K \|/);
    const none = plan({ preset: 'hoffmann2022-rounded', flops: '5.76e23', hparams: 'none' });
    assert.equal(none.result.hparams, undefined);
    assert.ok(!planRows(none.result).some((row) => row.key === 'lr'), 'no learning-rate row without a hyperparameter law');
  });

  it('plans with the learning-rate law of the user’s own hparams fit, typed or saved, as the CLI does', () => {
    // The Step Law sweep's own fit (RR-15), as `scaling-laws hparams` prints its constants.
    const own = { lrCoef: '77.6866', lrExpN: '-0.766228', lrExpD: '0.197006', bsCoef: '0.208522', bsExpD: '0.612529' };
    const typed = plan({ preset: 'hoffmann2022-rounded', flops: '1e22', hparams: 'custom', ...own, seqLen: '4,096' });
    const { N, D } = typed.result;
    assert.ok(Math.abs(typed.result.lr! / (77.6866 * N ** -0.766228 * D ** 0.197006) - 1) < 1e-12);
    assert.ok(Math.abs(typed.result.bsTokens! / (0.208522 * D ** 0.612529) - 1) < 1e-12);
    assert.match(typed.result.hparams!.name, /^your law: lr\* = 77\.69 · N\^-0\.7662 · D\^0\.197/);
    const dir = mkdtempSync(join(tmpdir(), 'calc-hparams-'));
    try {
      const file = join(dir, 'steplaw-hparams.json');
      writeFileSync(file, JSON.stringify({ lr: { coef: 77.6866, expN: -0.766228, expD: 0.197006 }, bs: { coef: 0.208522, expD: 0.612529 } }));
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'optimal', '--law', 'hoffmann2022-rounded', '--compute', '1e22', '--hparams', file, '--seq-len', '4096', '--json'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      const fromFile = JSON.parse(cli.stdout) as PlanResult;
      assert.equal(fromFile.lr, typed.result.lr);
      assert.equal(fromFile.bsTokens, typed.result.bsTokens);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const bad = evaluate({ ...DEFAULT_INPUTS, hparams: 'custom', lrExpN: '−0.7' }, undefined);
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : (bad.errors.lrExpN ?? ''), /not a number/);
  });

  it('the IsoFLOP chart compiles and its curve bottoms out at the optimum', async () => {
    // vega-lite is ESM with a top-level await below it: import it, do not require it.
    const { compile } = await import('vega-lite');
    const p = plan({ preset: 'hoffmann2022-rounded', flops: '5.76e23', mode: 'inference-aware', inferenceTokens: '1e13' });
    const lowest = p.curve.reduce((a, b) => (b.loss < a.loss ? b : a));
    const C = p.result.inference!.computeOptimal;
    assert.ok(lowest.loss >= C.loss - 1e-12, 'no point of the curve beats the optimum');
    close(lowest.N, C.N, 0.1, 'curve minimum near the optimum (grid spacing 0.05 decades)');
    const spec = isoflopSpec(p.curve, p.result, LIGHT_THEME, 240);
    const compiled = compile(spec as unknown as Parameters<typeof compile>[0]).spec as { data: Array<{ values?: Array<{ label?: string }> }> };
    const labels = compiled.data.flatMap((d) => d.values ?? []).flatMap((v) => (v.label ? [v.label] : []));
    assert.deepEqual(labels, ['compute-optimal', 'inference-aware', '20 tokens/param']);
    // N ticks in the suffixes of the plan table (B, not SI's G).
    const ticks = (await axisLabels(spec)).get('N (parameters)')!;
    assert.ok(ticks.length >= 2);
    for (const { value, text } of ticks) assert.equal(text, formatCount(value));
    assert.ok(ticks.some(({ text }) => text.endsWith('B')), ticks.map((t) => t.text).join(' '));
  });
});
