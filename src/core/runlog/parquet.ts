/**
 * Parquet run logs (W&B history exports, Hugging Face datasets of results) read with hyparquet, pure JS,
 * column by column: each column's chunks are decoded on their own (hyparquet reads only that column's byte
 * ranges), so a wide file never has every column decoded at once. Snappy is hyparquet's own; gzip, zstd,
 * brotli and LZ4 pages come from hyparquet-compressors. Rows are numbered from 1 (a diagnostic's `line`).
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { plural } from '../format';
import { quoteText } from '../quote';
import { type RoleMap, type RunTable, UserError } from '../types';
import { TableAssembler } from './assemble';
import type { ColumnBuilder } from './columns';
import { DiagnosticList, listNames } from './diagnostics';
import { finishTable } from './finish';

export type { AsyncBuffer };
export { isParquetFile } from './binaryNames';

export interface ParquetOptions {
  map?: RoleMap;
  flopsPerToken?: number;
}

function push(builder: ColumnBuilder, value: unknown, line: number): void {
  if (value === null || value === undefined) builder.pushMissing();
  else if (typeof value === 'number') {
    if (Number.isFinite(value)) builder.pushNumber(value);
    else builder.pushText(String(value), line, false);
  } else if (typeof value === 'bigint') builder.pushNumber(Number(value));
  else if (typeof value === 'string') builder.pushText(value, line, false);
  else if (value instanceof Date) builder.pushText(value.toISOString(), line, false);
  else builder.pushText(String(value), line, false);
}

function message(error: unknown): string {
  return quoteText(error instanceof Error ? error.message : String(error), 160);
}

/** A file's bytes already in memory (a virtual workspace's file) as the reader's byte-range source. */
export function bytesBuffer(bytes: Uint8Array): AsyncBuffer {
  return { byteLength: bytes.length, slice: (start, end) => bytes.slice(start, end).buffer };
}

export async function readParquet(file: AsyncBuffer, options: ParquetOptions = {}): Promise<RunTable> {
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new UserError(`not a readable Parquet file: ${message(error)}`, 'bad-parquet');
  }
  const diagnostics = new DiagnosticList();
  const assembler = new TableAssembler(diagnostics);
  const rows = Number(metadata.num_rows);
  const top = parquetSchema(metadata).children;
  // Structs, lists and maps are not one value per row: named, not read.
  const nested = top.filter((c) => c.children.length > 0).map((c) => c.element.name);
  if (nested.length > 0) {
    diagnostics.add({ severity: 'info', code: 'parquet-nested', message: `${plural(nested.length, 'nested column')} (structs, lists, maps) not read: ${listNames(nested)}` });
  }
  for (const column of top.filter((c) => c.children.length === 0)) {
    const name = column.element.name;
    const builder = assembler.columnar(name);
    if (!builder) continue;
    const values: unknown[] = new Array<unknown>(rows);
    try {
      await parquetRead({
        file,
        metadata,
        columns: [name],
        compressors,
        onChunk: ({ columnData, rowStart }) => {
          for (let i = 0; i < columnData.length && rowStart + i < rows; i++) values[rowStart + i] = columnData[i];
        },
      });
    } catch (error) {
      // What was decoded before the damage stays; the rest of the column is missing.
      diagnostics.add({ severity: 'error', code: 'parquet-column', column: name, message: `column ${quoteText(name)} could not be read whole (${message(error)}): its unread values are missing` });
    }
    for (let i = 0; i < rows; i++) push(builder, values[i], i + 1);
  }
  for (let i = 1; i <= rows; i++) assembler.lines.push(i);
  return finishTable(assembler, diagnostics, { format: 'parquet', map: options.map, flopsPerToken: options.flopsPerToken });
}
