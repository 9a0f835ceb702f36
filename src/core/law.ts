import type { LawOption } from './lawOptions';
import type { CancellationSignal, FitWarning, LawInputs, ObjectiveKind, Progress, Role } from './types';

/** One free parameter of a law. */
export interface ParamSpec {
  name: string;
  description: string;
  lower?: number;
  upper?: number;
  /** Values for the multi-start grid (laws.md gives one per law). */
  grid?: number[];
  /**
   * A positive scale parameter (A, B, N_c …) that spans decades: the optimiser searches and steps in
   * ln(value), which keeps it positive and the problem well scaled.
   */
  logScale?: boolean;
  /** A starting value the multi-start always tries (custom laws' `name ~ value` clauses). */
  init?: number;
}

/** A published parameter set (laws.md "Presets"). */
export interface LawPreset {
  id: string;
  lawId: string;
  params: Record<string, number>;
  source: string;
  /** [R] reproduced, [S] from the upstream source, [U] unverified (laws.md status tags). */
  status: 'R' | 'S' | 'U';
  note?: string;
  /** Law options the preset needs (e.g. `{ breaks: 3 }` for a three-break BNSL). */
  options?: Record<string, number | string | boolean>;
}

/** What a law-specific fitter receives. */
export interface LawFitContext {
  x: LawInputs;
  y: Float64Array;
  objective: ObjectiveKind;
  delta: number;
  /** Parameter values held fixed (by name). */
  fixed: Record<string, number>;
  bounds: Record<string, [number, number]>;
  init: Record<string, number>;
  options: Record<string, number | string | boolean>;
  /** Warm start (e.g. the full-data fit for a bootstrap replicate), in `params` order. */
  start?: Float64Array;
  signal?: CancellationSignal;
  progress?: Progress;
}

export interface LawFitOutcome {
  params: Float64Array;
  value: number;
  /** Local optimisations started (FitResult.starts.polished). */
  tried: number;
  /** Of those, the ones that met their convergence test (never more than `tried`). */
  converged: number;
  /** Points where the global search only evaluated the objective (or an inner solve) to choose the starts. */
  grid?: number;
  /** True when good starts ended at materially different parameters. */
  disagree?: boolean;
  /**
   * Parameters the law's method held at values of its own choosing (sigmoid's lo/hi under default
   * options) besides the request's `fixed`: not fitted, so never reported as sitting at a bound.
   */
  held?: string[];
}

export interface Law {
  id: string;
  name: string;
  /** Plain-text formula as in laws.md §1. */
  formula: string;
  latex: string;
  description: string;
  /**
   * Roles the law reads. For one-variable laws this is `['x']` and `xRoles` lists what x may be
   * (the first is the default).
   */
  inputs: Array<Role | 'x'>;
  xRoles?: Role[];
  params: ParamSpec[];
  /** The options the law understands (`--option`, a spec's `options:`); any other key is an error. */
  options?: LawOption[];
  /**
   * The parameter list under the given options when options change it (bnsl `breaks`,
   * saturating-power `offset`); `params` is the list under default options. Use `lawParams`.
   */
  paramsFor?(options: Record<string, number | string | boolean>): ParamSpec[];
  presets: LawPreset[];
  /** Default objective when the request names none. */
  defaultObjective: ObjectiveKind;
  /**
   * ŷ for every row: `out[i] = f(p, x_i)`. Input arrays are never mutated once passed to a law, so a law
   * may cache what it derives from one (keyed by the array).
   */
  predict(p: ArrayLike<number>, x: LawInputs, out: Float64Array): void;
  /** ∂ŷ_i/∂p_j into `out[i * params.length + j]` (analytic; tested against finite differences). */
  jacobian?(p: ArrayLike<number>, x: LawInputs, out: Float64Array): void;
  /**
   * Law-specific warnings about a fitted result (e.g. bnsl `bnsl-break`), given the fitted params and
   * the fitted rows' inputs; the engine adds them to FitResult.warnings.
   */
  fitWarnings?(p: ArrayLike<number>, x: LawInputs, y: Float64Array): FitWarning[];
  /**
   * For a law whose prediction at a row reads other rows (lr-annealing: the LR schedule up to the row's
   * step): the same law with that history taken from `history` (every row of the run) rather than from
   * the rows it is given. The engine binds it to the whole table, so a subset of rows (skip-first, a
   * filter, a bootstrap replicate, the plotted points) is predicted against the run's real schedule.
   */
  withHistory?(history: LawInputs): Law;
  /** A law-specific global fitter (VarPro, exhaustive grid …); the engine's generic one otherwise. */
  fit?(ctx: LawFitContext): LawFitOutcome;
}

/** The parameters of `law` under `options` (what `predict`'s `p` holds, in order). */
export function lawParams(law: Law, options: Record<string, number | string | boolean> = {}): ParamSpec[] {
  return law.paramsFor?.(options) ?? law.params;
}
