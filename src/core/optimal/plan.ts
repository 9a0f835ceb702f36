/**
 * The one entry point the CLI `optimal`, the calculator panel and the notebook share: a budget and a
 * law in, a run plan out (N, D, tokens/param, predicted loss, GPU-hours, wall-clock, cost, the
 * 20-tokens/param comparison, inference-aware numbers and warnings).
 */
import { getLaw, listPresets, getPreset } from '../laws/registry';
import { formatNumber, formatPercent } from '../format';
import { UserError } from '../types';
import { recommendHparams } from '../hparams/law';
import { DEFAULT_FLOPS_PER_TOKEN } from './chinchilla';
import {
  flopsFromGpuHours,
  gpuHoursFromCluster,
  resolveHardware,
  runCost,
  type Hardware,
} from './hardware';
import { inferenceAwareAllocation, INFERENCE_FLOPS_PER_PARAM } from './inference';
import { KAPLAN_FRONTIER_PRESET } from './kaplan';
import { lawModel, type LawContext, type LawModel } from './lawModel';
import { fixedRatioAllocation, RULE_OF_THUMB_TOKENS_PER_PARAM } from './ratio';
import type { Budget, FittedRange, IsoflopPoint, PlanInput, PlanLaw, PlanPoint, PlanResult, PlanWarning } from './types';
import { pushAll } from '../arrays';

export function planRun(input: PlanInput): PlanResult {
  const f = input.flopsPerToken ?? DEFAULT_FLOPS_PER_TOKEN;
  requirePositive(f, 'FLOPs per token');
  const ctx: LawContext = { flopsPerToken: f, uniqueTokens: input.uniqueTokens, precisionBits: input.precisionBits };
  const model = lawModel(input.law, ctx);
  const hw = hardwareOf(input);
  const budgetFlops = input.budget ? budgetToFlops(input.budget, hw) : undefined;
  if (input.pricePerGpuHour !== undefined) requirePositive(input.pricePerGpuHour, 'price per GPU-hour', true);
  const hparams = input.hparams;
  if (hparams) requirePositive(hparams.seqLen, 'sequence length');
  const point = (N: number, D: number, loss: number): PlanPoint => {
    const at = makePoint(N, D, loss, f, hw, input.pricePerGpuHour);
    if (!hparams) return at;
    const rec = recommendHparams(hparams.law, { N, D, C: at.flops });
    return { ...at, lr: rec.lr, bsTokens: rec.bsTokens };
  };
  const warnings: PlanWarning[] = [...model.warnings];
  const needBudget = (): number => {
    if (budgetFlops === undefined) throw new UserError(`mode '${input.mode}' needs a compute budget`, 'missing-budget');
    return budgetFlops;
  };

  let main: PlanPoint;
  let inference: PlanResult['inference'];
  switch (input.mode) {
    case 'compute-optimal': {
      const opt = model.optimum(needBudget());
      if (opt.atBound) warnings.push(atBoundWarning());
      main = point(opt.N, opt.D, opt.loss);
      break;
    }
    case 'fixed-ratio': {
      const ratio = input.tokensPerParam;
      if (ratio === undefined) throw new UserError("mode 'fixed-ratio' needs tokens per parameter", 'missing-input');
      requirePositive(ratio, 'tokens per parameter');
      const { N, D } = fixedRatioAllocation(needBudget(), ratio, f);
      main = point(N, D, model.lossAt(N, D));
      break;
    }
    case 'target-loss': {
      const target = requireTarget(input.targetLoss);
      const C = model.computeForLoss(target);
      if (C === undefined) throw unreachable(target, input.law);
      const opt = model.optimum(C);
      main = point(opt.N, opt.D, opt.loss);
      break;
    }
    case 'inference-aware': {
      ({ main, inference } = inferencePlan(input, model, budgetFlops, point, f));
      if (budgetFlops !== undefined && main.flops > budgetFlops * (1 + 1e-9)) {
        warnings.push({
          code: 'over-budget',
          message:
            `The inference-aware model needs ${formatPercent(main.flops / budgetFlops - 1)} more training compute than the budget to reach ` +
            'the same loss; it pays off through cheaper inference (lower total FLOPs).',
        });
      }
      break;
    }
    default:
      throw new UserError(`unknown mode '${String(input.mode)}'`, 'usage');
  }
  ensureFinite(main, input.law);

  const thumb = fixedRatioAllocation(budgetFlops ?? main.flops, RULE_OF_THUMB_TOKENS_PER_PARAM, f);
  const ruleOfThumb = point(thumb.N, thumb.D, model.lossAt(thumb.N, thumb.D));
  pushAll(warnings, extrapolationWarnings(main, input.fittedRange));

  return {
    ...main,
    law: { id: input.law.id, ...(input.law.presetId ? { presetId: input.law.presetId } : {}) },
    mode: input.mode,
    method: input.mode === 'fixed-ratio' ? 'closed-form' : model.method,
    flopsPerToken: f,
    ...(budgetFlops !== undefined ? { budgetFlops } : {}),
    ...(hw ? { hardware: { gpu: hw.gpu.name, peakFlops: hw.gpu.peakFlops, mfu: hw.mfu, ...(hw.gpus !== undefined ? { gpus: hw.gpus } : {}) } } : {}),
    ruleOfThumb,
    ...(inference ? { inference } : {}),
    ...(hparams ? { hparams: { name: hparams.name, seqLen: hparams.seqLen } } : {}),
    warnings,
  };
}

