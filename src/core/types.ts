/**
 * The data contracts every layer shares: the reader produces a RunTable, the fitter turns it into a
 * FitResult, plots and the CLI consume both. Keep these stable: the CLI JSON, notebook outputs and
 * extension↔renderer messages are these shapes serialised.
 */

/** Column roles (product.md "Roles"). `loss` stands for any target metric y. */
export type Role = 'N' | 'D' | 'C' | 'loss' | 'step' | 'lr' | 'bs' | 'seq' | 'run' | 'group' | 'M' | 'U' | 'P';

export const ROLES: readonly Role[] = ['N', 'D', 'C', 'loss', 'step', 'lr', 'bs', 'seq', 'run', 'group', 'M', 'U', 'P'];

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in the input; `line` is 1-based in the source text, `column` a column name. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  line?: number;
  column?: string;
  /** 0-based character offset range within the line, when known (for editor squiggles). */
  charStart?: number;
  charEnd?: number;
}

export type RunLogFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'trainer-state' | 'wandb-csv' | 'tfevents' | 'parquet';

export interface Dialect {
  delimiter: string;
  quote: string;
  decimalComma: boolean;
  bom: boolean;
  lineEnding: '\n' | '\r\n' | '\r';
}

export interface RoleCandidate {
  role: Role;
  column: string;
  confidence: number;
  reason: string;
}

export interface Column {
  name: string;
  /** 'number' when (almost) every non-missing cell parsed as a number. */
  kind: 'number' | 'string' | 'empty';
  /** Parsed numbers in the column's own unit times `scale`; NaN where missing or unparseable. */
  values: Float64Array;
  /** Raw cell text (only kept for string columns, to save memory on numeric ones). */
  text?: (string | undefined)[];
  /** Factor applied from the raw values to base units (e.g. 1e9 for `total_gflops`, `Model Size (B)`). */
  scale: number;
  /** True for columns computed by the reader (D = C/(6N), C = 6ND, M = D/N). */
  derived: boolean;
  /** How a derived column was computed, e.g. "C/(6N)". */
  derivation?: string;
}

export interface RoleBinding {
  column: string;
  confidence: number;
  derived: boolean;
  /** Other columns that could play this role, best first (e.g. N_no_emb for N). */
  alternatives: RoleCandidate[];
  /** Whether the binding came from an explicit override (`--map`, per-file remap). */
  explicit: boolean;
}

export interface RunTable {
  format: RunLogFormat;
  dialect?: Dialect;
  columns: Column[];
  /** Number of data rows kept. */
  rowCount: number;
  /** 1-based source line of each row. */
  lines: Int32Array;
  /**
   * Per row: 'ok'; 'planned' (has inputs but no target); 'error' (a diagnostic made it unusable);
   * 'series' (no value in the bound loss column but one in a `lossSeries` column, e.g. a trainer's
   * eval-only entry: drawn as that series, never fitted, never a planned run); 'summary' (a run-summary
   * record such as the trainer's final `train_runtime` entry: not a data point at all).
   */
  rowStatus: RowStatus[];
  roles: Partial<Record<Role, RoleBinding>>;
  diagnostics: Diagnostic[];
  /** Other loss series measured on rows of their own (`eval_loss` in a trainer_state), see rowStatus 'series'. */
  lossSeries?: string[];
  /** What the log itself says about the end of training (trainer_state `max_steps`), for extrapolating a curve. */
  schedule?: RunSchedule;
}

export type RowStatus = 'ok' | 'planned' | 'error' | 'series' | 'summary';

export interface RunSchedule {
  /** The step training is planned to end at. */
  maxSteps?: number;
  /** Where the value came from, for messages (`max_steps in trainer_state.json`). */
  source: string;
}

/**
 * Explicit role overrides: role → column name (`--map N="Model Size"`), or null to leave the role unbound
 * (`--map C=none`, `map: {C: null}`, "None (derive)"): no column is used for it, derived roles (C = 6ND) are
 * derived instead.
 */
