import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FitRequest } from '../../core/types';
import type { WorkerToHost } from '../../shared/messages';
import type { ReadSettings } from '../readTable';
import { reviveError } from '../workerClient';

export type FollowReply = Extract<WorkerToHost, { type: 'followDone' }>;

/**
 * The host's handle on the long-lived live worker (live/worker.ts): spawned on the first follow,
 * it keeps every followed file's reader state between jobs. If it dies, the pending jobs fail and the
 * next job starts a new worker, which reads each file whole once more.
 */
export class LiveWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: FollowReply) => void; reject: (error: Error) => void }>();

  constructor(private readonly extensionPath: string) {}

  follow(filePath: string, settings: ReadSettings, requests: FitRequest[]): Promise<FollowReply> {
    const id = this.nextId++;
    const worker = this.worker ?? this.start();
    return new Promise<FollowReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'follow', id, path: filePath, settings, requests, cancel: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) });
    });
  }

  private start(): Worker {
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'fitWorker.js'));
    worker.on('message', (message: WorkerToHost) => {
      if (message.type !== 'followDone' && message.type !== 'followFailed') return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'followDone') waiting?.resolve(message);
      else waiting?.reject(reviveError(message.error));
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`live worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
