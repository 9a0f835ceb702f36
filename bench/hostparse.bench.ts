/**
 * Extension-host blocking per typing pause on a 45 MB run log (issue 9 item 23). After each 300 ms
 * pause the extension re-reads the open document. The peer is the old path, run in this same process:
 * the whole parse on the host thread. The new path is what RunLogs.parse does: the document's text
 * (VS Code's getText joins the document's lines) goes to the parse job in dist/fitWorker.js, and the
 * table comes back packed, its typed arrays transferred. "Host blocking" is how long a 2 ms ticker on
 * the host thread was held up, in all and at most, from the pause to the fresh table (plus the event
 * loop's busy time). A burst of edits shows stale parses being stopped instead of queueing.
 *
 *   node --import tsx bench/hostparse.bench.ts [--mb 45]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { maxOf } from '../src/core/arrays';
import { CancelledError } from '../src/core/types';
import { readWithSettings, unpackTable, type ReadSettings } from '../src/extension/readTable';
import { runInWorker } from '../src/extension/workerClient';
import { printBenchJson, timed } from './report';
import { buildWorkerBundle } from '../test/workerBundle';

const mbArg = process.argv.indexOf('--mb');
const TARGET_MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 45;
const SETTINGS: ReadSettings = { fileName: 'runs.csv', map: {}, flopsPerToken: 6, nCounting: 'total' };

/** A step-level log of several runs: run, step, N, D, lr, loss (about 45 bytes a row). */
function generate(bytes: number): string[] {
  const lines = ['run,step,N,D,lr,loss'];
  let size = lines[0].length + 1;
  for (let i = 0; size < bytes; i++) {
    const run = i % 16;
    const step = Math.floor(i / 16) + 1;
    const n = 1e8 * (run + 1);
    const line = `r${run},${step},${n},${step * 524288},${(3e-4 * Math.exp(-step / 5e4)).toPrecision(4)},${(1.7 + 3 / Math.pow(step, 0.3)).toFixed(5)}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}


/**
 * Runs `work` and measures the host thread while it is pending: a 2 ms ticker runs throughout, and a
 * tick later than 10 ms means the thread was stalled that long (by us, or by the OS on a loaded
 * machine: compare with the peer's single stall). Also the event loop's busy time.
 */
async function onHost<T>(work: () => Promise<T>): Promise<{ result: T; busyMs: number; stalledMs: number; maxStallMs: number; wallMs: number }> {
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 2);
  await new Promise((resolve) => setTimeout(resolve, 50));
  gaps.length = 0;
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const result = await work();
  const wallMs = performance.now() - start;
  const used = performance.eventLoopUtilization(elu);
  clearInterval(ticker);
  gaps.push(performance.now() - last);
  const stalls = gaps.filter((gap) => gap > 10);
  return { result, busyMs: used.active, stalledMs: stalls.reduce((a, b) => a + b, 0), maxStallMs: Math.max(0, maxOf(stalls)), wallMs };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'scaling-laws-hostparse-'));
  try {
    await buildWorkerBundle(root);
    const lines = generate(TARGET_MB * 1024 * 1024);
    const getText = () => lines.join('\n');
    const text = getText();
    console.log(`${(text.length / 1024 / 1024).toFixed(1)} MB, ${(lines.length - 1).toLocaleString('en-US')} rows`);

    // Before: getText and the whole parse on the host thread (the old RunLogs.table): one stall.
    const old = timed(() => readWithSettings(getText(), SETTINGS));
    console.log(`before: host blocked ${old.ms.toFixed(0)} ms per pause (one stall; CPU ${old.cpuMs.toFixed(0)} ms)`);

    // After: getText + post to the worker + receive the table, the host free in between.
    const parseInWorker = async () => {
      const done = await runInWorker(root, { type: 'parse', source: { text: getText() }, settings: SETTINGS }, () => undefined, undefined, 0);
      if (done.type !== 'parseDone') throw new Error(done.type);
      return unpackTable(done.table);
    };
    await parseInWorker(); // warm the bundle's code cache like a second keystroke would
    const after = await onHost(parseInWorker);
    if (after.result.rowCount !== old.result.rowCount) throw new Error(`rows differ: ${after.result.rowCount} vs ${old.result.rowCount}`);
    console.log(
      `after:  host stalled ${after.stalledMs.toFixed(0)} ms in all per pause, longest stall ${after.maxStallMs.toFixed(0)} ms (event loop busy ${after.busyMs.toFixed(0)} ms); fresh table after ${after.wallMs.toFixed(0)} ms`,
    );

    // Where the remaining stall goes: getText alone (VS Code joins the document's lines; the old path paid it too).
    const joined = timed(getText);
    console.log(`        of which getText alone: ${joined.ms.toFixed(0)} ms`);

    // A burst: an edit every 350 ms while parses run; each stops the previous one, none queue up.
    let stopped = 0;
    const burst = await onHost(async () => {
      let previous: { cancel(): void; run: Promise<unknown> } | undefined;
      const runs: Array<Promise<unknown>> = [];
      let last = performance.now();
      for (let edit = 0; edit < 4; edit++) {
        previous?.cancel();
        last = performance.now();
        const listeners: Array<() => void> = [];
        const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose() {} }) };
        const run = runInWorker(root, { type: 'parse', source: { text: getText() }, settings: SETTINGS }, () => undefined, token as never, 0).catch((e: unknown) => {
          if (e instanceof CancelledError) stopped++;
          else throw e;
        });
        runs.push(run);
        previous = { run, cancel: () => ((token.isCancellationRequested = true), listeners.forEach((l) => l())) };
        if (edit < 3) await new Promise((resolve) => setTimeout(resolve, 350));
      }
      await Promise.all(runs);
      return performance.now() - last;
    });
    console.log(`burst of 4 edits 350 ms apart: ${stopped} stale parses stopped, fresh table ${burst.result.toFixed(0)} ms after the last edit`);

    printBenchJson('hostparse', [
      { what: `host blocked per pause, ${TARGET_MB} MB, before (parse on host)`, value: old.ms, unit: 'ms', cpu: old.cpuMs },
      { what: `host stalled per pause, ${TARGET_MB} MB, after (worker), in all`, value: after.stalledMs, unit: 'ms' },
      { what: 'longest host stall per pause, after', value: after.maxStallMs, unit: 'ms' },
      { what: 'event loop busy per pause, after', value: after.busyMs, unit: 'ms' },
      { what: 'pause → fresh table, after', value: after.wallMs, unit: 'ms' },
      { what: 'getText alone (in both paths)', value: joined.ms, unit: 'ms' },
      { what: 'stale parses stopped in a burst of 4', value: stopped, unit: '', min: 3 },
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