export type RoleMap = Partial<Record<Role, string | null>>;

/**
 * `mse-log1p` = Σ (ln(1+ŷ) − ln(1+y))², the BNSL upstream objective (Caballero et al.). `huber-mle` = the
 * Huber negative log-likelihood of ln-loss residuals with a fitted scale σ (Besiroglu et al. 2024).
 */
export type ObjectiveKind = 'huber-log' | 'mse-log' | 'mse' | 'huber' | 'asymmetric' | 'mse-log1p' | 'huber-mle';

export const OBJECTIVES: readonly ObjectiveKind[] = ['huber-log', 'mse-log', 'mse', 'huber', 'asymmetric', 'mse-log1p', 'huber-mle'];

export interface FitWarning {
  code: string;
  message: string;
}

export interface HoldoutRow {
  /** 0-based row index in the RunTable. */
  row: number;
  line: number;
  observed: number;
  predicted: number;
  /** |predicted − observed| / observed. */
  are: number;
}

/** Fit result JSON (product.md contract). */
/** The law id of every custom formula; its fit result carries the formula's text in `law.formula`. */
export const CUSTOM_LAW_ID = 'custom';

/** Rows that did not reach a fit, grouped by why (FitResult.rows.left). */
export interface RowGroup {
  /**
   * `filtered`: not selected by `where`; `planned`: no loss yet (a planned run); `series`/`summary`: another loss
   * series' points or a run summary (RowStatus); `skipped`: the earliest part of a learning curve (skip-first);
   * `problem`: a value the fit cannot use in a column the fit reads (named in `column`).
   */
  kind: 'filtered' | 'planned' | 'series' | 'summary' | 'skipped' | 'problem';
  /** Plain words, e.g. "non-positive C" or "missing loss". */
  why: string;
  column?: string;
  count: number;
  /** The first few 1-based source lines of these rows (at most 5). */
  lines: number[];
}

/** Every data row of the file accounted for: read = used + heldOut + Σ left[].count. */
export interface RowAccount {
  read: number;
  used: number;
  heldOut: number;
  left: RowGroup[];
}

/**
 * What the fitter's global search did, as it happened. A search may first evaluate the objective on a
 * grid of points (or solve an inner problem at each), then polish the best few with a local optimiser;
 * only a polish can converge, so `converged ≤ polished`.
 */
export interface FitStarts {
  /** Local optimisations started (= `polished`; the name earlier results used). */
  tried: number;
  /** Of the polished starts, those that met the local optimiser's convergence test. */
  converged: number;
  /** Points where the search only evaluated the objective to choose starts (absent: every start was polished). */
  grid?: number;
  /** Starts polished by a local optimiser (absent in results saved before it was reported: read `tried`). */
  polished?: number;
  /** True when good starts ended at materially different parameters. */
  disagree?: boolean;
}

