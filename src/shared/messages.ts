/**
 * Typed messages between the extension host and the fitting worker (dist/fitWorker.js). Both sides
 * import this file, so a change to a message is a compile error on the other side. Renderer ↔ host
 * messages are added below by the plot/renderer work.
 */
import type { CompareRow } from '../core/fit/compare';
import type { FitRequest, FitResult, RunTable } from '../core/types';

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
  | { type: 'fit'; table: RunTable; requests: FitRequest[]; cancel: SharedArrayBuffer }
  | { type: 'compare'; table: RunTable; laws: string[]; request: Omit<FitRequest, 'law'>; cancel: SharedArrayBuffer };

/** One law's outcome in a multi-law fit: a failed law does not sink the others. */
export type FitOutcome = { law: string; result: FitResult } | { law: string; error: SerializedError };

/** Worker → host. */
export type WorkerToHost =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'fitDone'; outcomes: FitOutcome[] }
  | { type: 'compareDone'; comparison: CompareRow[] }
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

export type RendererToHost = ExportChartMessage;
export type HostToRenderer = ExportResultMessage;
