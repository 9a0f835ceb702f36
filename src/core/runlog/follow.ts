/**
 * Following a run log while a trainer appends to it: bytes go in as they are read (the whole file
 * once, then only what was appended), and `table()` gives the table of every complete line so far,
 * the same table a full read of those lines gives. The reader state (format, dialect, header, column
 * builders, duplicate-row hashes, line numbers) carries over, so an append costs the appended rows
 * plus one finishing pass, never a re-parse.
 *
 * The caller re-reads from scratch (a new follower) when `continues` says the bytes already read are
 * not the start of the file any more: it shrank, its start or the last bytes read changed (a rewrite),
 * or the log is one JSON document (trainer_state.json is rewritten whole at every save).
 */
import type { Diagnostic, Role, RoleBinding, RunTable } from '../types';
import { createRunLogDecoder, type RunLogEncoding } from './decode';
import { createRunLogReader, detectFormat, readRunLog, SNIFF_CHARS, type ReadOptions, type RunLogReader } from './reader';

/** Bytes compared at the start of the file and before the resume offset to tell an append from a rewrite. */
const CHECK_BYTES = 1024;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A role that moved to another column or lost its column: said in a diagnostic, never silently. (A
 * role found for the first time is no change: a header with its first rows gains roles as values arrive.)
 */
function roleChanges(before: RunTable['roles'], after: RunTable['roles']): Diagnostic[] {
  const shown = (binding: RoleBinding | undefined) => (binding ? `'${binding.column}'` : 'no column');
  const changes: Diagnostic[] = [];
  for (const role of Object.keys(before) as Role[]) {
    if (before[role]?.column === after[role]?.column) continue;
    changes.push({
      severity: 'warning',
      code: 'roles-changed',
      message: `rows appended to the log changed the ${role} column from ${shown(before[role])} to ${shown(after[role])}`,
    });
  }
  return changes;
}

export class RunLogFollower {
  private readonly decoder = createRunLogDecoder();
  private firstEncoding: RunLogEncoding | undefined;
  /** Started once SNIFF_CHARS of text arrived: format and dialect are then decided as a full read decides them. */
  private reader: RunLogReader | undefined;
  /** Text of a log still shorter than SNIFF_CHARS, read whole on every table(). */
  private small = '';
  private read = 0;
  private head: Uint8Array = new Uint8Array(0);
  private tail: Uint8Array = new Uint8Array(0);
  private roles: RunTable['roles'] | undefined;

  constructor(private readonly options: ReadOptions = {}) {}

  /** Bytes read so far: the next read starts here. */
  get offset(): number {
    return this.read;
  }

  /**
   * Whether the file of `size` bytes, whose bytes `bytesAt(start, end)` returns, is the file read so
   * far with bytes appended. False also when the log cannot be continued (a JSON document, or text
   * that stopped being UTF-8 part-way: a full read decodes the whole file as Windows-1252 then).
   */
  continues(size: number, bytesAt: (start: number, end: number) => Uint8Array): boolean {
    if (size < this.read || this.isDocument()) return false;
    if (this.firstEncoding !== undefined && this.decoder.encoding !== this.firstEncoding) return false;
    if (!sameBytes(bytesAt(0, this.head.length), this.head)) return false;
    return sameBytes(bytesAt(this.read - this.tail.length, this.read), this.tail);
  }

  /** The next bytes of the file (they may end anywhere: mid-line, mid-character). */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.head.length < CHECK_BYTES) this.head = concat(this.head, bytes.subarray(0, CHECK_BYTES - this.head.length));
    const tail = bytes.length >= CHECK_BYTES ? bytes : concat(this.tail, bytes);
    this.tail = tail.slice(Math.max(0, tail.length - CHECK_BYTES));
    this.read += bytes.length;
    const text = this.decoder.decode(bytes);
    this.firstEncoding ??= this.decoder.encoding;
    if (this.reader) {
      this.reader.push(text);
      return;
    }
    this.small += text;
    if (this.small.length < SNIFF_CHARS) return;
    this.reader = createRunLogReader(this.options);
    this.reader.push(this.small);
    this.small = '';
  }

  /**
   * The table of the complete lines read so far (a JSON document: the whole text). Throws the
   * reader's UserError when there is no table yet (an empty file, a header still being written).
   * A role that moved to another column since the last table is reported as a `roles-changed` warning.
   */
  table(): RunTable {
    const encoding = this.decoder.encoding;
    const table = this.reader ? this.reader.table(encoding) : this.smallTable(encoding);
    if (this.roles) {
      const changes = roleChanges(this.roles, table.roles);
      if (changes.length > 0) table.diagnostics = [...changes, ...table.diagnostics];
    }
    this.roles = table.roles;
    return table;
  }

  private isDocument(): boolean {
    if (this.reader) return this.reader.appendable === false;
    const text = this.small.charCodeAt(0) === 0xfeff ? this.small.slice(1) : this.small;
    const format = this.options.format ?? detectFormat(text, this.options.fileName);
    return format === 'json' || format === 'trainer-state';
  }

  /** A short log is read whole each time, so its format is decided on all of it, as a full read would. */
  private smallTable(encoding: RunLogEncoding | undefined): RunTable {
    const text = this.small;
    const complete = this.isDocument() ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    return readRunLog(complete, { ...this.options, encoding });
  }
}
