/**
 * Turns a law (registry id + parameters) into what the planner needs: L(N, D), the optimum at a
 * compute budget, the compute for a target loss and the iso-loss curve. Laws with a closed form use
 * it (laws.md §2.1, §2.2, §2.7, §2.12); every other law of N and D is optimised numerically.
 * Predictions always go through the law registry, so there is one formula per law.
 */
import { formatNumber } from '../format';
import { lawParams, type Law } from '../law';
import { resolveLaw } from '../fit/resolveLaw';
import { getLaw, getPreset } from '../laws/registry';
import { CUSTOM_LAW_ID, type LawInputs, type Role } from '../types';
import { UserError } from '../types';
import {
  chinchillaComputeForLoss,
  chinchillaIsoLossTokens,
  chinchillaOptimum,
  precisionAsChinchilla,
  type Allocation,
  type ChinchillaParams,
} from './chinchilla';
import { KAPLAN_FRONTIER_PRESET, kaplanFrontierAllocation, kaplanNDOptimum, type KaplanFrontierParams, type KaplanNDParams } from './kaplan';
import { bisectRoot } from '../solve/minimise';
import { numericComputeForLoss, numericIsoLossTokens, numericOptimum, type LossOfND } from './numeric';
import { fixedRatioAllocation, overTrainingOptimalRatio } from './ratio';
import type { PlanLaw, PlanMethod, PlanWarning } from './types';

export interface LawModel {
  method: PlanMethod;
  /** Predicted loss of a run with N parameters trained on D tokens. */
  lossAt: LossOfND;
  /** Whether the loss depends on how compute is split (false for L(C) laws). */
  allocates: boolean;
  optimum(C: number): Allocation & { atBound?: boolean };
  /** Compute at which the optimum reaches ℓ; undefined when unreachable. */
  computeForLoss(targetLoss: number): number | undefined;
  /** D with L(N, D) = ℓ (inference-aware mode); undefined where N cannot reach ℓ. */
  isoLossTokens?(N: number, targetLoss: number): number | undefined;
  /** Caveats that hold for every plan made with this law. */
  warnings: PlanWarning[];
}

export interface LawContext {
  flopsPerToken: number;
  uniqueTokens?: number;
  precisionBits?: number;
}

export function lawModel(planLaw: PlanLaw, ctx: LawContext): LawModel {
  if (planLaw.id === KAPLAN_FRONTIER_PRESET.lawId) return kaplanFrontierModel(planLaw.params, ctx);
  const law = planLaw.id === CUSTOM_LAW_ID ? customLaw(planLaw) : getLaw(planLaw.id);
  if (!law) throw new UserError(`unknown law '${planLaw.id}'`, 'unknown-law');
  const lossAt = registryLoss(law, planLaw, ctx);
  const f = ctx.flopsPerToken;
  const p = planLaw.params;
  switch (law.id) {
    case 'chinchilla':
      return chinchillaModel(pick(p, ['E', 'A', 'B', 'alpha', 'beta'], law.id), lossAt, f);
    case 'precision': {
      if (ctx.precisionBits === undefined) {
        throw new UserError('the precision law needs the training precision in bits (precisionBits / --precision)', 'missing-input');
      }
      const params = pick(p, ['E', 'A', 'B', 'alpha', 'beta', 'gamma'], law.id);
      return chinchillaModel(precisionAsChinchilla(params, ctx.precisionBits), lossAt, f);
    }
    case 'kaplan-nd': {
      const k = pick(p, ['Nc', 'Dc', 'alphaN', 'alphaD'], law.id) satisfies KaplanNDParams;
      return closedAllocationModel((C) => kaplanNDOptimum(k, C, f), lossAt, [embeddingWarning()]);
    }
    case 'over-training': {
      const ratio = overTrainingOptimalRatio(pick(p, ['A', 'B', 'alpha'], law.id));
      return closedAllocationModel((C) => fixedRatioAllocation(C, ratio, f), lossAt, [
        {
          code: 'ratio-not-advice',
          message:
            `The shared-exponent law implies a constant optimal ratio D/N = (B/A)^(1/α) = ${formatNumber(ratio, 3)}; ` +
            'it comes from fits on a few small models and is meant to extrapolate in D/N, not to choose it (laws.md §2.7).',
        },
      ]);
    }
    default:
      break;
  }
  const roles = lawRoles(law);
  if (roles.every((role) => role === 'C')) return computeOnlyModel(lossAt, ctx);
  if (!(roles.includes('N') && (roles.includes('D') || roles.includes('M')))) {
    throw new UserError(`law '${law.id}' is not a law of N and D (or of C); the calculator cannot allocate with it`, 'unsupported-law');
  }
  return {
    method: 'numeric',
    lossAt,
    allocates: true,
    optimum: (C) => numericOptimum(lossAt, C, f),
    computeForLoss: (l) => numericComputeForLoss(lossAt, l, f),
    isoLossTokens: (N, l) => numericIsoLossTokens(lossAt, N, l),
    warnings: [],
  };
}

