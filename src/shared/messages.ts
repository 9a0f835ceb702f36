/**
 * Typed messages between the extension host and the fitting worker (dist/fitWorker.js). Both sides
 * import this file, so a change to a message is a compile error on the other side. Renderer ↔ host
 * messages are added below by the plot/renderer work.
 */
import type { ComparedFits } from '../core/fit/compare';
import type { FitRequest, FitResult, RunTable } from '../core/types';
import type { FollowMode } from '../extension/live/follow';
import type { PackedTable, ReadSettings, ReadSource } from '../extension/readTable';
import type { FittedRange, PlanLaw, PlanMode, PlanResult } from '../core/optimal/types';

/** An error that crossed a thread boundary: `code` is set for a `UserError`, `name` says `CancelledError`. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

/**
 * Host → worker. `cancel` is an Int32Array-sized SharedArrayBuffer: the host stores 1 in slot 0 to
 * cancel, and the worker's CancellationSignal reads it synchronously (a posted message could not be
 * read while the fit runs on the worker's only thread).
 */
export type HostToWorker =
  /** With `groups`, each law is fitted per group of that column (spec `group:`), `share` jointly across them. */
  | { type: 'fit'; table: RunTable; requests: FitRequest[]; groups?: { column: string; share: string[] }; cancel: SharedArrayBuffer }
  /** `laws` may name `default` (the default set of the table's shape). */
  | { type: 'compare'; table: RunTable; laws: string[]; request: Omit<FitRequest, 'law'>; cancel: SharedArrayBuffer }
  /** Read a run log off the host thread (editor text, a local path, or a virtual file's bytes). */
  | { type: 'parse'; source: ReadSource; settings: ReadSettings; cancel: SharedArrayBuffer }
  /**
   * Bring a followed run log up to date (only its appended bytes when it grew) and refit `requests` on it.
   * The first `follow` makes the worker a long-lived one that keeps each file's reader state (live/worker.ts).
   */
  | { type: 'follow'; id: number; path: string; settings: ReadSettings; requests: FitRequest[]; cancel: SharedArrayBuffer };

/** One law's outcome in a multi-law fit: a failed law does not sink the others. */
export type FitOutcome = { law: string; result: FitResult } | { law: string; error: SerializedError };

