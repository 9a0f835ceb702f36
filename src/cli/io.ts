/**
 * What every CLI command shares: exit codes, argument parsing with usage errors, reading a run log
 * from disk (bytes decoded, big files streamed), `--map` flags, and JSON / table output.
 */
import { accessSync, closeSync, constants, createReadStream, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { asyncBufferFromFile } from 'hyparquet';
import { terminalJson, terminalText } from '../core/escape';
import { createRunLogDecoder, createRunLogReader, decodeRunLog, readRunLog, type ReadOptions } from '../core/runlog';
import { isParquetFile, readParquet } from '../core/runlog/parquet';
import { isTfEventsFile, TfEventsReader } from '../core/runlog/tfevents';
import { MAX_WHOLE_FILE_BYTES, STREAM_THRESHOLD_BYTES } from '../core/limits';
import { ROLES, UserError, type Role, type RoleMap, type RunTable } from '../core/types';
import { maxOf } from '../core/arrays';
import { quoteText } from '../core/quote';

/** product.md exit codes. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/*
 * Every byte the CLI prints goes through writeOut / writeErr. Column names, file names and messages
 * quoting them come from the file, and a terminal obeys escape sequences in them (title, screen clear,
 * clipboard write via OSC 52): terminalText replaces the control characters first.
 */
export function writeOut(text: string): void {
  const safe = terminalText(text);
  process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

export function writeErr(text: string): void {
  const safe = terminalText(text);
  process.stderr.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

/**
 * `util.parseArgs` in strict mode, with its errors (unknown option, missing value) turned into a
 * UserError so the dispatcher prints them without a stack and exits with code 2.
 */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
): { values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true; args: string[] }>>['values']; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(error instanceof Error ? error.message : String(error), 'usage');
  }
}

/** `--map ROLE=none`: leave the role unbound (C = 6ND is derived). A column literally named none is `--map C='"none"'`. */
const UNBOUND_KEYWORD = 'none';

/**
 * `--map ROLE=COLUMN` values to a RoleMap. The column may be quoted (`N="Model Size"`) for shells
 * that pass the quotes through; `ROLE=none` unbinds the role, a quoted `"none"` names a column.
 */
export function parseMapFlags(values: readonly string[]): RoleMap {
  const map: RoleMap = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const role = value.slice(0, Math.max(eq, 0)).trim();
    let column = value.slice(eq + 1).trim();
    if (eq <= 0 || column === '') throw new UserError(`--map expects ROLE=COLUMN (or ROLE=${UNBOUND_KEYWORD} to leave the role unbound), got ${quoteText(value)}`, 'usage');
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new UserError(`--map: unknown role ${quoteText(role)} (roles: ${ROLES.join(', ')})`, 'usage');
    }
    if (column === UNBOUND_KEYWORD) {
      map[role as Role] = null;
      continue;
    }
    if (column.length >= 2 && (column[0] === '"' || column[0] === "'") && column.at(-1) === column[0]) column = column.slice(1, -1);
    map[role as Role] = column;
  }
  return map;
}

function unreadable(path: string, error: unknown): UserError {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
  return new UserError(`cannot read ${path}: ${reason}`, 'unreadable-input');
}

