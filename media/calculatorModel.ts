/**
 * The calculator's maths adapter: typed inputs (strings such as `3e24`, `70B`, `2,000`) → a PlanInput
 * → core/optimal's planRun, the same call `scaling-laws optimal` makes. Pure, so the webview runs it on
 * every keystroke and unit tests run exactly this path.
 */
import { formatMonomial, type HparamLaw } from '../src/core/hparams/law';
import { hparamPreset } from '../src/core/hparams/presets';
import { getPreset } from '../src/core/laws/registry';
import { DEFAULT_MFU, getGpu, GPU_PRESETS, type GpuSpec } from '../src/core/optimal/hardware';
import { isoflopCurve, planRun, resolvePlanLaw } from '../src/core/optimal/plan';
import type { Budget, IsoflopPoint, PlanInput, PlanLaw, PlanResult } from '../src/core/optimal/types';
import { parseNumber } from '../src/core/runlog/numbers';
import { UserError } from '../src/core/types';
import type { CalculatorField, CalculatorFit, CalculatorFits, CalculatorInputs } from '../src/shared/messages';

const TERA = 1e12;

export const DEFAULT_INPUTS: CalculatorInputs = {
  budgetKind: 'flops',
  flops: '5.76e23',
  gpuHours: '1M',
  gpus: '1,024',
  days: '30',
  gpu: 'h100',
  peakTflops: peakTflopsOf('h100'),
  mfu: String(DEFAULT_MFU),
  price: '',
  lawSource: 'preset',
  fit: '',
  preset: 'hoffmann2022-rounded',
  customParams: {},
  mode: 'compute-optimal',
  inferenceTokens: '1T',
  tokensPerParam: '20',
  targetLoss: '2.0',
  uniqueTokens: '',
  hparams: 'steplaw-2025',
  ...customHparamsOf('steplaw-2025'),
  seqLen: '2,048',
};

/** A preset's constants as the custom fields' starting values. */
function customHparamsOf(presetId: string): Pick<CalculatorInputs, 'lrCoef' | 'lrExpN' | 'lrExpD' | 'bsCoef' | 'bsExpD'> {
  const { lr, bs } = hparamPreset(presetId)!.law;
  return { lrCoef: String(lr.coef), lrExpN: String(lr.expN ?? 0), lrExpD: String(lr.expD ?? 0), bsCoef: String(bs.coef), bsExpD: String(bs.expD ?? 0) };
}

export type FieldErrors = Partial<Record<CalculatorField, string>>;

export interface CalculatorPlan {
  input: PlanInput;
  result: PlanResult;
  /** Loss vs N at the plan's compute (empty when the law has no N/D trade-off to draw). */
  curve: IsoflopPoint[];
  lawLabel: string;
}

export type Evaluation = { ok: true; plan: CalculatorPlan } | { ok: false; errors: FieldErrors };

/** The preset's peak in TFLOP/s as the field shows it (`989`, `1307.4`). */
export function peakTflopsOf(gpuId: string): string {
  const gpu = getGpu(gpuId);
  return gpu ? String(Number((gpu.peakFlops / TERA).toPrecision(6))) : '';
}

/** The fit the inputs name: the chosen one, or the active file's when none is chosen. */
export function chosenFit(inputs: CalculatorInputs, fits: CalculatorFits | undefined): CalculatorFit | undefined {
  const id = inputs.fit || fits?.active;
  return fits?.list.find((fit) => fit.id === id);
}

