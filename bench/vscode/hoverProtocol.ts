// What bench/hover.bench.ts (Node side) and bench/vscode/hoverBench.ts (inside the extension host) share:
// file names in the bench workspace and the shape of the results the host writes back.

/** The generated 10k-row run log, at the workspace root. */
export const HOVER_LOG = 'hover-bench-10k.csv';
/** Where the host writes its measurements (workspace root), read by the Node side after the run. */
export const HOVER_RESULTS = 'hover-bench-results.json';
export const HOVER_ROWS = 10_000;
export const HOVER_WARMUP = 200;
export const HOVER_SAMPLES = 2_000;

export interface LatencySummary {
  p50: number;
  p95: number;
  max: number;
  /** CPU ms of the extension host over all samples, next to their summed wall ms (load shows as wall ≫ cpu). */
  cpuMs: number;
  wallMs: number;
}

export interface HoverBenchResults {
  activationMs: number;
  fitMs: number;
  fittedRows: number;
  firstHoverMs: number;
  direct: LatencySummary;
  executeHoverProvider: LatencySummary;
}
