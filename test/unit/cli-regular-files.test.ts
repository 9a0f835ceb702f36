// Issue 9 item 12: the CLI reads only regular files (after symlinks). /dev/zero, a symlink to it, a FIFO
// without a writer and a directory are refused promptly with exit 2 and a message; a file above the
// streaming threshold is still read (streamed) through the same opened descriptor.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readRunLogFile, readWholeFile } from '../../src/cli/io';
import { STREAM_THRESHOLD_BYTES } from '../../src/core/limits';
import { UserError } from '../../src/core/types';
import { cliFromSource, STACK_LINE } from './cli-helpers';

const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const posix = process.platform !== 'win32';

/** Refused as a UserError naming what the path is, without reading (or blocking on) it. */
async function refused(path: string, what: RegExp): Promise<void> {
  await assert.rejects(readRunLogFile(path), (e: unknown) => e instanceof UserError && e.code === 'unreadable-input' && what.test(e.message));
  assert.throws(() => readWholeFile(path), (e: unknown) => e instanceof UserError && what.test(e.message));
}

describe('CLI reads regular files only (issue 9 item 12)', { skip: posix ? false : 'devices and FIFOs are POSIX-only' }, () => {
  it('refuses /dev/zero, a symlink to it, a FIFO and a directory (in-process)', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.csv'));
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    await refused('/dev/zero', /it is a device; only regular files are read/);
    await refused(join(dir, 'zero.csv'), /it is a device/);
    await refused(join(dir, 'pipe.csv'), /it is a FIFO \(named pipe\)/);
    await refused(dir, /it is a directory/);
    await refused(join(dir, 'missing.csv'), /no such file/);
  });

  it('inspect on a FIFO, /dev/zero and a symlink to it returns promptly with exit 2 and a message', () => {
    for (const [path, what] of [
      [join(dir, 'pipe.csv'), /it is a FIFO/],
      ['/dev/zero', /it is a device/],
      [join(dir, 'zero.csv'), /it is a device/],
    ] as const) {
      // The timeout is the failure mode (a blocked open or an endless read), not a pacing device.
      const r = cliFromSource(['inspect', path], { timeoutMs: 30_000 });
      assert.equal(r.code, 2, `${path}: ${r.stderr}`);
      assert.match(r.stderr, what);
      assert.doesNotMatch(r.stderr, STACK_LINE);
    }
  });

  it('a file above the streaming threshold is streamed through the checked descriptor', async () => {
    // Long rows (a wide text column) keep the row count, and so the parse time, small.
    const note = 'x'.repeat(400);
    const rows = ['N,D,loss,note'];
    let bytes = 0;
    for (let i = 0; bytes <= STREAM_THRESHOLD_BYTES; i++) {
      const row = `${1e6 + i},${2e7 + 3 * i},${(2 + 1 / (1 + i)).toFixed(9)},${note}`;
      rows.push(row);
      bytes += row.length + 1;
    }
    const path = join(dir, 'big.csv');
    writeFileSync(path, `${rows.join('\n')}\n`);
    const table = await readRunLogFile(path);
    assert.equal(table.rowCount, rows.length - 1);
    assert.throws(() => readWholeFile(path, 1024 * 1024), /it is 16 MB, more than the 1 MB read whole/);
  });
});