export interface FitResult {
  law: { id: string; formula: string; latex?: string };
  objective: { kind: ObjectiveKind; delta?: number; value: number };
  /** Rows used in the fit. */
  n: number;
  /** Where every row of the file went (used, held out, or left out and why). */
  rows?: RowAccount;
  params: Record<string, number>;
  /**
   * Parameters in `params` that were not fitted: held by the request (`fixed`) or by the law's method
   * (data-constrained's R_D*, R_N* without repetition, sigmoid's lo/hi). Their values are choices.
   */
  held?: string[];
  /** Standard errors when bootstrapped. */
  se?: Record<string, number>;
  ci95?: Record<string, [number, number]>;
  /** Quantities derived from the parameters (e.g. chinchilla's allocation exponent a = β/(α+β)); their
   * bootstrap se/ci95 share the maps above. */
  derived?: Record<string, number>;
  /** When bootstrapped: the parameter sets of up to 200 replicates (evenly spaced, so fixed by the
   * seed), for pointwise prediction bands on plots without refitting. */
  bootstrapSamples?: Array<Record<string, number>>;
  metrics: { rmseLog: number; r2: number; mape: number };
  holdout?: { n: number; are: number; maxAre: number; rows: HoldoutRow[] };
  starts: FitStarts;
  warnings: FitWarning[];
  timing: { fitMs: number; bootstrapMs?: number; totalMs?: number };
  /** Which column fed each role, and whether it was derived. */
  roles: Partial<Record<Role, { column: string; derived: boolean }>>;
  /**
   * The earliest part of a learning curve left out of the fit (FitRequest.skipFirst or the law's
   * default): `rows` rows with `role` below `below` = `fraction` × the largest fitted value.
   */
  skipped?: { rows: number; role: Role; fraction: number; below: number; why: string };
  /**
   * The loss column fitted, set only when a notebook cell fits several targets (spec `loss: [a, b]`) so
   * its tables and chart can tell them apart; absent from every single-target result.
   */
  target?: string;
  /**
   * The group this fit is of, set only for a spec's `group: COLUMN` (one law per group): its column and
   * label, and with `share:` the parameters fitted jointly across the groups (held at their joint values
   * in this group's fit), with the joint objective beside the sum of the groups' own fits.
   */
  group?: { column: string; label: string; shared?: { names: string[]; objective: number; independent: number } };
  /** Observed range of each input role among fitted rows (for extrapolation warnings and hovers). */
  range: Partial<Record<Role, [number, number]>>;
  /** Echo of the request parts that shaped the fit, so a result is reproducible. */
  request?: {
    where?: string;
    holdout?: string;
    bootstrap?: number;
    seed?: number;
    /** The role that played x for a one-variable law, and law options (needed to re-evaluate the law). */
    x?: Role;
    options?: Record<string, number | string | boolean>;
    /** The fraction of the progress axis skipped (when the request or the law's default skipped any). */
    skipFirst?: number;
  };
}

/** Progress and cancellation for long work (fits, bootstrap, big files). */
export interface Progress {
  report(fraction: number, message?: string): void;
}

export interface CancellationSignal {
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** An error whose message is meant for the user (bad input, impossible fit). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** What to fit (CLI flags, notebook spec and extension commands all reduce to this). */
export interface FitRequest {
  /** A law id (`chinchilla`), a preset id used as a starting point, or a custom formula. */
  law: string;
  /**
   * For one-variable laws (power, saturating-power, bnsl, sigmoid): which role is x. Other laws take it
   * as their chart's axis only, and refuse a role they cannot be drawn against (tetrad.ts chartAxes).
   */
  x?: Role;
  objective?: ObjectiveKind;
  delta?: number;
  /** Filter expression: rows that do not match are not used at all. */
  where?: string;
  /** Filter expression: matching rows are held out of the fit and predicted. */
  holdout?: string;
  bootstrap?: number;
  seed?: number;
  /** Parameters held at a value instead of fitted. */
  fixed?: Record<string, number>;
  bounds?: Record<string, [number, number]>;
  init?: Record<string, number>;
  /**
   * Start only from `init` (every parameter given) instead of the law's global search: a refit of a fit
   * on the same log grown by a few rows (live fits), whose optimum moved little.
   */
  warmStart?: boolean;
  /** Law-specific options (e.g. `breaks` for bnsl, `lambda` for lr-annealing). */
  options?: Record<string, number | string | boolean>;
  /**
   * Learning curves: leave rows before this fraction of the progress axis (step or tokens) out of the
   * fit, in [0, 1); default per law (DEFAULT_SKIP_FIRST in src/core/fit/skipFirst.ts), 0 disables.
   */
  skipFirst?: number;
}

/** Input vectors of a law keyed by role (or `x` for one-variable laws), all the same length. */
export type LawInputs = Partial<Record<Role | 'x', Float64Array>>;
