/**
 * The fitting worker (bundled to dist/fitWorker.js): fits run here so a 4,500-start grid or a
 * 1,000-resample bootstrap never blocks the extension host, and so do parses of run logs (a 45 MB
 * log takes seconds). One job per worker; the host spawns a fresh worker per job and terminates it
 * afterwards (a stale parse is terminated at once when a newer edit arrives). The exception is the
 * live worker: a first `follow` job keeps it up for growing logs (live/worker.ts).
 */
import { parentPort } from 'node:worker_threads';
import { compareWithFits, fitTable } from '../core/fit';
import { fitGroups } from '../core/fit/groupFit';
import type { CancellationSignal, Progress } from '../core/types';
import { serveFollows } from './live/worker';
import { packedBuffers, packTable, readSource } from './readTable';
import { isBinaryLog, readBinarySource } from './readBinaryLog';
import { serializeError, type FitOutcome, type HostToWorker, type WorkerToHost } from '../shared/messages';

/** Progress messages are throttled: a fit may report thousands of times per second. */
const PROGRESS_INTERVAL_MS = 50;

function post(message: WorkerToHost): void {
  // A parsed table's typed arrays move to the host instead of being copied.
  parentPort?.postMessage(message, message.type === 'parseDone' ? packedBuffers(message.table) : []);
}

function progressReporter(offset: number, span: number, label: string): Progress {
  let last = 0;
  return {
    report(fraction, message) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && fraction < 1) return;
      last = now;
      post({ type: 'progress', fraction: offset + span * fraction, message: message ?? label });
    },
  };
}

function cancellationSignal(buffer: SharedArrayBuffer): CancellationSignal {
  const flag = new Int32Array(buffer);
  return {
    get cancelled() {
      return Atomics.load(flag, 0) !== 0;
    },
  };
}

async function run(job: Exclude<HostToWorker, { type: 'follow' }>): Promise<WorkerToHost> {
  const signal = cancellationSignal(job.cancel);
  if (job.type === 'parse') {
    const onProgress = (fraction: number) => post({ type: 'progress', fraction });
    const table = isBinaryLog(job.settings.fileName) ? await readBinarySource(job.source, job.settings, onProgress, signal) : await readSource(job.source, job.settings, onProgress, signal);
    return { type: 'parseDone', table: packTable(table) };
  }
  if (job.type === 'compare') {
    const compared = compareWithFits(job.table, job.laws, job.request, { progress: progressReporter(0, 1, (job.laws ?? []).join(', ')), signal });
    return { type: 'compareDone', ...compared };
  }
  const outcomes: FitOutcome[] = [];
  const span = 1 / job.requests.length;
  for (const [i, request] of job.requests.entries()) {
    try {
      if (job.groups) {
        // One outcome per group; a group that cannot be fitted fails the law, as the joint fit needs them all.
        const grouped = fitGroups(job.table, request, job.groups.column, job.groups.share);
        for (const result of grouped.shared ?? grouped.independent) outcomes.push({ law: request.law, result });
        continue;
      }
      const result = fitTable(job.table, request, { progress: progressReporter(i * span, span, request.law), signal });
      outcomes.push({ law: request.law, result });
    } catch (error) {
      // Cancellation ends the whole job; any other failure is this law's outcome.
      if (signal.cancelled) throw error;
      outcomes.push({ law: request.law, error: serializeError(error) });
    }
  }
  return { type: 'fitDone', outcomes };
}

parentPort?.once('message', async (job: HostToWorker) => {
  if (job.type === 'follow') {
    serveFollows(parentPort!, job, cancellationSignal);
    return;
  }
  try {
    post(await run(job));
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
});
