/**
 * A sweep of 200 runs × 10,000 logged steps (a learning curve each, step, loss and tokens) assembled into
 * one table: from the parsed logs (assembleSweep, the budgeted number: ≤ 2 s) for each --take; writing
 * that table as CSV (--out), and reading the 2M rows of log text first, are reported beside it.
 *
 *   node --import tsx bench/sweep.bench.ts [--runs 200] [--steps 10000]
 */
import { readRunLog } from '../src/core/runlog';
import { assembleSweep, parseTake, sweepTableText, type SweepRunInput } from '../src/core/sweep';
import type { RunTable } from '../src/core/types';
import { printBenchJson, timed, type BenchMetric } from './report';

const BUDGET_MS = 2000;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 200);
const STEPS = arg('--steps', 10_000);
const SEQ_TOKENS = 2048 * 256;

/** Run r's log: a Chinchilla-shaped curve in tokens with a little deterministic noise. */
function logText(r: number): string {
  const n = 1e7 * 1.05 ** r;
  const lines = ['step,loss,tokens'];
  for (let s = 1; s <= STEPS; s++) {
    const d = s * SEQ_TOKENS;
    const loss = 1.7 + 406 / n ** 0.34 + 411 / d ** 0.28 + 0.01 * Math.sin(r * 7919 + s);
    lines.push(`${s},${loss.toFixed(5)},${d}`);
  }
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const texts = Array.from({ length: RUNS }, (_, r) => logText(r));
  const names = Array.from({ length: RUNS }, (_, r) => `llama-${Math.round(10 * 1.05 ** r)}m`);
  const read = timed(() => texts.map((text, r) => readRunLog(text, { fileName: `${names[r]}.csv` })));
  const tables: RunTable[] = read.result;
  const inputs: SweepRunInput[] = tables.map((table, r) => ({ name: names[r], table }));
  const metrics: BenchMetric[] = [];
  for (const take of ['final', 'after=0.3', 'all']) {
    // Best of 5: the number is the assembly, not a garbage collection that happens to land in it.
    const runs = Array.from({ length: 5 }, () => timed(() => assembleSweep(inputs, { take: parseTake(take) })));
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const rows = best.result.rowCount;
    const csv = timed(() => sweepTableText(best.result));
    console.log(
      `assemble ${RUNS} runs × ${STEPS} steps, take ${take}: ${best.ms.toFixed(0)} ms (cpu ${best.cpuMs.toFixed(0)} ms), ${rows} rows (budget ${BUDGET_MS} ms) ${best.ms <= BUDGET_MS ? 'OK' : 'OVER'}; ` +
        `its CSV ${csv.ms.toFixed(0)} ms (${(csv.result.length / 1e6).toFixed(1)} MB)`,
    );
    metrics.push({ what: `assemble ${RUNS} × ${STEPS}, take ${take} (${rows} rows)`, value: best.ms, unit: 'ms', max: BUDGET_MS, cpu: best.cpuMs });
    metrics.push({ what: `CSV of that table`, value: csv.ms, unit: 'ms', cpu: csv.cpuMs });
  }
  console.log(`reading the ${RUNS} logs (${((RUNS * STEPS) / 1e6).toFixed(1)}M rows) first: ${read.ms.toFixed(0)} ms (cpu ${read.cpuMs.toFixed(0)} ms)`);
  metrics.push({ what: `read ${RUNS} logs of ${STEPS} rows (text → tables)`, value: read.ms, unit: 'ms', cpu: read.cpuMs });
  printBenchJson('sweep', metrics);
}

main();
