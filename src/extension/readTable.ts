/**
 * Reading a run log with the user's read settings, free of `vscode` so the parse worker
 * (dist/fitWorker.js) runs it: the extension host never parses a table itself (issue 9 item 23).
 */
import * as fs from 'node:fs';
import { createRunLogDecoder, decodeRunLog, type RunLogEncoding } from '../core/runlog/decode';
import { createRunLogReader, readRunLog } from '../core/runlog/reader';
import { type CancellationSignal, CancelledError, type RoleMap, type RowStatus, type RunTable, UserError } from '../core/types';

/** The settings that change how a file is read (config.ts READ_SETTINGS), plus its role overrides. */
export interface ReadSettings {
  fileName: string;
  map: RoleMap;
  flopsPerToken: number;
  nCounting: 'total' | 'non-embedding';
}

/** What the worker reads: the editor's text, a local file by path, or the bytes of a virtual file. */
export type ReadSource = { text: string } | { path: string; size: number } | { bytes: Uint8Array };

/** Chunk size for streamed files; progress is reported once per chunk. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads run-log text into a table with the file's role overrides and the user's read settings. With
 * `nCounting: non-embedding` the N column is chosen from a first read and the text read again with it.
 */
export function readWithSettings(text: string, options: ReadSettings, encoding?: RunLogEncoding): RunTable {
  const { fileName, map, flopsPerToken, nCounting } = options;
  const table = readRunLog(text, { fileName, map, flopsPerToken, encoding });
  const n = map.N === undefined ? nColumnFor(table, nCounting) : undefined;
  return n ? readRunLog(text, { fileName, map: { ...map, N: n }, flopsPerToken, encoding }) : table;
}

/**
 * The reader prefers total parameter counts; with `nCounting: non-embedding` a non-embedding column
 * offered as N's alternative wins instead (Kaplan et al. count N without embeddings).
 */
export function nColumnFor(table: RunTable, nCounting: ReadSettings['nCounting']): string | undefined {
  if (nCounting !== 'non-embedding') return undefined;
  const binding = table.roles.N;
  if (!binding || NON_EMBEDDING.test(binding.column)) return undefined;
  return binding.alternatives.find((candidate) => candidate.role === 'N' && NON_EMBEDDING.test(candidate.column))?.column;
}

const NON_EMBEDDING = /(no|non)[\s_-]?emb/i;

/** The role overrides a streamed read uses: under nCounting, N is chosen from the file's first chunk (`head()`). */
export function mapForHead(head: () => string, options: ReadSettings): RoleMap {
  const { fileName, map, flopsPerToken, nCounting } = options;
  if (map.N !== undefined || nCounting !== 'non-embedding') return map;
  const text = head();
  const n = nColumnFor(readRunLog(text.slice(0, text.lastIndexOf('\n') + 1), { fileName, map, flopsPerToken }), nCounting);
  return n ? { ...map, N: n } : map;
}

/**
 * Reads a file from disk in chunks through the streaming reader (same table as the whole-text read),
 * so a file of any size is read once and never held whole. The N column under nCounting is decided
 * from the first chunk. Checks `signal` between chunks.
 */
export async function readFileWithSettings(
  path: string,
  size: number,
  options: ReadSettings,
  onProgress: (fraction: number) => void,
  signal: CancellationSignal,
): Promise<RunTable> {
  const { fileName, flopsPerToken } = options;
  const decoder = createRunLogDecoder();
  let reader: ReturnType<typeof createRunLogReader> | undefined;
  let done = 0;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    if (signal.cancelled) throw new CancelledError();
    const text = decoder.decode(chunk);
    reader ??= createRunLogReader({ fileName, map: mapForHead(() => text, options), flopsPerToken });
    reader.push(text);
    done += chunk.byteLength;
    onProgress(size > 0 ? Math.min(done / size, 1) : 1);
  }
  if (!reader) throw new UserError('file is empty', 'empty-input');
  reader.push(decoder.end());
  return reader.end(decoder.encoding);
}

/** Any source the worker is handed, read into a table. */
export async function readSource(
  source: ReadSource,
  options: ReadSettings,
  onProgress: (fraction: number) => void,
  signal: CancellationSignal,
): Promise<RunTable> {
  if ('text' in source) return readWithSettings(source.text, options);
  if ('bytes' in source) {
    const { text, encoding } = decodeRunLog(source.bytes);
    return readWithSettings(text, options, encoding);
  }
  return readFileWithSettings(source.path, source.size, options, onProgress, signal);
}

/**
 * A table as it crosses the thread boundary. Structured clone copies every string one by one, and a
 * step-level log has a million of them per text column and in `rowStatus` (deserialising those took
 * longer on the host than the transferred numbers): so row status travels as one byte per row and a
 * text column as its distinct values plus one index per row. Only typed arrays remain, and they move.
 */
export interface PackedTable {
  table: Omit<RunTable, 'rowStatus' | 'columns'> & { columns: Array<Omit<RunTable['columns'][number], 'text'>> };
  rowStatus: Uint8Array;
  /** Per column: its text cells as indices into `values` (0 = no text), or undefined. */
  texts: Array<{ values: string[]; index: Uint32Array } | undefined>;
}

const STATUS: readonly RowStatus[] = ['ok', 'planned', 'error', 'series', 'summary'];

export function packTable(full: RunTable): PackedTable {
  const { rowStatus, columns, ...rest } = full;
  const status = new Uint8Array(rowStatus.length);
  for (let i = 0; i < rowStatus.length; i++) status[i] = STATUS.indexOf(rowStatus[i]);
  const texts = columns.map(({ text }) => {
    if (!text) return undefined;
    const ids = new Map<string, number>();
    const values: string[] = [];
    const index = new Uint32Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const cell = text[i];
      if (cell === undefined) continue;
      let id = ids.get(cell);
      if (id === undefined) {
        id = values.push(cell);
        ids.set(cell, id);
      }
      index[i] = id;
    }
    return { values, index };
  });
  return { table: { ...rest, columns: columns.map(({ text: _text, ...column }) => column) }, rowStatus: status, texts };
}

export function unpackTable(packed: PackedTable): RunTable {
  const rowStatus = new Array<RunTable['rowStatus'][number]>(packed.rowStatus.length);
  for (let i = 0; i < rowStatus.length; i++) rowStatus[i] = STATUS[packed.rowStatus[i]];
  const columns = packed.table.columns.map((column, c) => {
    const text = packed.texts[c];
    if (!text) return column;
    const cells = new Array<string | undefined>(text.index.length);
    for (let i = 0; i < cells.length; i++) cells[i] = text.index[i] === 0 ? undefined : text.values[text.index[i] - 1];
    return { ...column, text: cells };
  });
  return { ...packed.table, columns, rowStatus };
}

/** The buffers of a packed table's typed arrays, to transfer (not copy) them across the thread boundary. */
export function packedBuffers(packed: PackedTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView) => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  add(packed.table.lines);
  add(packed.rowStatus);
  for (const column of packed.table.columns) add(column.values);
  for (const text of packed.texts) if (text) add(text.index);
  return [...buffers];
}
