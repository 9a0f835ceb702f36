/**
 * Parse + role detection budgets (product.md): 100k-row CSV ≤ 0.5 s; 1M-row JSONL streamed ≤ 5 s with
 * peak memory ≤ 1 GB. Peers measured in the same run: papaparse's bare parse (no roles, no numbers) for
 * the CSV, and JSON.parse per line for the JSONL, so the reader's own overhead is visible.
 *
 *   node --import tsx bench/parse.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { readRunLogFile } from '../src/cli/io';
import { readRunLog } from '../src/core/runlog';
import { printBenchJson, type BenchMetric } from './report';
import { maxOf } from '../src/core/arrays';

const CSV_ROWS = 100_000;
const JSONL_ROWS = 1_000_000;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall and CPU milliseconds: on a shared, loaded machine CPU time is the fairer number for budgets. */
interface Timing {
  ms: number;
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

function time(fn: () => void, runs = RUNS): Timing {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
    cpu.push(cpuMsSince(c));
  }
  return { ms: median(ms), cpuMs: median(cpu) };
}

function verdict(t: Timing, budgetMs: number): string {
  return `wall ${t.ms.toFixed(0)} ms, cpu ${t.cpuMs.toFixed(0)} ms   budget ${budgetMs} ms   ${Math.min(t.ms, t.cpuMs) <= budgetMs ? 'OK' : 'OVER'}`;
}

/** A plausible sweep: N, D, C, loss from a Chinchilla-like law, plus step, lr and a run name. */
function row(i: number): { run: string; params: number; tokens: number; flops: number; loss: number; step: number; lr: number } {
  const params = 1e7 * (1 + (i % 97));
  const tokens = 2e8 * (1 + (i % 89));
  return {
    run: `run-${i % 1000}`,
    params,
    tokens,
    flops: 6 * params * tokens,
    loss: 1.69 + 406.4 / params ** 0.34 + 410.7 / tokens ** 0.28,
    step: i,
    lr: 3e-4 * (1 - i / (i + 1e5)),
  };
}

function csvText(rows: number): string {
  const lines = ['run,params,tokens,flops,loss,step,lr'];
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    lines.push(`${r.run},${r.params},${r.tokens},${r.flops},${r.loss},${r.step},${r.lr}`);
  }
  return lines.join('\n');
}

/** Child mode: one measured streamed read (or the peer) in a fresh process, so maxRSS is its own. */
async function child(mode: string, file: string): Promise<void> {
  const c = process.cpuUsage();
  const t = performance.now();
  let rows = 0;
  if (mode === 'reader') {
    const table = await readRunLogFile(file);
    rows = table.rowCount;
    if (!table.roles.N || !table.roles.loss) throw new Error('roles not detected');
  } else {
    for await (const line of createInterface({ input: createReadStream(file) })) {
      if (line) {
        JSON.parse(line);
        rows++;
      }
    }
  }
  const ms = performance.now() - t;
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpuMsSince(c), rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

interface ChildResult extends Timing {
  rows: number;
  maxRssMB: number;
}

function runChild(mode: string, file: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as ChildResult;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at !== -1) return child(process.argv[at + 1], process.argv[at + 2]);

  const csv = csvText(CSV_ROWS);
  const ours = time(() => readRunLog(csv));
  const peer = time(() => Papa.parse(csv));
  const metrics: BenchMetric[] = [
    { what: 'parse + roles, 100k-row CSV, median', value: ours.ms, cpu: ours.cpuMs, unit: 'ms', max: 500 },
    { what: 'peer papaparse bare parse, 100k-row CSV', value: peer.ms, cpu: peer.cpuMs, unit: 'ms' },
  ];
  console.log(`CSV ${CSV_ROWS.toLocaleString('en-US')} rows (${(csv.length / 1e6).toFixed(1)} MB)`);
  console.log(`  readRunLog (parse + numbers + roles + checks) median ${verdict(ours, 500)}`);
  console.log(`  peer papaparse bare parse                      median wall ${peer.ms.toFixed(0)} ms, cpu ${peer.cpuMs.toFixed(0)} ms   ratio (cpu) ${(ours.cpuMs / peer.cpuMs).toFixed(2)}×`);

  const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-bench-'));
  try {
    const file = join(dir, 'runs.jsonl');
    const parts: string[] = [];
    for (let i = 0; i < JSONL_ROWS; i++) parts.push(JSON.stringify(row(i)));
    writeFileSync(file, parts.join('\n') + '\n');
    parts.length = 0;
    const reader = [0, 1, 2].map(() => runChild('reader', file));
    const peerRuns = [0, 1, 2].map(() => runChild('peer', file));
    const ours = { ms: median(reader.map((r) => r.ms)), cpuMs: median(reader.map((r) => r.cpuMs)) };
    const rss = maxOf(reader.map((r) => r.maxRssMB));
    const peer = { ms: median(peerRuns.map((r) => r.ms)), cpuMs: median(peerRuns.map((r) => r.cpuMs)) };
    console.log(`JSONL ${JSONL_ROWS.toLocaleString('en-US')} rows streamed from disk (readRunLogFile → createRunLogReader), fresh process each`);
    console.log(`  reader median ${verdict(ours, 5000)}`);
    console.log(`  peak RSS ${rss.toFixed(0)} MB   budget 1024 MB   ${rss <= 1024 ? 'OK' : 'OVER'}`);
    const peerRss = maxOf(peerRuns.map((r) => r.maxRssMB));
    metrics.push(
      { what: '1M-row JSONL streamed, median', value: ours.ms, cpu: ours.cpuMs, unit: 'ms', max: 5000 },
      { what: '1M-row JSONL peak RSS', value: rss, unit: 'MB', max: 1024 },
      { what: 'peer readline + JSON.parse, 1M-row JSONL', value: peer.ms, cpu: peer.cpuMs, unit: 'ms' },
    );
    console.log(`  peer readline + JSON.parse per line median wall ${peer.ms.toFixed(0)} ms, cpu ${peer.cpuMs.toFixed(0)} ms (peak ${peerRss.toFixed(0)} MB)   ratio (cpu) ${(ours.cpuMs / peer.cpuMs).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printBenchJson('parse', metrics);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