/** Inputs → PlanInput, or an error per offending field. */
export function planInputOf(inputs: CalculatorInputs, fits: CalculatorFits | undefined): { input: PlanInput; lawLabel: string } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = new FieldReader(inputs, errors);
  const { mode } = inputs;

  const law = lawOf(inputs, fits, errors);
  const gpu = gpuOf(inputs, read);
  const mfu = read.fraction('mfu');
  const gpus = read.number('gpus', inputs.budgetKind === 'cluster' ? 'required' : 'optional');
  const needsBudget = mode !== 'target-loss';
  let budget: Budget | undefined;
  if (needsBudget && inputs.budgetKind === 'flops') {
    const flops = read.number('flops');
    if (flops !== undefined) budget = { flops };
  } else if (needsBudget && inputs.budgetKind === 'gpu-hours') {
    const gpuHours = read.number('gpuHours');
    if (gpuHours !== undefined && gpu) budget = { gpuHours, gpu, mfu };
  } else if (needsBudget) {
    const days = read.number('days');
    if (days !== undefined && gpus !== undefined && gpu) budget = { gpus, days, gpu, mfu };
  }
  const inferenceTokens = mode === 'inference-aware' ? read.number('inferenceTokens', 'required', true) : undefined;
  const tokensPerParam = mode === 'fixed-ratio' ? read.number('tokensPerParam') : undefined;
  const targetLoss = mode === 'target-loss' ? read.number('targetLoss') : undefined;
  const pricePerGpuHour = read.number('price', 'optional', true);
  const uniqueTokens = law?.law.id === 'data-constrained' ? read.number('uniqueTokens') : undefined;
  const hparamLaw = hparamLawOf(inputs, read);
  const seqLen = hparamLaw ? read.number('seqLen') : undefined;

  if (Object.keys(errors).length > 0 || !law || !gpu) return { errors };
  return {
    lawLabel: law.label,
    input: {
      law: law.law,
      mode,
      ...(budget ? { budget } : {}),
      // As the CLI passes --gpu/--mfu/--gpus: the hardware behind GPU-hours, wall-clock and cost.
      hardware: { gpu, mfu, gpus },
      inferenceTokens,
      tokensPerParam,
      targetLoss,
      pricePerGpuHour,
      fittedRange: law.fittedRange,
      uniqueTokens,
      ...(hparamLaw && seqLen !== undefined ? { hparams: { ...hparamLaw, seqLen } } : {}),
    },
  };
}

/** The hyperparameter law the inputs pick (a preset, or the typed constants of the user's own fit), named. */
function hparamLawOf(inputs: CalculatorInputs, read: FieldReader): { law: HparamLaw; name: string } | undefined {
  if (inputs.hparams === 'none') return undefined;
  if (inputs.hparams !== 'custom') {
    const preset = hparamPreset(inputs.hparams);
    if (!preset) read.fail('hparams', `unknown hyperparameter law '${inputs.hparams}'`);
    return preset && { law: preset.law, name: preset.id };
  }
  const [lrCoef, bsCoef] = [read.number('lrCoef'), read.number('bsCoef')];
  const [lrExpN, lrExpD, bsExpD] = [read.signed('lrExpN'), read.signed('lrExpD'), read.signed('bsExpD')];
  if ([lrCoef, bsCoef, lrExpN, lrExpD, bsExpD].some((v) => v === undefined)) return undefined;
  const law: HparamLaw = { lr: { coef: lrCoef!, expN: lrExpN!, expD: lrExpD! }, bs: { coef: bsCoef!, expD: bsExpD! } };
  return { law, name: `your law: lr* = ${formatMonomial(law.lr)}, bs* = ${formatMonomial(law.bs)} tokens` };
}

/** Inputs → the plan and its IsoFLOP curve, or errors (the engine's own UserErrors land on `plan`). */
export function evaluate(inputs: CalculatorInputs, fits: CalculatorFits | undefined): Evaluation {
  const planned = planInputOf(inputs, fits);
  if ('errors' in planned) return { ok: false, errors: planned.errors };
  try {
    const result = planRun(planned.input);
    return { ok: true, plan: { input: planned.input, result, curve: curveOf(planned.input, result), lawLabel: planned.lawLabel } };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, errors: { [fieldOfError(error.code)]: error.message } };
    throw error;
  }
}

/** The preset's parameters as editable strings (starting values of custom constants). */
export function presetParams(presetId: string): Record<string, string> {
  try {
    return Object.fromEntries(Object.entries(resolvePlanLaw(presetId).params).map(([name, value]) => [name, String(value)]));
  } catch {
    return {};
  }
}

/** The law behind a preset id, or undefined for an unknown id. */
export function presetLawId(presetId: string): string | undefined {
  try {
    return resolvePlanLaw(presetId).id;
  } catch {
    return undefined;
  }
}

/** A human name for a preset: its source line from the registry. */
export function presetLabel(presetId: string): string {
  return getPreset(presetId)?.source ?? presetId;
}

