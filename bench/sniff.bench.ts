/**
 * The run-log sniff on 100 MB files, as the editor runs it on the extension host for every candidate
 * document: sniffHeadOf reads the head (64 KB of a JSON document, 16 KB of CSV) and sniffRunLog decides.
 * It must not grow with the file: a 100 MB trainer_state.json is recognised from its first records.
 * Budget: ≤ 50 ms per sniff (p50) — the host is blocked while it runs.
 *
 *   node --import tsx bench/sniff.bench.ts [--mb 100]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curveRun, trainerStateJson, wandbHistoryCsv } from '../scripts/learningCurveLogs';
import { sniffHeadOf, sniffRunLog } from '../src/core/runlog/sniff';
import { printBenchJson, timed, type BenchMetric } from './report';
import { maxOf } from '../src/core/arrays';

const SNIFF_BUDGET_MS = 50;
const RUNS = 21;
const mbArg = process.argv.indexOf('--mb');
const MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 100;
/** A trainer_state entry logged every step is ~175 characters; a W&B history row ~110. */
const STEPS = Math.round((MB * 1e6) / 175);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The file written to disk and read back, as the editor holds it (one flat string, not a generator's rope). */
function onDisk(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readFileSync(path, 'utf8');
}

function bench(label: string, name: string, text: string): BenchMetric[] {
  const sniff = () => {
    const { head, whole } = sniffHeadOf((n) => text.slice(0, n), text.length, name);
    return sniffRunLog(head, name, whole);
  };
  const first = timed(sniff);
  if (!first.result.isRunLog) throw new Error(`${name} was not recognised: ${JSON.stringify(first.result)}`);
  const runs = Array.from({ length: RUNS }, () => timed(sniff));
  const ms = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpuMs));
  console.log(
    `${label}, ${(text.length / 1e6).toFixed(1)} MB: first sniff ${first.ms.toFixed(1)} ms, then p50 ${ms.toFixed(2)} ms (cpu ${cpu.toFixed(2)} ms), max ${maxOf(runs.map((r) => r.ms)).toFixed(2)} ms (budget ${SNIFF_BUDGET_MS} ms) ${ms <= SNIFF_BUDGET_MS ? 'OK' : 'OVER'}`,
  );
  return [
    { what: `sniff p50, ${label}`, value: ms, unit: 'ms', max: SNIFF_BUDGET_MS, cpu },
    { what: `first sniff, ${label}`, value: first.ms, unit: 'ms' },
  ];
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sniff-bench-'));
  try {
    const run = curveRun({ maxSteps: Math.round(STEPS / 0.6), warmupSteps: 2000 });
    const state = onDisk(dir, 'trainer_state.json', trainerStateJson(run, { loggedSteps: STEPS, loggingSteps: 1, evalSteps: 1000, stopped: false }));
    const history = onDisk(dir, 'wandb-history.csv', wandbHistoryCsv(run, { loggedSteps: STEPS, loggingSteps: 1, evalSteps: 1000 }));
    printBenchJson('sniff', [...bench(`trainer_state.json (${STEPS.toLocaleString('en-US')} entries)`, 'trainer_state.json', state), ...bench('W&B history CSV', 'wandb-history.csv', history)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
