/**
 * Live refit budget (issue 10): a 1M-row training log gains 1k rows → the updated prediction (append
 * parse + refit + forecast) in ≤ 500 ms, without re-parsing the file. Printed next to it: the full
 * re-parse of the grown file, and the ratio, so "no full re-parse" is a number, not a claim.
 *
 *   node --import tsx bench/live.bench.ts [--rows 1000000] [--law power]
 *
 * The log is a synthetic step,loss,lr,grad_norm CSV (a warm-up + cosine schedule, a power-law curve with
 * noise), written to a temp file and read through the same follower and worker-side file reads the
 * extension uses (src/extension/live/follow.ts).
 */
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forecastRun } from '../src/core/curve/forecast';
import { fitTable } from '../src/core/fit';
import type { FitRequest } from '../src/core/types';
import { followFile, type FollowedFile } from '../src/extension/live/follow';
import { refitRequest } from '../src/extension/live/request';
import { printBenchJson, timed } from './report';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const ROWS = Number(option('rows', '1000000'));
const APPENDED = 1000;
const LAW = option('law', 'saturating-power');
const BUDGET_MS = 500;
const TOTAL_STEPS = ROWS + 10 * APPENDED;

/** A deterministic noisy learning curve: loss = 2 + 8·step^-0.3 (±1 %), with warm-up + cosine LR. */
function rows(from: number, to: number): string {
  let seed = from + 1;
  const lines: string[] = [];
  for (let step = from; step < to; step++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const noise = 1 + 0.01 * ((seed / 2 ** 32) * 2 - 1);
    const loss = (2 + 8 * (step + 1) ** -0.3) * noise;
    const lr = step < 2000 ? (3e-4 * (step + 1)) / 2000 : 3e-4 * 0.5 * (1 + Math.cos((Math.PI * step) / TOTAL_STEPS));
    lines.push(`${step + 1},${loss.toPrecision(7)},${lr.toPrecision(6)},${(1 + (seed % 1000) / 1000).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-live-'));
try {
  const file = join(dir, 'train_log.csv');
  writeFileSync(file, 'step,loss,lr,grad_norm\n');
  for (let at = 0; at < ROWS; at += 100_000) appendFileSync(file, rows(at, Math.min(ROWS, at + 100_000)));
  const settings = { fileName: 'train_log.csv', map: {}, flopsPerToken: 6, nCounting: 'total' as const };

  const opened = timed(() => followFile(undefined, file, settings));
  const followed: FollowedFile = opened.result.followed;
  const first = opened.result.table;
  // The stored fit was made earlier in the run, on its first 10k steps; the refit redoes its request.
  const request: FitRequest = { law: LAW, x: 'step', objective: 'huber-log', where: 'step <= 10000' };
  const stored = fitTable(first, request);
  delete stored.request?.where;
  console.log(`${ROWS.toLocaleString('en-US')}-row log (${(statSync(file).size / 1e6).toFixed(1)} MB): first read ${opened.ms.toFixed(0)} ms (${first.rowCount.toLocaleString('en-US')} rows)`);

  appendFileSync(file, rows(ROWS, ROWS + APPENDED));
  const append = timed(() => followFile(followed, file, settings));
  if (append.result.mode !== 'append') throw new Error(`expected an append, got ${append.result.mode}`);
  const table = append.result.table;
  const refit = timed(() => fitTable(table, refitRequest(stored)));
  const forecast = timed(() => forecastRun(table, refit.result, 0, { until: TOTAL_STEPS }));
  if (!forecast.result) throw new Error('no forecast');
  const total = { ms: append.ms + refit.ms + forecast.ms, cpuMs: append.cpuMs + refit.cpuMs + forecast.cpuMs };

  const reparse = timed(() => followFile(undefined, file, settings));
  if (reparse.result.table.rowCount !== table.rowCount) throw new Error(`row counts differ: ${reparse.result.table.rowCount} vs ${table.rowCount}`);
  console.log(`+${APPENDED} rows: append read+parse ${append.ms.toFixed(0)} ms (${append.result.bytes.toLocaleString('en-US')} bytes read), refit ${refit.ms.toFixed(0)} ms, forecast ${forecast.ms.toFixed(1)} ms`);
  console.log(`updated prediction ${total.ms.toFixed(0)} ms wall, ${total.cpuMs.toFixed(0)} ms cpu (budget ${BUDGET_MS} ms): final loss ≈ ${forecast.result.loss.toPrecision(4)} at step ${TOTAL_STEPS}`);
  console.log(`full re-parse of the grown file: ${reparse.ms.toFixed(0)} ms — the append parse is ${(append.ms / reparse.ms).toFixed(3)}× of it`);
  printBenchJson('live', [
    { what: `${ROWS.toLocaleString('en-US')}-row log + ${APPENDED} rows → updated prediction`, value: total.ms, cpu: total.cpuMs, unit: 'ms', max: BUDGET_MS },
    { what: 'append read + parse', value: append.ms, cpu: append.cpuMs, unit: 'ms' },
    { what: `refit (${LAW}, warm start from the stored fit)`, value: refit.ms, cpu: refit.cpuMs, unit: 'ms' },
    { what: 'full re-parse (not done on append)', value: reparse.ms, cpu: reparse.cpuMs, unit: 'ms' },
    { what: 'append parse / full re-parse', value: append.ms / reparse.ms, unit: '×' },
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
