// The fitting worker as the extension runs it: dist/fitWorker.js built from src/extension/fitWorker.ts,
// driven through runInWorker. It must return what the engine computes in-process, report progress, and
// stop on the shared cancellation flag (not only by being terminated).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as esbuild from 'esbuild';
import { fitTable } from '../../src/core/fit';
import { MAX_BOOTSTRAP } from '../../src/core/limits';
import { readRunLog } from '../../src/core/runlog';
import { CancelledError, type RunTable } from '../../src/core/types';
import { runInWorker } from '../../src/extension/workerClient';
import { dataFile } from '../dataPath';

let root: string;
let table: RunTable;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'scaling-laws-worker-'));
  await esbuild.build({
    entryPoints: ['src/extension/fitWorker.ts'],
    outfile: join(root, 'dist', 'fitWorker.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  const path = dataFile('kyo-chinchilla-llm/df.csv');
  table = readRunLog(readFileSync(path, 'utf8'), { fileName: path });
});

after(() => rmSync(root, { recursive: true, force: true }));

/** A CancellationToken as VS Code hands one to withProgress callbacks. */
function cancellationSource() {
  const listeners: Array<() => void> = [];
  return {
    token: {
      isCancellationRequested: false,
      onCancellationRequested: (listener: () => void) => {
        listeners.push(listener);
        return { dispose: () => undefined };
      },
    },
    cancel() {
      this.token.isCancellationRequested = true;
      for (const listener of listeners) listener();
    },
  };
}

test('a fit in the worker returns the in-process result and reports progress', async () => {
  const request = { law: 'chinchilla', objective: 'huber-log' as const };
  const fractions: number[] = [];
  const done = await runInWorker(root, { type: 'fit', table, requests: [request] }, (fraction) => fractions.push(fraction));
  assert.equal(done.type, 'fitDone');
  const [outcome] = done.type === 'fitDone' ? done.outcomes : [];
  assert.ok(outcome && 'result' in outcome, JSON.stringify(outcome));
  assert.deepEqual(outcome.result.params, fitTable(table, request).params);
  assert.ok(fractions.length > 0, 'no progress messages');
  assert.ok(fractions.every((f) => f >= 0 && f <= 1));
});

test('a failing law is that law’s outcome; the others still fit', async () => {
  const done = await runInWorker(root, { type: 'fit', table, requests: [{ law: 'no-such-law' }, { law: 'chinchilla' }] }, () => undefined);
  assert.equal(done.type, 'fitDone');
  const outcomes = done.type === 'fitDone' ? done.outcomes : [];
  assert.ok('error' in outcomes[0] && outcomes[0].error.code, 'unknown law → a UserError outcome');
  assert.ok('result' in outcomes[1]);
});

test('cancelling stops the worker through the shared flag', { timeout: 60_000 }, async () => {
  const source = cancellationSource();
  let cancelled = false;
  // A bootstrap long enough to still be running when the first progress message arrives (the most allowed).
  const job = { type: 'fit' as const, table, requests: [{ law: 'chinchilla', bootstrap: MAX_BOOTSTRAP }] };
  const run = runInWorker(
    root,
    job,
    () => {
      if (!cancelled) {
        cancelled = true;
        source.cancel();
      }
    },
    source.token as never,
    // No kill timer within the test's time: only the worker's own check of the flag can end it.
    120_000,
  );
  await assert.rejects(run, CancelledError);
  assert.ok(cancelled);
});
