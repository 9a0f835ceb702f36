/**
 * What every CLI command shares: exit codes, argument parsing with usage errors, reading a run log
 * from disk (bytes decoded, big files streamed), `--map` flags, and JSON / table output.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { terminalJson, terminalText } from '../core/escape';
import { createRunLogDecoder, createRunLogReader, decodeRunLogBytes, readRunLog, type ReadOptions } from '../core/runlog';
import { ROLES, UserError, type Role, type RoleMap, type RunTable } from '../core/types';

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

/**
 * `--map ROLE=COLUMN` values to a RoleMap. The column may be quoted (`N="Model Size"`) for shells
 * that pass the quotes through.
 */
export function parseMapFlags(values: readonly string[]): RoleMap {
  const map: RoleMap = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const role = value.slice(0, Math.max(eq, 0)).trim();
    let column = value.slice(eq + 1).trim();
    if (eq <= 0 || column === '') throw new UserError(`--map expects ROLE=COLUMN, got '${value}'`, 'usage');
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new UserError(`--map: unknown role '${role}' (roles: ${ROLES.join(', ')})`, 'usage');
    }
    if (column.length >= 2 && (column[0] === '"' || column[0] === "'") && column.at(-1) === column[0]) column = column.slice(1, -1);
    map[role as Role] = column;
  }
  return map;
}

/** Files above this size are streamed through createRunLogReader instead of read whole. */
const STREAM_THRESHOLD_BYTES = 16 * 1024 * 1024;

function unreadable(path: string, error: unknown): UserError {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
  return new UserError(`cannot read ${path}: ${reason}`, 'unreadable-input');
}

/** Read and parse a run log file; throws UserError for missing, empty, binary or non-table files. */
export async function readRunLogFile(path: string, options: ReadOptions = {}): Promise<RunTable> {
  const withName = { fileName: path, ...options };
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new Error('is a directory');
    size = stat.size;
  } catch (error) {
    throw unreadable(path, error);
  }
  if (size <= STREAM_THRESHOLD_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw unreadable(path, error);
    }
    return readRunLog(decodeRunLogBytes(bytes), withName);
  }
  const reader = createRunLogReader(withName);
  const decoder = createRunLogDecoder();
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) reader.push(decoder.decode(chunk as Buffer));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw unreadable(path, error);
  }
  reader.push(decoder.end());
  return reader.end();
}

/** JSON output: control characters in strings are `\u` escapes, so the parsed value is unchanged. */
export function printJson(value: unknown): void {
  writeOut(terminalJson(value, 2));
}

/** A plain left-aligned text table (numbers are formatted by the caller with core/format). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