/** Worker → host. */
export type WorkerToHost =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'fitDone'; outcomes: FitOutcome[] }
  | ({ type: 'compareDone' } & ComparedFits)
  | { type: 'parseDone'; table: PackedTable }
  /** `table` is undefined when the file had not changed; `bytes` were read from it for this update. */
  | { type: 'followDone'; id: number; mode: FollowMode; bytes: number; parseMs: number; table?: PackedTable; outcomes: FitOutcome[] }
  | { type: 'followFailed'; id: number; error: SerializedError }
  | { type: 'failed'; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/* ── Notebook renderer ↔ extension host (renderer/index.ts; host side: notebooks.createRendererMessaging) ── */

/** `contributes.notebookRenderer[].id`; the renderer declares `requiresMessaging: "optional"`. */
export const PLOT_RENDERER_ID = 'scaling-laws.plot';

export type ExportFormat = 'svg' | 'png';

/**
 * Renderer → host: save the chart the user is looking at. The host shows a save dialog and writes
 * with workspace.fs (webviews cannot download). Theme colours are already resolved in `data`.
 */
export interface ExportChartMessage {
  type: 'export';
  /** The notebook output item the chart belongs to (one renderer serves many cells). */
  outputId: string;
  format: ExportFormat;
  /** SVG text, or the PNG bytes in base64. */
  data: string;
  suggestedName: string;
}

/** Host → renderer: how an export ended, shown beside the export buttons. */
export interface ExportResultMessage {
  type: 'exportResult';
  outputId: string;
  ok: boolean;
  /** Saved path, or why it failed; undefined when the user cancelled the dialog. */
  message?: string;
}

/**
 * Renderer → host: "Use this law" on row `row` of a comparison's table. The host refits that law from the
 * cell's spec on the file as it is now and makes it the file's current fit.
 */
export interface UseLawMessage {
  type: 'useLaw';
  outputId: string;
  /** The output's metadata `comparison` (COMPARISON_KEY): how the host finds the cell, as outputs carry no id in the API. */
  comparison: string;
  row: number;
}

/** Output metadata key of a comparison's id (a random string set when the output is made). */
export const COMPARISON_KEY = 'comparison';

/** Host → renderer: how "Use this law" ended, shown beside the table. */
export interface UseLawResultMessage {
  type: 'useLawResult';
  outputId: string;
  ok: boolean;
  message: string;
}

export type RendererToHost = ExportChartMessage | UseLawMessage;
export type HostToRenderer = ExportResultMessage | UseLawResultMessage;

/* ── Calculator webview ↔ extension host (media/calculator.ts; host side: src/extension/calculator) ── */

/** A fit the calculator can plan with: its law and the range of the data behind it. */
export interface CalculatorFit {
  /** Which stored fit: its file's URI and its place among that file's laws (`file:///…/runs.csv#0`). */
  id: string;
  law: PlanLaw;
  fittedRange?: FittedRange;
  /** How the panel names it, e.g. "chinchilla fit of runs.csv". */
  label: string;
}

/** Every fit the workspace stores (each file's laws), and the one a "follow the active file" choice means. */
export interface CalculatorFits {
  list: CalculatorFit[];
  /** The id of the active file's fit, else of the last fit made; undefined when neither exists. */
  active?: string;
}

/**
 * The calculator's inputs exactly as typed (numbers stay strings such as `3e24`, `70B`, `2,000`, so a
 * half-typed value survives a reload). The host persists them and the test hook sets them.
 */
export interface CalculatorInputs {
  budgetKind: 'flops' | 'gpu-hours' | 'cluster';
  flops: string;
  gpuHours: string;
  /** GPU count: the cluster size of a GPUs × days budget, else optional (wall-clock time). */
  gpus: string;
  days: string;
  /** A GPU preset id (`h100`). */
  gpu: string;
  /** Peak dense BF16 TFLOP/s; prefilled from the preset and editable. */
  peakTflops: string;
  mfu: string;
  /** Optional price per GPU-hour. */
  price: string;
  lawSource: 'preset' | 'current-fit' | 'custom';
  /** The fit planned with (lawSource 'current-fit'): a CalculatorFit id, or '' to follow the active file's fit. */
  fit: string;
  /** A planRun preset id (planPresetIds()); also the law and starting values of custom constants. */
  preset: string;
  /** Custom constants by parameter name (lawSource 'custom'). */
  customParams: Record<string, string>;
  mode: PlanMode;
  inferenceTokens: string;
  tokensPerParam: string;
  targetLoss: string;
  /** Unique tokens, for the data-constrained law. */
  uniqueTokens: string;
  /**
   * The plan's learning rate and batch size: a hyperparameter-law preset id (HPARAM_PRESETS), `custom`
   * (the constants below, e.g. from `scaling-laws hparams`), or `none`.
   */
  hparams: string;
  /** lr* = lrCoef·N^lrExpN·D^lrExpD and bs* = bsCoef·D^bsExpD tokens, when `hparams` is `custom`. */
  lrCoef: string;
  lrExpN: string;
  lrExpD: string;
  bsCoef: string;
  bsExpD: string;
  /** Tokens per sequence, to give the batch size in sequences. */
  seqLen: string;
}

/** Which input an error belongs to; `plan` is an error of the whole plan (shown by the results). */
export type CalculatorField = Exclude<keyof CalculatorInputs, 'customParams'> | `param:${string}` | 'plan';

export type CalculatorOutputs = { ok: true; result: PlanResult } | { ok: false; errors: Partial<Record<CalculatorField, string>> };

export type HostToCalculator =
  /** Answer to `ready`: saved inputs (when the webview has no state of its own) and the current fit. */
  | { type: 'init'; inputs?: CalculatorInputs; fits: CalculatorFits }
  | { type: 'fits'; fits: CalculatorFits }
  | { type: 'setInputs'; inputs: Partial<CalculatorInputs> };

export type CalculatorToHost =
  | { type: 'ready' }
  /** Sent after every recomputation: the host persists the inputs and keeps the outputs for the test hook. */
  | { type: 'computed'; inputs: CalculatorInputs; outputs: CalculatorOutputs }
  | { type: 'copy'; format: 'markdown' | 'json'; text: string }
  | { type: 'insertIntoNotebook'; markdown: string };