function inferencePlan(
  input: PlanInput,
  model: LawModel,
  budgetFlops: number | undefined,
  point: (N: number, D: number, loss: number) => PlanPoint,
  f: number,
): { main: PlanPoint; inference: NonNullable<PlanResult['inference']> } {
  const tokens = input.inferenceTokens;
  if (tokens === undefined) throw new UserError("mode 'inference-aware' needs the lifetime inference tokens", 'missing-input');
  requirePositive(tokens, 'inference tokens', true);
  const iso = model.isoLossTokens;
  if (!model.allocates || !iso) {
    throw new UserError(`law '${input.law.id}' depends on compute only; inference-aware allocation needs a law of N and D`, 'unsupported-mode');
  }
  // Without an explicit target the model must match what the budget would buy at the compute optimum.
  let target: number;
  let computeOptimalC: number;
  if (input.targetLoss !== undefined) {
    target = requireTarget(input.targetLoss);
    const C = model.computeForLoss(target);
    if (C === undefined) throw unreachable(target, input.law);
    computeOptimalC = C;
  } else {
    if (budgetFlops === undefined) throw new UserError("mode 'inference-aware' needs a compute budget or a target loss", 'missing-budget');
    computeOptimalC = budgetFlops;
    target = model.optimum(budgetFlops).loss;
  }
  const opt = model.optimum(computeOptimalC);
  const alloc = inferenceAwareAllocation((N) => iso(N, target), opt.N, tokens, f);
  const main = point(alloc.N, alloc.D, model.lossAt(alloc.N, alloc.D));
  const reference = point(opt.N, opt.D, opt.loss);
  const referenceTotal = reference.flops + INFERENCE_FLOPS_PER_PARAM * opt.N * tokens;
  return {
    main,
    inference: {
      tokens,
      targetLoss: target,
      inferenceFlops: alloc.inferenceFlops,
      totalFlops: alloc.totalFlops,
      computeOptimal: { ...reference, totalFlops: referenceTotal },
      savedFraction: 1 - alloc.totalFlops / referenceTotal,
    },
  };
}

/**
 * Loss vs N at fixed compute (D = C/(f·N)), `nPoints` log-spaced over ±`decades` around the
 * compute-optimal N — the calculator's small chart.
 */
export function isoflopCurve(
  law: PlanLaw,
  C: number,
  nPoints = 41,
  options: { flopsPerToken?: number; uniqueTokens?: number; precisionBits?: number; decades?: number } = {},
): IsoflopPoint[] {
  const f = options.flopsPerToken ?? DEFAULT_FLOPS_PER_TOKEN;
  requirePositive(C, 'compute');
  requirePositive(f, 'FLOPs per token');
  if (!(Number.isInteger(nPoints) && nPoints >= 2)) throw new UserError(`isoflop curve needs at least 2 points (got ${nPoints})`, 'usage');
  const model = lawModel(law, { flopsPerToken: f, uniqueTokens: options.uniqueTokens, precisionBits: options.precisionBits });
  const centre = Math.log10(model.optimum(C).N);
  const decades = options.decades ?? 1.5;
  const points: IsoflopPoint[] = [];
  for (let i = 0; i < nPoints; i++) {
    const N = Math.pow(10, centre - decades + (2 * decades * i) / (nPoints - 1));
    const D = C / (f * N);
    const loss = model.lossAt(N, D);
    if (Number.isFinite(loss)) points.push({ N, D, loss });
  }
  return points;
}

