/**
 * `scaling-laws optimal`: plan a training run from a budget and a law (a preset or a fit JSON).
 * A thin shell over core/optimal's planRun; all maths lives there.
 */
import { planRun, resolvePlanLaw } from '../../core/optimal/plan';
import { planOfFit } from '../../core/optimal/planOfFit';
import { planColumns, planRows, planSummary } from '../../core/optimal/planTable';
import type { Budget, FittedRange, PlanInput, PlanLaw, PlanMode, PlanResult } from '../../core/optimal/types';
import { parseNumber } from '../../core/runlog/numbers';
import { UserError, type FitResult } from '../../core/types';
import { EXIT, formatTable, parseCommandArgs, printJson, readWholeFile, writeOut } from '../io';
import { pushAll } from '../../core/arrays';
import { hparamLawOf, hparamPreset, HPARAM_PRESETS } from '../../core/hparams';

const DEFAULT_HPARAMS = 'steplaw-2025';
const DEFAULT_SEQ_LEN = 2048;

const USAGE = `usage: scaling-laws optimal (--law PRESET | --fit FIT.json)
         (--compute C | --gpu-hours H --gpu NAME | --gpus N --days D --gpu NAME) [--mfu F]
         [--inference-tokens T] [--target-loss L] [--tokens-per-param M] [--price P]
         [--unique-tokens U] [--precision BITS] [--flops-per-token F]
         [--hparams PRESET|HPARAMS.json|none] [--seq-len L] [--json]

Numbers accept 5.76e23, 70B, 1.4T. GPUs: a100, h100, h200, b200, mi300x, tpu-v5p (MFU default 0.4).
Modes: compute-optimal (default); --tokens-per-param M fixes D/N; --target-loss L alone finds the
compute for L; --inference-tokens T minimises training + inference FLOPs at the budget's optimal
loss (or at --target-loss).
--hparams: the peak learning rate and batch size of each plan, from a hyperparameter-law preset
(${HPARAM_PRESETS.map((p) => p.id).join(', ')}; default ${DEFAULT_HPARAMS}) or your own \`scaling-laws hparams --json\` result;
batch size in tokens and in sequences of --seq-len tokens (default ${DEFAULT_SEQ_LEN}).`;

const OPTIONS = {
  law: { type: 'string' },
  fit: { type: 'string' },
  compute: { type: 'string' },
  'gpu-hours': { type: 'string' },
  gpus: { type: 'string' },
  days: { type: 'string' },
  gpu: { type: 'string' },
  mfu: { type: 'string' },
  'inference-tokens': { type: 'string' },
  'target-loss': { type: 'string' },
  'tokens-per-param': { type: 'string' },
  price: { type: 'string' },
  'unique-tokens': { type: 'string' },
  precision: { type: 'string' },
  'flops-per-token': { type: 'string' },
  hparams: { type: 'string' },
  'seq-len': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw usage(`unexpected argument '${positionals[0]}'`);
  const result = planRun(planInput(values));
  if (values.json) printJson(result);
  else writeOut(renderPlan(result));
  return EXIT.ok;
}

function planInput(values: Values): PlanInput {
  if ((values.law === undefined) === (values.fit === undefined)) throw usage('give exactly one of --law PRESET or --fit FIT.json');
  const { law, fittedRange } = values.law !== undefined ? { law: resolvePlanLaw(values.law), fittedRange: undefined } : readFit(values.fit as string);
  const num = (flag: keyof Values) => {
    const text = values[flag];
    if (typeof text !== 'string') return undefined;
    const value = parseNumber(text);
    if (value === undefined) throw usage(`--${flag} expects a number such as 5.76e23 or 70B, got '${text}'`);
    return value;
  };
  const inferenceTokens = num('inference-tokens');
  const tokensPerParam = num('tokens-per-param');
  const targetLoss = num('target-loss');
  if (tokensPerParam !== undefined && (targetLoss !== undefined || inferenceTokens !== undefined)) {
    throw usage('--tokens-per-param cannot be combined with --target-loss or --inference-tokens');
  }
  const mode: PlanMode =
    inferenceTokens !== undefined ? 'inference-aware' : tokensPerParam !== undefined ? 'fixed-ratio' : targetLoss !== undefined ? 'target-loss' : 'compute-optimal';
  const budget = budgetOf(values, num);
  if (!budget && !(mode === 'target-loss' || (mode === 'inference-aware' && targetLoss !== undefined))) {
    throw usage('give a budget: --compute C, --gpu-hours H --gpu NAME, or --gpus N --days D --gpu NAME');
  }
  const mfu = num('mfu');
  const gpus = num('gpus');
  return {
    law,
    mode,
    ...(budget ? { budget } : {}),
    // The budget's own GPU wins; this also carries --gpus (wall-clock) and a GPU for --compute budgets.
    ...(values.gpu !== undefined ? { hardware: { gpu: values.gpu, mfu, gpus } } : {}),
    inferenceTokens,
    tokensPerParam,
    targetLoss,
    pricePerGpuHour: num('price'),
    fittedRange,
    flopsPerToken: num('flops-per-token'),
    uniqueTokens: num('unique-tokens'),
    precisionBits: num('precision'),
    ...hparamsOf(values.hparams ?? DEFAULT_HPARAMS, num('seq-len') ?? DEFAULT_SEQ_LEN),
  };
}

