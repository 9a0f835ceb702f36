/**
 * The fitting worker (bundled to dist/fitWorker.js): fits run here so a 4,500-start grid or a
 * 1,000-resample bootstrap never blocks the extension host. One job per worker; the host spawns a
 * fresh worker per command and terminates it afterwards.
 */
import { parentPort } from 'node:worker_threads';
import { compareLaws, fitTable } from '../core/fit';
import type { CancellationSignal, Progress } from '../core/types';
import { serializeError, type FitOutcome, type HostToWorker, type WorkerToHost } from '../shared/messages';

/** Progress messages are throttled: a fit may report thousands of times per second. */
const PROGRESS_INTERVAL_MS = 50;

function post(message: WorkerToHost): void {
  parentPort?.postMessage(message);
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

function run(job: HostToWorker): WorkerToHost {
  const signal = cancellationSignal(job.cancel);
  if (job.type === 'compare') {
    const comparison = compareLaws(job.table, job.laws, job.request, {
      progress: progressReporter(0, 1, job.laws.join(', ')),
      signal,
    });
    return { type: 'compareDone', comparison };
  }
  const outcomes: FitOutcome[] = [];
  const span = 1 / job.requests.length;
  for (const [i, request] of job.requests.entries()) {
    try {
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

parentPort?.once('message', (job: HostToWorker) => {
  try {
    post(run(job));
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
});