/** What a non-regular file is, in words, for "cannot read X: it is a FIFO (named pipe)". */
function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` (following symlinks) only if it is a regular file. The open is non-blocking, so a FIFO
 * without a writer is refused at once instead of hanging, and the type is checked on the opened
 * descriptor, so the file cannot be swapped for a device between the check and the read.
 */
function openRegularFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK only matters for FIFOs and devices; Windows has neither flag nor FIFOs to block on.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`it is ${describeKind(stat)}; only regular files are read`);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw unreadable(path, error);
  }
}

/** Reads exactly the `size` bytes fstat reported (a file growing meanwhile cannot make this unbounded). */
function readOpened(fd: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, null);
    if (n === 0) break;
    done += n;
  }
  return done === size ? bytes : bytes.subarray(0, done);
}

/**
 * A small regular file's bytes, whole (a fit JSON): anything that is not a regular file, or is larger
 * than `maxBytes` (default: the whole-read limit), is a UserError.
 */
export function readWholeFile(path: string, maxBytes = MAX_WHOLE_FILE_BYTES): Uint8Array {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw unreadable(path, new Error(`it is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} read whole`));
    return readOpened(fd, size);
  } catch (error) {
    throw error instanceof UserError ? error : unreadable(path, error);
  } finally {
    closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;
}

/**
 * `--map` flags that name no column of the file (typos such as `loss=losss_typo`), as messages. A fit on
 * such a table would silently use the detected column instead; inspect prints them, fit and compare stop.
 */
export function unresolvedMaps(table: RunTable): string[] {
  return table.diagnostics.filter((d) => d.code === 'map-unknown-column').map((d) => `--map: ${d.message}`);
}

/**
 * A run's TensorBoard event files as one log, in the order given (a restarted trainer writes a new file;
 * a step logged again in a later file replaces the earlier value). Binary records, streamed whatever the
 * size: only the scalars are kept.
 */
async function readEventFiles(paths: readonly string[], options: ReadOptions): Promise<RunTable> {
  const reader = new TfEventsReader(options);
  for (const path of paths) {
    const { fd } = openRegularFile(path);
    if (paths.length > 1) reader.startFile(basename(path));
    try {
      for await (const chunk of createReadStream(path, { fd, highWaterMark: 1 << 20 })) reader.push(chunk as Buffer);
    } catch (error) {
      throw unreadable(path, error);
    }
  }
  return reader.end();
}

/**
 * readRunLogFile for commands that fit: an unresolved `--map` is a usage error, not a fallback. Several
 * paths are one run's event files, read as one log.
 */
export async function readMappedRunLogFile(path: string | readonly string[], map: RoleMap): Promise<RunTable> {
  const table = typeof path === 'string' || path.length === 1 ? await readRunLogFile(typeof path === 'string' ? path : path[0], { map }) : await readEventFiles(path, { map });
  const unresolved = unresolvedMaps(table);
  if (unresolved.length > 0) throw new UserError(unresolved.join('; '), 'map-unknown-column');
  return table;
}

/**
 * Read and parse a run log file; throws UserError for missing, empty, binary or non-table files and
 * for anything that is not a regular file (directory, FIFO, device). Files up to STREAM_THRESHOLD_BYTES
 * are read whole, larger ones streamed, so memory stays bounded by the table, not the file.
 */
export async function readRunLogFile(path: string, options: ReadOptions = {}): Promise<RunTable> {
  const withName = { fileName: path, ...options };
  const { fd, size } = openRegularFile(path);
  if (isTfEventsFile(path)) {
    closeSync(fd);
    return readEventFiles([path], options);
  }
  if (isParquetFile(path)) {
    closeSync(fd);
    // Byte ranges read as the reader asks for them (one column's chunks at a time), never the file whole.
    return readParquet(await asyncBufferFromFile(path), options);
  }
  if (size <= STREAM_THRESHOLD_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = readOpened(fd, size);
    } catch (error) {
      throw unreadable(path, error);
    } finally {
      closeSync(fd);
    }
    const { text, encoding } = decodeRunLog(bytes);
    return readRunLog(text, { ...withName, encoding });
  }
  const reader = createRunLogReader(withName);
  const decoder = createRunLogDecoder();
  try {
    for await (const chunk of createReadStream(path, { fd, highWaterMark: 1 << 20 })) reader.push(decoder.decode(chunk as Buffer));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw unreadable(path, error);
  }
  reader.push(decoder.end());
  return reader.end(decoder.encoding);
}

function outputError(flag: string, path: string, reason: string): UserError {
  return new UserError(`${flag} ${path}: ${reason}`, 'bad-output-path');
}

/** A file-system error as the user's words: which folder is missing, not an errno and a stack. */
function writeFailure(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(resolve(path));
  if (code === 'ENOENT') return `cannot write: folder ${folder} does not exist`;
  if (code === 'ENOTDIR') return `cannot write: ${folder} is not a folder`;
  if (code === 'EISDIR') return 'cannot write: it is a folder';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `cannot write: permission denied in ${folder}`;
  return `cannot write: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Every output-file option (`--plot`) is checked here before any work is done, so a typo in a folder
 * name costs nothing: the folder exists and is writable, and the path is not a folder or a device.
 */
export function checkOutputPath(flag: string, path: string): void {
  if (path.trim() === '') throw outputError(flag, `''`, 'needs a file name');
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw outputError(flag, path, writeFailure(path, error));
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw outputError(flag, path, 'cannot write: it is a folder');
  if (existing && !existing.isFile()) throw outputError(flag, path, 'cannot write: it is not a regular file');
}

/**
 * Writes an output file whole or not at all: the text goes to a temporary file beside it, renamed over
 * `path` only once complete, so a failure (disk full, folder removed meanwhile) leaves no partial file.
 */
export async function writeOutputFile(flag: string, path: string, text: string): Promise<void> {
  checkOutputPath(flag, path);
  const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw outputError(flag, path, writeFailure(path, error));
  }
}

/** JSON output: control characters in strings are `\u` escapes, so the parsed value is unchanged. */
export function printJson(value: unknown): void {
  writeOut(terminalJson(value, 2));
}

/** A plain left-aligned text table (numbers are formatted by the caller with core/format). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