/** A custom law is rebuilt from its text, as predictions of a custom fit are (fit/predict.ts). */
function customLaw(planLaw: PlanLaw): Law {
  if (typeof planLaw.formula !== 'string' || planLaw.formula.trim() === '') {
    throw new UserError("a custom law needs its formula (the fit result's law.formula)", 'missing-input');
  }
  return resolveLaw(planLaw.formula).law;
}

function chinchillaModel(c: ChinchillaParams, lossAt: LossOfND, f: number): LawModel {
  return {
    method: 'closed-form',
    lossAt,
    allocates: true,
    optimum: (C) => chinchillaOptimum(c, C, f),
    computeForLoss: (l) => chinchillaComputeForLoss(c, l, f),
    isoLossTokens: (N, l) => chinchillaIsoLossTokens(c, N, l),
    warnings: [],
  };
}

/** A closed-form split of C whose loss comes from the law; the frontier is inverted numerically. */
function closedAllocationModel(split: (C: number) => { N: number; D: number }, lossAt: LossOfND, warnings: PlanWarning[]): LawModel {
  const optimum = (C: number) => {
    const { N, D } = split(C);
    return { N, D, loss: lossAt(N, D) };
  };
  return {
    method: 'closed-form',
    lossAt,
    allocates: true,
    optimum,
    computeForLoss: (l) => invertFrontier((C) => optimum(C).loss, l),
    isoLossTokens: (N, l) => numericIsoLossTokens(lossAt, N, l),
    warnings,
  };
}

/**
 * L(C) laws (kaplan-compute, one-variable laws of C) and `kaplan2020-frontier`: the loss depends on C
 * only, so the split comes from Kaplan's published frontier.
 */
function computeOnlyModel(lossAt: LossOfND, ctx: LawContext, frontier: KaplanFrontierParams = KAPLAN_FRONTIER_PRESET.params): LawModel {
  const optimum = (C: number) => {
    const { N, D } = kaplanFrontierAllocation(frontier, C, ctx.flopsPerToken);
    return { N, D, loss: lossAt(N, D) };
  };
  return {
    method: 'closed-form',
    lossAt,
    allocates: false,
    optimum,
    computeForLoss: (l) => invertFrontier((C) => optimum(C).loss, l),
    warnings: [frontierWarning(frontier)],
  };
}

/** `kaplan2020-frontier`: the published exponents for the split, Kaplan's L(C_min) for the loss. */
function kaplanFrontierModel(params: Record<string, number>, ctx: LawContext): LawModel {
  const frontier = { ...KAPLAN_FRONTIER_PRESET.params, ...params } satisfies KaplanFrontierParams;
  const lossPreset = getPreset(KAPLAN_FRONTIER_PRESET.lossPresetId);
  const lossLaw = lossPreset && getLaw(lossPreset.lawId);
  if (!lossPreset || !lossLaw) {
    throw new UserError(`the Kaplan frontier needs the '${KAPLAN_FRONTIER_PRESET.lossPresetId}' preset, which is not registered`, 'unknown-law');
  }
  return computeOnlyModel(registryLoss(lossLaw, { id: lossLaw.id, params: lossPreset.params }, ctx), ctx, frontier);
}

