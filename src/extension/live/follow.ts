/**
 * Worker side of following a run log while it grows (free of `vscode`: it runs in dist/fitWorker.js).
 * The first read streams the whole file through a RunLogFollower; later reads take only the bytes
 * appended since, unless the file shrank, was rewritten or is a JSON document, when it is read again
 * from the start. File reads are synchronous: this runs on the worker's thread, never the host's.
 */
import * as fs from 'node:fs';
import { RunLogFollower } from '../../core/runlog/follow';
import type { RunTable } from '../../core/types';
import { mapForHead, type ReadSettings } from '../readTable';

/** Bytes read per call while streaming the file. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** One followed file: its follower, the settings it reads with, and the last table. */
export interface FollowedFile {
  follower: RunLogFollower;
  settings: ReadSettings;
  table: RunTable;
}

/** How the table was brought up to date: read whole, continued with appended bytes, or nothing new. */
export type FollowMode = 'full' | 'append' | 'unchanged';

export interface FollowOutcome {
  followed: FollowedFile;
  table: RunTable;
  mode: FollowMode;
  /** Bytes read from the file for this update. */
  bytes: number;
}

function sameSettings(a: ReadSettings, b: ReadSettings): boolean {
  return a.fileName === b.fileName && a.flopsPerToken === b.flopsPerToken && a.nCounting === b.nCounting && JSON.stringify(a.map) === JSON.stringify(b.map);
}

function readAt(fd: number, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(0, end - start));
  let done = 0;
  while (done < bytes.length) {
    const n = fs.readSync(fd, bytes, done, bytes.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return done === bytes.length ? bytes : bytes.subarray(0, done);
}

/** Pushes the file's bytes from the follower's offset to `size` in chunks. */
function pushRange(fd: number, follower: RunLogFollower, size: number): number {
  const from = follower.offset;
  while (follower.offset < size) {
    const chunk = readAt(fd, follower.offset, Math.min(size, follower.offset + CHUNK_BYTES));
    if (chunk.length === 0) break;
    follower.push(chunk);
  }
  return follower.offset - from;
}

/**
 * Brings a followed file's table up to date: continues `previous` with the appended bytes when the
 * file is the one read before plus more, else reads it whole. Throws the reader's UserError when the
 * file has no table (yet).
 */
export function followFile(previous: FollowedFile | undefined, path: string, settings: ReadSettings): FollowOutcome {
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const continued = previous && sameSettings(previous.settings, settings) && previous.follower.continues(size, (start, end) => readAt(fd, start, end));
    if (continued && size === previous.follower.offset) return { followed: previous, table: previous.table, mode: 'unchanged', bytes: 0 };
    let follower = continued ? previous.follower : undefined;
    if (!follower) {
      const head = readAt(fd, 0, Math.min(size, CHUNK_BYTES));
      follower = new RunLogFollower({ fileName: settings.fileName, map: mapForHead(() => new TextDecoder().decode(head), settings), flopsPerToken: settings.flopsPerToken });
    }
    const bytes = pushRange(fd, follower, size);
    const table = follower.table();
    return { followed: { follower, settings, table }, table, mode: continued ? 'append' : 'full', bytes };
  } finally {
    fs.closeSync(fd);
  }
}
