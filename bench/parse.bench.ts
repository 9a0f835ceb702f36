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

const CSV_ROWS = 100_000;
const JSONL_ROWS = 1_000_000;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = RUNS): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
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
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

function runChild(mode: string, file: string): { ms: number; rows: number; maxRssMB: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { ms: number; rows: number; maxRssMB: number };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at !== -1) return child(process.argv[at + 1], process.argv[at + 2]);

  const csv = csvText(CSV_ROWS);
  const ours = time(() => readRunLog(csv));
  const peer = time(() => Papa.parse(csv));
  console.log(`CSV ${CSV_ROWS.toLocaleString('en-US')} rows (${(csv.length / 1e6).toFixed(1)} MB)`);
  console.log(`  readRunLog (parse + numbers + roles + checks) median ${ours.toFixed(0)} ms   budget 500 ms   ${ours <= 500 ? 'OK' : 'OVER'}`);
  console.log(`  peer papaparse bare parse                      median ${peer.toFixed(0)} ms   ratio ${(ours / peer).toFixed(2)}×`);

  const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-bench-'));
  try {
    const file = join(dir, 'runs.jsonl');
    const parts: string[] = [];
    for (let i = 0; i < JSONL_ROWS; i++) parts.push(JSON.stringify(row(i)));
    writeFileSync(file, parts.join('\n') + '\n');
    parts.length = 0;
    const reader = [0, 1, 2].map(() => runChild('reader', file));
    const peerRuns = [0, 1, 2].map(() => runChild('peer', file));
    const ms = median(reader.map((r) => r.ms));
    const rss = Math.max(...reader.map((r) => r.maxRssMB));
    const peerMs = median(peerRuns.map((r) => r.ms));
    console.log(`JSONL ${JSONL_ROWS.toLocaleString('en-US')} rows streamed from disk (readRunLogFile → createRunLogReader), fresh process each`);
    console.log(`  reader median ${ms.toFixed(0)} ms   budget 5000 ms   ${ms <= 5000 ? 'OK' : 'OVER'}`);
    console.log(`  peak RSS ${rss.toFixed(0)} MB   budget 1024 MB   ${rss <= 1024 ? 'OK' : 'OVER'}`);
    console.log(`  peer readline + JSON.parse per line median ${peerMs.toFixed(0)} ms (peak ${Math.max(...peerRuns.map((r) => r.maxRssMB)).toFixed(0)} MB)   ratio ${(ms / peerMs).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
