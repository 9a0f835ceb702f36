/**
 * Binary run logs — TensorBoard event files and Parquet — in the parse worker. Kept out of readTable.ts,
 * which the extension host bundles too: the protobuf and Parquet readers load only in the worker.
 */
import * as fs from 'node:fs';
import { asyncBufferFromFile } from 'hyparquet';
import { bytesBuffer, isParquetFile, readParquet } from '../core/runlog/parquet';
import { isTfEventsFile, readTfEvents, TfEventsReader } from '../core/runlog/tfevents';
import { type CancellationSignal, CancelledError, type RunTable, UserError } from '../core/types';
import type { ReadSettings, ReadSource } from './readTable';

export function isBinaryLog(fileName: string): boolean {
  return isTfEventsFile(fileName) || isParquetFile(fileName);
}

export async function readBinarySource(source: ReadSource, settings: ReadSettings, onProgress: (fraction: number) => void, signal: CancellationSignal): Promise<RunTable> {
  const { fileName, map, flopsPerToken } = settings;
  if ('text' in source) throw new UserError(`${fileName} is a binary file: it is read from disk, not from an editor's text`, 'binary-input');
  if (isParquetFile(fileName)) return readParquet('path' in source ? await asyncBufferFromFile(source.path) : bytesBuffer(source.bytes), { map, flopsPerToken });
  if ('bytes' in source) return readTfEvents(source.bytes, { map, flopsPerToken });
  const reader = new TfEventsReader({ map, flopsPerToken });
  let done = 0;
  for await (const chunk of fs.createReadStream(source.path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    if (signal.cancelled) throw new CancelledError();
    reader.push(chunk);
    done += chunk.byteLength;
    onProgress(source.size > 0 ? Math.min(done / source.size, 1) : 1);
  }
  return reader.end();
}
