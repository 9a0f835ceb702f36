import type { ObjectiveKind, Role, RoleMap } from '../types';
import type { LawOptionValues } from '../lawOptions';
import type { PlotKind } from '../../shared/fitOutput';

/**
 * One spec cell of a scaling notebook: which file to read, how to map and filter its rows, which laws
 * to fit and what to plot. It holds no data: the file is re-read whenever the cell runs.
 */
export interface NotebookSpec {
  /** Run-log path, relative to the notebook's folder (or absolute). */
  data: string;
  /** `data` is assembled from these runs' logs when the cell runs (the table is written there, then fitted). */
  sweep?: SweepSpec;
  map?: RoleMap;
  where?: string;
  /**
   * `loss: [colA, colB, …]`: targets each law is fitted to in turn, the file read with each as its loss
   * (so each fit accounts for its own rows); one column is `map: {loss: col}`. Never beside `map.loss`.
   */
  loss?: string[];
  /** `group: COLUMN`: each law fitted to each group of rows (the column's labels) on its own. */
  group?: string;
  /** `share: [alpha]`: with `group:`, these parameters take one value across the groups (a joint fit). */
  share?: string[];
  /** `law:` as one id/formula or a list, always a list here (`default` only in a comparison). */
  laws: string[];
  /**
   * `compare: true`: fit the laws to the same rows and rank them by scale-ordered cross-validation
   * instead of fitting each for itself; `default` in `law:` then stands for the default set of the data's shape.
   */
  compare?: boolean;
  /**
   * For one-variable laws: the role playing x (default: step on a training log, else the law's first x
   * role the file has). For a law reading two of N, D, C, M: the fit chart's x axis, any of the four
   * (default C for an N–D law), each curve an iso-line of another (core/fit/tetrad.ts).
   */
  x?: Role;
  /**
   * Where the fitted curves, their bands and the compute-optimal frontier end, in the unit of the fit
   * chart's x axis (C in FLOPs for an N–D law): the extrapolation target. The loss axis and the budget
   * slider reach it. Default: a decade past the data (curves), three decades (frontier).
   */
  extrapolate?: number;
  /** Law options (bnsl `breaks`, downstream-error `input` …), each given to the laws that declare it. */
  options?: LawOptionValues;
  /** Learning curves: fraction of the progress axis left out of the fit (FitRequest.skipFirst). */
  skip?: number;
  /** Learning curves: where the fitted curves end and the forecast is made (step or tokens). */
  until?: number;
  /** Learning curves: EMA window of the smoothed line, in rows. */
  smooth?: number;
  objective?: ObjectiveKind;
  delta?: number;
  holdout?: string;
  bootstrap?: number;
  seed?: number;
  /** Plots to show, in this order (default: every plot the fit output offers). */
  plot?: PlotKind[];
}

/** A sweep as a spec records it (what `scaling-laws sweep` is given), so running the cell re-reads the runs. */
export interface SweepSpec {
  /** Run logs or folders, relative to the notebook's folder (or absolute). */
  runs: string[];
  /** `final` (default), `all` or `after=F`. */
  take?: string;
  /** N the user confirmed or entered, by run name: over every inference. */
  n?: Record<string, number>;
}

/** A problem in a spec cell; line and column are 1-based within the cell. */
export interface SpecError {
  line: number;
  column: number;
  message: string;
}

/** Where a key's value starts in the cell, so later checks (filters on the real table) can point at it. */
export interface ValuePosition {
  line: number;
  column: number;
  /** Characters before the value's text proper (1 for a quoted scalar), for offsets inside it. */
  quote: number;
}

export type SpecKey = keyof Omit<NotebookSpec, 'laws'> | 'law';

/** The keys a spec may have, in the order a generated spec writes them. */
export const SPEC_KEYS: readonly SpecKey[] = ['data', 'sweep', 'map', 'loss', 'where', 'group', 'share', 'law', 'compare', 'x', 'extrapolate', 'options', 'skip', 'until', 'smooth', 'objective', 'delta', 'holdout', 'bootstrap', 'seed', 'plot'];

/** Most bootstrap resamples a spec may ask for: the engine-wide limit (the setting's maximum too). */
export { MAX_BOOTSTRAP } from '../limits';
