// The fitting worker as the extension runs it: dist/fitWorker.js built from src/extension/fitWorker.ts,
// driven through runInWorker. It must return what the engine computes in-process, report progress, and
// stop on the shared cancellation flag (not only by being terminated).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { MAX_BOOTSTRAP } from '../../src/core/limits';
import { readRunLog } from '../../src/core/runlog';
import { CancelledError, type RunTable, UserError } from '../../src/core/types';
import { packedBuffers, packTable, readWithSettings, unpackTable } from '../../src/extension/readTable';
import { runInWorker } from '../../src/extension/workerClient';
import { dataFile } from '../dataPath';
import { buildWorkerBundle } from '../workerBundle';

let root: string;
let table: RunTable;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'scaling-laws-worker-'));
  await buildWorkerBundle(root);
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

/** The parse job's read settings for a file name (defaults of the extension's settings). */
function readSettings(fileName: string, nCounting: 'total' | 'non-embedding' = 'total') {
  return { fileName, map: {}, flopsPerToken: 6, nCounting };
}

/** The parts of a table the host reads (columns, lines, status, roles, diagnostics), comparable with deepEqual. */
function comparable(t: RunTable) {
  return { ...t, lines: Array.from(t.lines), columns: t.columns.map((c) => ({ ...c, values: Array.from(c.values), text: c.text })) };
}

test('a parse in the worker (text, local path, or bytes) returns the in-process table', async () => {
  const path = dataFile('kyo-chinchilla-llm/df.csv');
  const text = readFileSync(path, 'utf8');
  const expected = comparable(readWithSettings(text, readSettings('df.csv')));
  const sources = [{ text }, { path, size: statSync(path).size }, { bytes: new Uint8Array(readFileSync(path)) }];
  for (const source of sources) {
    const done = await runInWorker(root, { type: 'parse', source, settings: readSettings('df.csv') }, () => undefined);
    assert.equal(done.type, 'parseDone');
    assert.deepEqual(done.type === 'parseDone' && comparable(unpackTable(done.table)), expected, Object.keys(source)[0]);
    assert.ok(done.type === 'parseDone' && done.table.table.lines instanceof Int32Array && done.table.table.columns[0].values instanceof Float64Array);
  }
});

test('a file streamed by the worker in chunks equals the whole-text read, nCounting included', async () => {
  const rows = ['N,N_no_emb,D,loss', ...Array.from({ length: 120_000 }, (_, i) => `${1e8 + i},${9e7 + i},${2e9 + 7 * i},${(3 - i / 3e5).toFixed(6)}`)];
  const path = join(root, 'big.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  const settings = readSettings('big.csv', 'non-embedding');
  const fractions: number[] = [];
  const done = await runInWorker(root, { type: 'parse', source: { path, size: statSync(path).size }, settings }, (f) => fractions.push(f));
  const expected = readWithSettings(readFileSync(path, 'utf8'), settings);
  assert.equal(expected.roles.N?.column, 'N_no_emb');
  assert.deepEqual(done.type === 'parseDone' && comparable(unpackTable(done.table)), comparable(expected));
  assert.ok(fractions.length >= 2 && fractions.at(-1) === 1, `progress ${fractions.join(', ')}`);
});

test('an unreadable text is a UserError from the worker, not a crash', async () => {
  await assert.rejects(runInWorker(root, { type: 'parse', source: { text: '' }, settings: readSettings('a.csv') }, () => undefined), (error: Error) => error instanceof UserError && /empty/.test(error.message));
});

test('a stale parse is stopped at once (no grace period), so parses never queue up', async () => {
  const text = `N,D,loss\n${'1e9,2e10,3.1\n'.repeat(1_000_000)}`;
  const source = cancellationSource();
  const run = runInWorker(root, { type: 'parse', source: { text }, settings: readSettings('a.csv') }, () => undefined, source.token as never, 0);
  source.cancel();
  const start = performance.now();
  await assert.rejects(run, CancelledError);
  // The whole-text parse of 1M rows takes seconds; termination takes a worker shutdown.
  const parse = performance.now();
  readWithSettings(text.slice(0, text.length / 4), readSettings('a.csv'));
  const quarterParse = performance.now() - parse;
  assert.ok(performance.now() - start - quarterParse < quarterParse, 'the stale parse was not left to finish');
});

test('a packed table (row status as bytes, text columns as distinct values) unpacks to the same table', () => {
  const text = 'run,N,D,loss,note\na,1e9,2e10,3.1,x\nb,2e9,4e10,,\na,4e9,about,2.7,"multi\nline"\n,8e9,1.6e11,2.5,x\n';
  const table = readWithSettings(text, readSettings('mixed.csv'));
  assert.deepEqual(new Set(table.rowStatus), new Set(['ok', 'planned', 'error']), 'the fixture has every row status');
  assert.ok(table.columns.some((c) => c.text?.includes(undefined)), 'the fixture has a text column with a missing cell');
  const expected = comparable(table);
  const packed = packTable(table);
  const moved = structuredClone(packed, { transfer: packedBuffers(packed) });
  assert.deepEqual(comparable(unpackTable(moved)), expected);
});