function lawOf(inputs: CalculatorInputs, fits: CalculatorFits | undefined, errors: FieldErrors): { law: PlanLaw; label: string; fittedRange?: CalculatorFit['fittedRange'] } | undefined {
  if (inputs.lawSource === 'current-fit') {
    const fit = chosenFit(inputs, fits);
    if (fit) return fit;
    if (inputs.fit) errors.fit = 'This fit is no longer stored (cleared or fitted again): choose another.';
    else errors.lawSource = 'No current fit: fit a run log (Scaling Laws: Fit Scaling Law) or run a notebook fit.';
    return undefined;
  }
  let preset: PlanLaw;
  try {
    preset = resolvePlanLaw(inputs.preset);
  } catch (error) {
    errors.preset = error instanceof Error ? error.message : String(error);
    return undefined;
  }
  if (inputs.lawSource === 'preset') return { law: preset, label: inputs.preset };
  const params: Record<string, number> = {};
  for (const name of Object.keys(preset.params)) {
    const text = inputs.customParams[name] ?? String(preset.params[name]);
    const value = parseNumber(text);
    if (value === undefined) errors[`param:${name}`] = notANumber(text);
    else params[name] = value;
  }
  const { presetId: _presetId, ...law } = preset;
  return { law: { ...law, params }, label: `custom ${preset.id}` };
}

/** The preset id when the peak is the preset's own (so results name the GPU as the CLI does), else a custom device. */
function gpuOf(inputs: CalculatorInputs, read: FieldReader): string | GpuSpec | undefined {
  const preset = GPU_PRESETS.find((g) => g.id === inputs.gpu);
  const tflops = read.number('peakTflops');
  if (!preset) {
    read.fail('gpu', `unknown GPU '${inputs.gpu}'`);
    return undefined;
  }
  if (tflops === undefined) return undefined;
  const peakFlops = tflops * TERA;
  if (Math.abs(peakFlops - preset.peakFlops) <= 1e-9 * preset.peakFlops) return preset.id;
  return { id: `${preset.id}-custom`, name: `${preset.name} (${inputs.peakTflops.trim()} TFLOP/s)`, peakFlops };
}

function curveOf(input: PlanInput, result: PlanResult): IsoflopPoint[] {
  const C = result.budgetFlops ?? result.flops;
  try {
    return isoflopCurve(input.law, C, 61, { uniqueTokens: input.uniqueTokens, flopsPerToken: input.flopsPerToken });
  } catch {
    // Compute-only laws (kaplan-compute) have no N to vary: the plan stands without a chart.
    return [];
  }
}

const ERROR_FIELDS: Record<string, CalculatorField> = {
  'bad-mfu': 'mfu',
  'bad-gpu': 'peakTflops',
  'bad-gpu-count': 'gpus',
  'unknown-gpu': 'gpu',
  'target-unreachable': 'targetLoss',
};

function fieldOfError(code: string): CalculatorField {
  return ERROR_FIELDS[code] ?? 'plan';
}

function notANumber(text: string): string {
  return text.trim() === '' ? 'Required.' : `'${text.trim()}' is not a number (examples: 3e24, 70B, 1.4T, 2,000).`;
}

/** Reads numeric fields, recording a message per field that does not parse or is out of range. */
class FieldReader {
  constructor(
    private readonly inputs: CalculatorInputs,
    private readonly errors: FieldErrors,
  ) {}

  number(field: Exclude<CalculatorField, 'plan' | 'customParams' | `param:${string}`>, presence: 'required' | 'optional' = 'required', allowZero = false): number | undefined {
    const text = String(this.inputs[field] ?? '').trim();
    if (text === '' && presence === 'optional') return undefined;
    const value = parseNumber(field === 'price' ? text.replace(/^\$/, '') : text);
    if (value === undefined) return this.fail(field, notANumber(text));
    if (value < 0 || (value === 0 && !allowZero)) return this.fail(field, `Must be ${allowZero ? 'zero or more' : 'more than zero'}.`);
    return value;
  }

  /** An exponent: any finite number, negative too. */
  signed(field: 'lrExpN' | 'lrExpD' | 'bsExpD'): number | undefined {
    const text = this.inputs[field].trim();
    const value = Number(text);
    return text !== '' && Number.isFinite(value) ? value : this.fail(field, text === '' ? 'Required.' : `'${text}' is not a number (an exponent such as -0.713).`);
  }

  /** A fraction typed as `0.4` or `40%`. */
  fraction(field: 'mfu'): number | undefined {
    const text = this.inputs[field].trim();
    const percent = text.endsWith('%');
    const value = parseNumber(percent ? text.slice(0, -1) : text);
    if (value === undefined) return this.fail(field, notANumber(text));
    const fraction = percent ? value / 100 : value;
    if (!(fraction > 0 && fraction <= 1)) return this.fail(field, 'Must be between 0 and 1 (or 0–100 %).');
    return fraction;
  }

  fail(field: CalculatorField, message: string): undefined {
    this.errors[field] = message;
    return undefined;
  }
}