function frontierWarning(k: KaplanFrontierParams): PlanWarning {
  return {
    code: 'kaplan-frontier',
    message:
      `N and D follow Kaplan et al.'s published compute-efficient frontier (N ∝ C^${k.aN}, D ∝ C^${formatNumber(1 - k.aN, 3)}); ` +
      `only the exponents are sourced — the absolute scale is anchored at N = ${formatNumber(k.anchorN, 3)} for C = ${formatNumber(k.anchorC, 3)} FLOP, ` +
      'an unverified coefficient. Kaplan used non-embedding N and no irreducible loss; treat the sizes as indicative only.',
  };
}

function embeddingWarning(): PlanWarning {
  return {
    code: 'embedding-count',
    message: 'Kaplan et al. count non-embedding parameters and assume no irreducible loss; N here is non-embedding.',
  };
}

/** C with L*(C) = ℓ for a frontier that decreases in C (bisection on ln C over 1e6–1e40 FLOPs). */
function invertFrontier(lossOfC: (C: number) => number, targetLoss: number): number | undefined {
  const lnC = bisectRoot((x) => lossOfC(Math.exp(x)) - targetLoss, Math.log(1e6), Math.log(1e40));
  return lnC === undefined ? undefined : Math.exp(lnC);
}

/** The roles a law reads, with a one-variable law's x taken as its default role. */
function lawRoles(law: Law): Array<Role | 'x'> {
  return law.inputs.map((input) => (input === 'x' ? (law.xRoles?.[0] ?? 'x') : input));
}

function pick<K extends string>(params: Record<string, number>, names: readonly K[], lawId: string): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of names) {
    const value = params[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new UserError(`law '${lawId}' needs a finite parameter '${name}'`, 'missing-param');
    }
    out[name] = value;
  }
  return out;
}

/**
 * L(N, D) through the registry's `predict`, with every other role the law reads derived from
 * (N, D): C = f·N·D, M = D/N, U and P from the plan. One-element buffers are reused per call.
 */
function registryLoss(law: Law, planLaw: PlanLaw, ctx: LawContext): LossOfND {
  const specs = lawParams(law, planLaw.options ?? {});
  const p = Float64Array.from(specs, (spec) => {
    const value = planLaw.params[spec.name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new UserError(`law '${law.id}' needs a finite parameter '${spec.name}'`, 'missing-param');
    }
    return value;
  });
  const roles = lawRoles(law);
  const inputs: LawInputs = {};
  const setters: Array<(N: number, D: number) => void> = law.inputs.map((input, i) => {
    const buffer = new Float64Array(1);
    inputs[input] = buffer;
    return roleSetter(roles[i], buffer, law.id, ctx);
  });
  const out = new Float64Array(1);
  return (N, D) => {
    for (const set of setters) set(N, D);
    law.predict(p, inputs, out);
    return out[0];
  };
}

function roleSetter(role: Role | 'x', buffer: Float64Array, lawId: string, ctx: LawContext): (N: number, D: number) => void {
  switch (role) {
    case 'N':
      return (N) => (buffer[0] = N);
    case 'D':
      return (_N, D) => (buffer[0] = D);
    case 'C':
      return (N, D) => (buffer[0] = ctx.flopsPerToken * N * D);
    case 'M':
      return (N, D) => (buffer[0] = D / N);
    case 'U':
      return constantRole(ctx.uniqueTokens, buffer, `law '${lawId}' needs the number of unique tokens (uniqueTokens / --unique-tokens)`);
    case 'P':
      return constantRole(ctx.precisionBits, buffer, `law '${lawId}' needs the training precision in bits (precisionBits / --precision)`);
    default:
      throw new UserError(`law '${lawId}' reads '${role}', which the calculator cannot supply; it needs a law of N and D (or of C)`, 'unsupported-law');
  }
}

function constantRole(value: number | undefined, buffer: Float64Array, message: string): () => void {
  if (value === undefined || !(value > 0) || !Number.isFinite(value)) throw new UserError(message, 'missing-input');
  buffer[0] = value;
  return () => undefined;
}
