/**
 * `npm run bench`: every bench in sequence, each in its own Node process (output passed through), then
 * one table of every number each reported on its BENCH_JSON line (bench/report.ts) against its budget.
 *
 *   npm run bench [-- [--quick] [fit parse render hover hostparse lm formula sniff live curve extrapolation laws sweep]]
 *
 * --quick skips the slow SciPy peer of the fit bench (minutes on a loaded machine). Exits non-zero when a
 * bench fails or reports nothing; a number over budget is shown as OVER but does not fail the run (the
 * machine is shared: compare the CPU column, and re-run quietly before drawing conclusions).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseBenchJson, withinBudget, type BenchReport } from './report';
import { maxOf } from '../src/core/arrays';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const BENCHES: Array<{ name: string; args: string[] }> = [
  { name: 'fit', args: quick ? ['--no-peer'] : [] },
  { name: 'parse', args: [] },
  { name: 'render', args: [] },
  { name: 'hover', args: [] },
  { name: 'hostparse', args: quick ? ['--mb', '10'] : [] },
  { name: 'lm', args: [] },
  { name: 'formula', args: [] },
  { name: 'sniff', args: quick ? ['--mb', '10'] : [] },
  // A million-row log takes seconds to write and read; --quick follows a 100k-row log instead.
  { name: 'live', args: quick ? ['--rows', '100000'] : [] },
  { name: 'curve', args: [] },
  { name: 'extrapolation', args: [] },
  { name: 'laws', args: [] },
  { name: 'sweep', args: [] },
];

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Runs one bench, echoing its output, and returns its BENCH_JSON report (undefined if it printed none). */
async function runBench(name: string, benchArgs: string[]): Promise<{ report?: BenchReport; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, `${name}.bench.ts`), ...benchArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let report: BenchReport | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    report = parseBenchJson(line) ?? report;
    console.log(line);
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  return { report, code };
}

function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 3;
  const text = Math.abs(value) > 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

function summary(reports: BenchReport[]): string {
  const rows = reports.flatMap((report) =>
    report.metrics.map((m) => {
      const ok = withinBudget(m);
      const budget = m.max !== undefined ? `≤ ${formatValue(m.max, m.unit)}` : m.min !== undefined ? `≥ ${formatValue(m.min, m.unit)}` : '';
      return [report.bench, m.what, formatValue(m.value, m.unit), m.cpu === undefined ? '' : formatValue(m.cpu, m.unit), budget, ok === undefined ? '' : ok ? 'OK' : 'OVER'];
    }),
  );
  const header = ['bench', 'what', 'wall / value', 'cpu', 'budget', ''];
  const widths = header.map((h, c) => Math.max(h.length, maxOf(rows.map((r) => r[c].length))));
  return [header, ...rows].map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<number> {
  const wanted = args.filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const reports: BenchReport[] = [];
  const failed: string[] = [];
  for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    console.log(`\n== ${bench.name} == (load average ${load()}, 2 cores)`);
    const started = performance.now();
    const { report, code } = await runBench(bench.name, bench.args);
    console.log(`${bench.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (report) reports.push(report);
    if (code !== 0 || !report) failed.push(`${bench.name} (${code !== 0 ? `exit ${code}` : 'no BENCH_JSON line'})`);
  }
  console.log(`\n== summary == (load average ${load()})\n${summary(reports)}`);
  if (failed.length > 0) console.log(`\nfailed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