/** A preset id (`hoffmann2022-rounded`, `kaplan2020-frontier` …) as a PlanLaw. */
export function resolvePlanLaw(presetId: string): PlanLaw {
  if (presetId === KAPLAN_FRONTIER_PRESET.id) {
    return { id: KAPLAN_FRONTIER_PRESET.lawId, params: { ...KAPLAN_FRONTIER_PRESET.params }, presetId };
  }
  const preset = getPreset(presetId);
  if (!preset) {
    const hint = getLaw(presetId) ? ` ('${presetId}' is a law; pick one of its presets or pass a fit)` : '';
    throw new UserError(`unknown preset '${presetId}'${hint}; known: ${planPresetIds().join(', ')}`, 'unknown-law');
  }
  return { id: preset.lawId, params: { ...preset.params }, ...(preset.options ? { options: preset.options } : {}), presetId };
}

/** Presets the calculator can plan with (laws of N and D, or of C), plus the Kaplan frontier. */
export function planPresetIds(): string[] {
  const usable = listPresets().filter((preset) => {
    const law = getLaw(preset.lawId);
    const roles = law?.inputs.map((input) => (input === 'x' ? law.xRoles?.[0] : input)) ?? [];
    return (roles.includes('N') && (roles.includes('D') || roles.includes('M'))) || (roles.length > 0 && roles.every((r) => r === 'C'));
  });
  return [...usable.map((preset) => preset.id), KAPLAN_FRONTIER_PRESET.id];
}

function hardwareOf(input: PlanInput): Hardware | undefined {
  const b = input.budget;
  if (b && 'gpu' in b) return resolveHardware(b.gpu, b.mfu, 'gpus' in b ? b.gpus : input.hardware?.gpus);
  if (input.hardware) return resolveHardware(input.hardware.gpu, input.hardware.mfu, input.hardware.gpus);
  return undefined;
}

function budgetToFlops(budget: Budget, hw: Hardware | undefined): number {
  if ('flops' in budget) {
    requirePositive(budget.flops, 'compute budget');
    return budget.flops;
  }
  // hardwareOf resolved the budget's own GPU, so hw is defined here.
  const hardware = hw as Hardware;
  if ('gpuHours' in budget) {
    requirePositive(budget.gpuHours, 'GPU-hours');
    return flopsFromGpuHours(budget.gpuHours, hardware);
  }
  requirePositive(budget.gpus, 'GPU count');
  requirePositive(budget.days, 'days');
  return flopsFromGpuHours(gpuHoursFromCluster(budget.gpus, budget.days), hardware);
}

function makePoint(N: number, D: number, loss: number, f: number, hw: Hardware | undefined, price: number | undefined): PlanPoint {
  const flops = f * N * D;
  return { N, D, tokensPerParam: D / N, loss, flops, ...runCost(flops, hw, price) };
}

function extrapolationWarnings(p: PlanPoint, range: FittedRange | undefined): PlanWarning[] {
  if (!range) return [];
  const checks: Array<[string, number, [number, number] | undefined]> = [
    ['N', p.N, range.N],
    ['D', p.D, range.D],
    ['C', p.flops, range.C],
  ];
  const warnings: PlanWarning[] = [];
  for (const [name, value, bounds] of checks) {
    if (!bounds) continue;
    const [lo, hi] = bounds;
    if (value > hi || value < lo) {
      const factor = value > hi ? value / hi : lo / value;
      warnings.push({
        code: 'extrapolation',
        message: `${name} = ${formatNumber(value)} is ${formatNumber(factor, 3)}× ${value > hi ? 'above' : 'below'} the fitted range [${formatNumber(lo, 3)}, ${formatNumber(hi, 3)}]; the prediction is an extrapolation.`,
      });
    }
  }
  return warnings;
}

function atBoundWarning(): PlanWarning {
  return {
    code: 'optimum-at-bound',
    message: 'The loss keeps falling towards the edge of the searched range (1e-6 to 1e8 tokens/param); this law has no interior compute optimum at this budget.',
  };
}

function ensureFinite(p: PlanPoint, law: PlanLaw): void {
  if (![p.N, p.D, p.loss, p.flops].every(Number.isFinite) || !(p.N > 0 && p.D > 0)) {
    throw new UserError(`law '${law.id}' gives no finite optimum for this input (check its parameters)`, 'no-optimum');
  }
}

function requireTarget(target: number | undefined): number {
  if (target === undefined) throw new UserError('a target loss is needed', 'missing-input');
  requirePositive(target, 'target loss');
  return target;
}

function unreachable(target: number, law: PlanLaw): UserError {
  const E = law.params.E;
  const reason =
    typeof E === 'number' && target <= E
      ? `it is not above the irreducible loss E = ${E}`
      : 'the law does not reach it below 1e40 FLOPs';
  return new UserError(`target loss ${target} cannot be reached: ${reason}`, 'target-unreachable');
}

function requirePositive(value: number, what: string, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UserError(`${what} must be a ${allowZero ? 'non-negative' : 'positive'} number (got ${value})`, 'bad-input');
  }
}
