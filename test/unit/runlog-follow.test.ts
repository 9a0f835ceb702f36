/**
 * Following a growing run log (src/core/runlog/follow.ts): the table after any sequence of appends is
 * the table a full read of the same complete lines gives, wherever the appends cut the bytes (mid-line,
 * mid-UTF-8 character, inside a BOM), and a rewrite or truncation is told apart from an append.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RunLogFollower } from '../../src/core/runlog/follow';
import { readRunLog } from '../../src/core/runlog/reader';
import type { RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The full read of the complete lines of `bytes` (what a follower that read them must give). */
function fullRead(bytes: Uint8Array, fileName: string): RunTable {
  const text = decoder.decode(bytes.subarray(0, bytes.lastIndexOf(10) + 1));
  return readRunLog(text, { fileName, encoding: 'utf-8' });
}

/** Feeds `bytes` cut at `cuts`, checking the table after each part against a full read. */
function followInParts(bytes: Uint8Array, cuts: number[], fileName: string): RunLogFollower {
  const follower = new RunLogFollower({ fileName });
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    follower.push(bytes.subarray(at, cut));
    at = cut;
    assert.equal(follower.offset, cut);
    const expected = fullRead(bytes.subarray(0, cut), fileName);
    const table = follower.table();
    table.diagnostics = table.diagnostics.filter((d) => d.code !== 'roles-changed');
    assert.deepEqual(table, expected, `table after ${cut} of ${bytes.length} bytes`);
  }
  return follower;
}

/** Deterministic offsets spread over the file (a fixed LCG, so a failure names the same cut every run). */
function cutsIn(length: number, count: number, seed: number): number[] {
  const cuts: number[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    cuts.push(x % length);
  }
  return [...new Set(cuts)].sort((a, b) => a - b);
}

const mamba = readFileSync(dataFile('llm360-mamba/llm360Mamba3B.csv'));

describe('RunLogFollower', () => {
  it('continues a 2.7 MB learning curve (llm360-mamba) cut at arbitrary byte offsets to the full read', () => {
    const cuts = cutsIn(mamba.length, 5, 7);
    // Mid-line cuts are the common case; make sure at least one falls just before and one just after a newline.
    const nl = mamba.indexOf(10, 1_000_000);
    const follower = followInParts(mamba, [...cuts, nl, nl + 1].sort((a, b) => a - b), 'llm360Mamba3B.csv');
    const table = follower.table();
    assert.equal(table.rowCount, fullRead(mamba, 'llm360Mamba3B.csv').rowCount);
    assert.ok(table.rowCount > 40_000, `${table.rowCount} rows`);
    assert.equal(table.roles.step?.column, 'step');
    assert.equal(table.roles.loss?.column, 'loss');
  });

  it('keeps an unfinished last line for the next append (a trainer mid-write)', () => {
    const lastNl = mamba.lastIndexOf(10, mamba.length - 2);
    const follower = new RunLogFollower({ fileName: 'llm360Mamba3B.csv' });
    follower.push(mamba.subarray(0, lastNl + 5));
    const before = follower.table();
    follower.push(mamba.subarray(lastNl + 5));
    const after = follower.table();
    assert.equal(after.rowCount, before.rowCount + 1);
    assert.equal(after.lines[after.rowCount - 1], before.lines[before.rowCount - 1] + 1);
  });

  it('cuts JSONL with multi-byte characters inside a character and still matches the full read', () => {
    // The llm360 rows as JSONL with a note in several scripts, so cuts land inside 2-, 3- and 4-byte characters.
    const rows = decoder.decode(mamba).trim().split('\n').slice(1, 3001);
    const jsonl = rows.map((line, i) => {
      const [step, loss, lr] = line.split(',').map(Number);
      return JSON.stringify({ step, loss, lr, note: i % 7 === 0 ? `warm-up é ✓ 𝛼=${i}` : 'ok' });
    });
    const bytes = encoder.encode(`${jsonl.join('\n')}\n`);
    const mid = bytes.indexOf(0xf0, bytes.length >> 1); // the first byte of a 4-byte 𝛼 past the middle
    const cuts = [mid - 300, mid + 1, mid + 2, mid + 3, mid + 900];
    assert.equal(bytes[mid + 1] & 0xc0, 0x80, 'the cut is inside the character');
    followInParts(bytes, cuts, 'curve.jsonl');
  });

  it('reads a short log whole at every byte split, BOM and CRLF included (bad-inputs/bom-crlf.csv)', () => {
    const bytes = readFileSync(dataFile('bad-inputs/bom-crlf.csv'));
    const fileName = 'bom-crlf.csv';
    const whole = readRunLog(decoder.decode(bytes), { fileName });
    // Splits after the header row: before it there is no table yet.
    const headerEnd = bytes.indexOf(10) + 1;
    for (let cut = 1; cut < bytes.length; cut++) {
      const follower = new RunLogFollower({ fileName });
      follower.push(bytes.subarray(0, cut));
      if (cut >= headerEnd) assert.equal(follower.table().rowCount, fullRead(bytes.subarray(0, cut), fileName).rowCount, `cut ${cut}`);
      follower.push(bytes.subarray(cut));
      assert.deepEqual(follower.table(), whole, `cut ${cut}`);
    }
  });

  it('tells an append from a truncation or a rewrite', () => {
    const start = mamba.subarray(0, 200_000);
    const follower = new RunLogFollower({ fileName: 'llm360Mamba3B.csv' });
    follower.push(start);
    const at = (file: Uint8Array) => (s: number, e: number) => file.subarray(s, e);
    assert.equal(follower.continues(mamba.length, at(mamba)), true, 'appended');
    assert.equal(follower.continues(150_000, at(mamba.subarray(0, 150_000))), false, 'truncated');
    const rewrittenHead = Uint8Array.from(mamba);
    rewrittenHead[10] ^= 1;
    assert.equal(follower.continues(mamba.length, at(rewrittenHead)), false, 'start changed');
    const rewrittenEnd = Uint8Array.from(mamba);
    rewrittenEnd[199_990] ^= 1;
    assert.equal(follower.continues(mamba.length, at(rewrittenEnd)), false, 'last bytes read changed');
  });

  it('never continues a JSON document (trainer_state.json is rewritten whole)', () => {
    const bytes = readFileSync(dataFile('bad-inputs/trainer_state.json'));
    const follower = new RunLogFollower({ fileName: 'trainer_state.json' });
    follower.push(bytes);
    assert.deepEqual(follower.table(), readRunLog(decoder.decode(bytes), { fileName: 'trainer_state.json' }));
    assert.equal(follower.continues(bytes.length + 10, (s, e) => bytes.subarray(s, e)), false);
  });

  it('says so when appended rows take a role away from its column', () => {
    // 40 real rows, then 60 where the trainer logged text in the loss column: it is no number column any more.
    const real = decoder.decode(mamba).split('\n').slice(1, 41).map((l) => l.split(',').slice(0, 2).join(','));
    const follower = new RunLogFollower({ fileName: 'curve.csv' });
    follower.push(encoder.encode(`step,loss\n${real.join('\n')}\n`));
    assert.equal(follower.table().roles.loss?.column, 'loss');
    follower.push(encoder.encode(Array.from({ length: 60 }, (_, i) => `${1000 + i},diverged\n`).join('')));
    const table = follower.table();
    assert.equal(table.roles.loss, undefined);
    assert.deepEqual(
      table.diagnostics.filter((d) => d.code === 'roles-changed').map((d) => d.message),
      ["rows appended to the log changed the loss column from 'loss' to no column"],
    );
  });
});