/** `--hparams`: a preset id, `none`, or the path of a saved `hparams --json` result. */
function hparamsOf(choice: string, seqLen: number): Pick<PlanInput, 'hparams'> {
  if (choice === 'none') return {};
  const preset = hparamPreset(choice);
  if (preset) return { hparams: { law: preset.law, name: preset.id, seqLen } };
  if (!/\.json$/i.test(choice)) throw usage(`--hparams: '${choice}' is neither a preset (${HPARAM_PRESETS.map((p) => p.id).join(', ')}, none) nor a .json file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(readWholeFile(choice)));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read --hparams ${choice}: ${error instanceof Error ? error.message : String(error)}`, 'unreadable-input');
  }
  const law = hparamLawOf(parsed);
  if (!law) throw new UserError(`${choice} is not a hyperparameter law (expected "lr": {"coef", "expN", "expD"} and "bs": {"coef", "expD"}, as \`scaling-laws hparams --json\` writes)`, 'bad-input');
  return { hparams: { law, name: choice, seqLen } };
}

function budgetOf(values: Values, num: (flag: keyof Values) => number | undefined): Budget | undefined {
  const compute = num('compute');
  const gpuHours = num('gpu-hours');
  const gpus = num('gpus');
  const days = num('days');
  const mfu = num('mfu');
  const given = [compute !== undefined, gpuHours !== undefined, days !== undefined].filter(Boolean).length;
  if (given > 1) throw usage('give only one budget: --compute, --gpu-hours, or --gpus with --days');
  if (compute !== undefined) return { flops: compute };
  const gpu = values.gpu;
  if (gpuHours !== undefined) {
    if (gpu === undefined) throw usage('--gpu-hours needs --gpu NAME');
    return { gpuHours, gpu, mfu };
  }
  if (days !== undefined) {
    if (gpu === undefined || gpus === undefined) throw usage('--days needs --gpus N and --gpu NAME');
    return { gpus, days, gpu, mfu };
  }
  return undefined;
}

/** The law and fitted range of a fit-result JSON (product.md contract) written by `fit --json`. */
function readFit(path: string): { law: PlanLaw; fittedRange?: FittedRange } {
  let fit: unknown;
  try {
    fit = JSON.parse(new TextDecoder().decode(readWholeFile(path)));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read fit ${path}: ${error instanceof Error ? error.message : String(error)}`, 'unreadable-input');
  }
  const f = fit as { law?: { id?: unknown; formula?: unknown }; params?: unknown; range?: unknown; request?: unknown };
  if (typeof f?.law?.id !== 'string' || typeof f.params !== 'object' || f.params === null) {
    throw new UserError(`${path} is not a fit result (expected "law": {"id": …} and "params": {…})`, 'bad-input');
  }
  const request = isRecord(f.request) && isRecord(f.request.options) ? { options: f.request.options as Record<string, number | string | boolean> } : undefined;
  return planOfFit({
    law: { id: f.law.id, formula: typeof f.law.formula === 'string' ? f.law.formula : '' },
    params: f.params as Record<string, number>,
    range: (isRecord(f.range) ? f.range : {}) as FitResult['range'],
    request,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usage(message: string): UserError {
  return new UserError(`${message}\n\n${USAGE}`, 'usage');
}

/** The plan's context and its table: the plan, (the compute-optimal model,) and 20 tokens/param. */
function renderPlan(r: PlanResult): string {
  const columns = planColumns(r);
  const lines = planSummary(r, r.law.presetId ?? r.law.id);
  lines.push('', formatTable(['', ...columns.map((c) => c.label)], planRows(r, columns).map((row) => [row.label, ...row.cells])));
  if (r.warnings.length > 0) pushAll(lines, ['', 'warnings:', ...r.warnings.map((w) => `  [${w.code}] ${w.message}`)]);
  return lines.join('\n');
}
