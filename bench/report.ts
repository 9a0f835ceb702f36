/**
 * The one machine-readable line every bench prints, so `npm run bench` (bench/run.ts) can put every
 * measured number next to its budget:
 *
 *   BENCH_JSON {"bench":"fit","metrics":[{"what":"Chinchilla fit median","value":41.2,"unit":"ms","max":100}]}
 *
 * Human-readable lines stay as each bench likes them; this line is the contract.
 */
export const BENCH_JSON_PREFIX = 'BENCH_JSON ';

export interface BenchMetric {
  what: string;
  value: number;
  unit: string;
  /** Budget (product.md): the value must be ≤ max, or ≥ min. Neither for context numbers (peers, ratios). */
  max?: number;
  min?: number;
  /** CPU time of the same measurement, when `value` is a wall time: the machine is shared and loaded. */
  cpu?: number;
}

export interface BenchReport {
  bench: string;
  metrics: BenchMetric[];
}

export function printBenchJson(bench: string, metrics: BenchMetric[]): void {
  const report: BenchReport = { bench, metrics };
  console.log(`${BENCH_JSON_PREFIX}${JSON.stringify(report)}`);
}

/** The report on a BENCH_JSON line, or undefined for any other line. */
export function parseBenchJson(line: string): BenchReport | undefined {
  if (!line.startsWith(BENCH_JSON_PREFIX)) return undefined;
  return JSON.parse(line.slice(BENCH_JSON_PREFIX.length)) as BenchReport;
}

/**
 * Whether a metric meets its budget (undefined when it has none). A wall time over budget still passes
 * when its CPU time is within it: on a loaded machine wall time includes waiting for a core.
 */
export function withinBudget(metric: BenchMetric): boolean | undefined {
  if (metric.max !== undefined) return Math.min(metric.value, metric.cpu ?? Infinity) <= metric.max;
  if (metric.min !== undefined) return metric.value >= metric.min;
  return undefined;
}

/** Wall and CPU milliseconds of `fn`, for benches that print both. */
export function timed<T>(fn: () => T): { result: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}
