/**
 * The calculator's contract: what `planRun` takes and returns. The CLI `optimal` command, the
 * calculator webview and the notebook all build a PlanInput and render a PlanResult.
 */
import type { HparamLaw } from '../hparams/law';
import type { GpuSpec } from './hardware';

/** A law with concrete parameters: a registry law id (`chinchilla`, `kaplan-nd` …), `kaplan-frontier`, or `custom`. */
export interface PlanLaw {
  id: string;
  /** The text of a custom law (id `custom`): formula and clauses, as a fit result's `law.formula` holds it. */
  formula?: string;
  params: Record<string, number>;
  /** Law options (e.g. bnsl `breaks`), as on presets and fit requests. */
  options?: Record<string, number | string | boolean>;
  /** The preset it came from, echoed in the result. */
  presetId?: string;
}

/** A GPU preset id/name (`h100`, `A100`) or a custom device. */
export type GpuChoice = string | GpuSpec;

/** A compute budget in one of the three forms users think in. */
export type Budget =
  | { flops: number }
  | { gpuHours: number; gpu: GpuChoice; mfu?: number }
  | { gpus: number; days: number; gpu: GpuChoice; mfu?: number };

export type PlanMode = 'compute-optimal' | 'inference-aware' | 'fixed-ratio' | 'target-loss';

export interface FittedRange {
  N?: [number, number];
  D?: [number, number];
  C?: [number, number];
}

export interface PlanInput {
  law: PlanLaw;
  /** Required except in `target-loss` mode (where the compute is the output). */
  budget?: Budget;
  /** Hardware for GPU-hours / wall-clock / cost when the budget is given in FLOPs (or target-loss mode). */
  hardware?: { gpu: GpuChoice; mfu?: number; gpus?: number };
  mode: PlanMode;
  /** Lifetime inference tokens T (inference-aware mode). */
  inferenceTokens?: number;
  /** D/N for fixed-ratio mode. */
  tokensPerParam?: number;
  /** Loss to reach (target-loss mode; inference-aware mode defaults it to the compute-optimal loss of the budget). */
  targetLoss?: number;
  pricePerGpuHour?: number;
  /** Observed range of the data behind the law; N, D or C outside it gets an `extrapolation` warning. */
  fittedRange?: FittedRange;
  /** FLOPs per parameter per training token (default 6). */
  flopsPerToken?: number;
  /** Unique tokens U, for the data-constrained law. */
  uniqueTokens?: number;
  /** Training precision in bits, for the precision law (its optimum is taken at fixed P). */
  precisionBits?: number;
  /** A hyperparameter law: every plan point then carries its peak learning rate and batch size. */
  hparams?: PlanHparams;
}

/** The hyperparameter law a plan recommends with, named as the user picked it. */
export interface PlanHparams {
  law: HparamLaw;
  /** `steplaw-2025`, or the file of the user's own `hparams --json` fit. */
  name: string;
  /** Tokens per sequence, to say the batch size in sequences too. */
  seqLen: number;
}

export interface PlanWarning {
  code: string;
  message: string;
}

/** One training run: size, data, predicted loss and what it costs. */
export interface PlanPoint {
  N: number;
  D: number;
  tokensPerParam: number;
  loss: number;
  /** Training FLOPs f·N·D. */
  flops: number;
  gpuHours?: number;
  wallClockDays?: number;
  cost?: number;
  /** Peak learning rate and batch size (tokens) for this N and D, when the plan has a hyperparameter law. */
  lr?: number;
  bsTokens?: number;
}

export interface InferencePlan {
  tokens: number;
  /** The loss both allocations reach. */
  targetLoss: number;
  /** 2·N·T for the inference-aware model. */
  inferenceFlops: number;
  /** Training + inference FLOPs of the inference-aware model. */
  totalFlops: number;
  /** The compute-optimal (T = 0) model at the same loss, served for the same T. */
  computeOptimal: PlanPoint & { totalFlops: number };
  /** Fraction of total FLOPs saved relative to serving the compute-optimal model. */
  savedFraction: number;
}

export type PlanMethod = 'closed-form' | 'numeric';

export interface PlanResult extends PlanPoint {
  law: { id: string; presetId?: string };
  mode: PlanMode;
  method: PlanMethod;
  flopsPerToken: number;
  /** The budget in FLOPs, when one was given. */
  budgetFlops?: number;
  /** Hardware the GPU-hours/cost figures assume. */
  hardware?: { gpu: string; peakFlops: number; mfu: number; gpus?: number };
  /** The same compute spent at 20 tokens/param (Hoffmann's rule of thumb), for comparison. */
  ruleOfThumb: PlanPoint;
  inference?: InferencePlan;
  /** The hyperparameter law behind each point's lr and bsTokens. */
  hparams?: { name: string; seqLen: number };
  warnings: PlanWarning[];
}

/** One point of an iso-FLOP curve (loss vs N at fixed compute) for the calculator's chart. */
export interface IsoflopPoint {
  N: number;
  D: number;
  loss: number;
}
