import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { CancelledError, UserError } from '../core/types';
import type { HostToWorker, SerializedError, WorkerToHost } from '../shared/messages';

/** How long a cancelled worker may take to notice the flag before it is terminated. */
const CANCEL_GRACE_MS = 2000;

type WithoutCancel<T> = T extends unknown ? Omit<T, 'cancel'> : never;
export type WorkerJob = WithoutCancel<HostToWorker>;
type Done = Exclude<WorkerToHost, { type: 'progress' } | { type: 'failed' }>;

export function reviveError(error: SerializedError): Error {
  if (error.name === 'CancelledError') return new CancelledError();
  if (error.code !== undefined) return new UserError(error.message, error.code);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/**
 * Runs one job in a fresh worker (dist/fitWorker.js). Cancelling the token sets the shared flag the
 * worker's CancellationSignal reads; a worker that does not stop within the grace period is terminated.
 */
export function runInWorker(
  extensionPath: string,
  job: WorkerJob,
  onProgress: (fraction: number, message?: string) => void,
  token?: vscode.CancellationToken,
  graceMs = CANCEL_GRACE_MS,
): Promise<Done> {
  const cancel = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const worker = new Worker(path.join(extensionPath, 'dist', 'fitWorker.js'));
  return new Promise<Done>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      subscription?.dispose();
      clearTimeout(killTimer);
      void worker.terminate();
      outcome();
    };
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const subscription = token?.onCancellationRequested(() => {
      Atomics.store(new Int32Array(cancel), 0, 1);
      killTimer = setTimeout(() => finish(() => reject(new CancelledError())), graceMs);
    });
    worker.on('message', (message: WorkerToHost) => {
      if (message.type === 'progress') onProgress(message.fraction, message.message);
      else if (message.type === 'failed') finish(() => reject(reviveError(message.error)));
      else finish(() => resolve(message));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`fitting worker exited with code ${code}`))));
    worker.postMessage({ ...job, cancel } as HostToWorker);
  });
}
