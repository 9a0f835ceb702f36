// The parse worker's binary run logs (src/extension/readBinaryLog.ts): a TensorBoard event file and a
// Parquet file, from a local path (streamed / read by byte ranges) and as a virtual file's bytes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { columnByName } from '../../src/core/runlog';
import { CancelledError } from '../../src/core/types';
import { isBinaryLog, readBinarySource } from '../../src/extension/readBinaryLog';
import type { ReadSettings } from '../../src/extension/readTable';
import { file, parquet, torchRun, wandbHistory } from './binary-logs';

const settings = (fileName: string): ReadSettings => ({ fileName, map: {}, flopsPerToken: 6, nCounting: 'total' });
const running = { cancelled: false };

describe('binary run logs in the parse worker', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'binary-logs-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const events = file(torchRun([10, 20, 30], (s) => 4 - s / 100));
  const table = parquet(wandbHistory(), 'GZIP');

  it('tells binary logs by name', () => {
    assert.ok(isBinaryLog('events.out.tfevents.1700000000.host.1.0'));
    assert.ok(isBinaryLog('history.parquet'));
    assert.ok(!isBinaryLog('metrics.csv'));
  });

  it('an event file from a path (streamed, progress reported) and from bytes gives the same table', async () => {
    const name = 'events.out.tfevents.1700000000.host.1.0';
    const path = join(root, name);
    writeFileSync(path, events);
    const progress: number[] = [];
    const fromPath = await readBinarySource({ path, size: events.length }, settings(name), (f) => progress.push(f), running);
    const fromBytes = await readBinarySource({ bytes: events }, settings(name), () => undefined, running);
    assert.deepEqual([...columnByName(fromPath, 'train/loss')!.values], [...columnByName(fromBytes, 'train/loss')!.values]);
    assert.equal(fromPath.roles.loss?.column, 'train/loss');
    assert.equal(progress.at(-1), 1);
    await assert.rejects(readBinarySource({ path, size: events.length }, settings(name), () => undefined, { cancelled: true }), CancelledError);
  });

  it('a Parquet file from a path and from bytes; an editor text of it is refused with the reason', async () => {
    const path = join(root, 'history.parquet');
    writeFileSync(path, table);
    const fromPath = await readBinarySource({ path, size: table.length }, settings('history.parquet'), () => undefined, running);
    const fromBytes = await readBinarySource({ bytes: table }, settings('history.parquet'), () => undefined, running);
    assert.equal(fromPath.rowCount, 150);
    assert.deepEqual([...columnByName(fromPath, 'train/loss')!.values], [...columnByName(fromBytes, 'train/loss')!.values]);
    await assert.rejects(readBinarySource({ text: 'PAR1…' }, settings('history.parquet'), () => undefined, running), /is a binary file: it is read from disk/);
  });
});
