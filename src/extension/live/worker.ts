/**
 * The long-lived live worker: the first `follow` job turns a fitting worker (dist/fitWorker.js) into
 * one that stays up and keeps every followed file's reader state, so each later job reads only what
 * was appended. Jobs are answered in order, one at a time (the host sends at most one per file).
 */
import type { MessagePort } from 'node:worker_threads';
import { fitTable } from '../../core/fit';
import type { CancellationSignal } from '../../core/types';
import { serializeError, type FitOutcome, type HostToWorker, type WorkerToHost } from '../../shared/messages';
import { packedBuffers, packTable } from '../readTable';
import { followFile, type FollowedFile } from './follow';

type FollowJob = Extract<HostToWorker, { type: 'follow' }>;

/** Refits every request; a failed law is that law's outcome, the others still count. */
function refit(table: FollowedFile['table'], job: FollowJob, signal: CancellationSignal): FitOutcome[] {
  return job.requests.map((request) => {
    try {
      return { law: request.law, result: fitTable(table, request, { signal }) };
    } catch (error) {
      return { law: request.law, error: serializeError(error) };
    }
  });
}

export function serveFollows(port: MessagePort, first: FollowJob, signalOf: (cancel: SharedArrayBuffer) => CancellationSignal): void {
  const followed = new Map<string, FollowedFile>();
  const answer = (job: FollowJob): WorkerToHost => {
    try {
      const start = performance.now();
      const outcome = followFile(followed.get(job.path), job.path, job.settings);
      const parseMs = performance.now() - start;
      followed.set(job.path, outcome.followed);
      const changed = outcome.mode !== 'unchanged';
      const outcomes = changed ? refit(outcome.table, job, signalOf(job.cancel)) : [];
      return { type: 'followDone', id: job.id, mode: outcome.mode, bytes: outcome.bytes, parseMs, outcomes, ...(changed ? { table: packTable(outcome.table) } : {}) };
    } catch (error) {
      // A file that cannot be read now (deleted, mid-rewrite) is read whole next time.
      followed.delete(job.path);
      return { type: 'followFailed', id: job.id, error: serializeError(error) };
    }
  };
  const handle = (job: HostToWorker) => {
    if (job.type !== 'follow') return;
    const reply = answer(job);
    port.postMessage(reply, reply.type === 'followDone' && reply.table ? packedBuffers(reply.table) : []);
  };
  port.on('message', handle);
  handle(first);
}
