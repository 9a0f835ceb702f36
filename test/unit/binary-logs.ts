// Binary run logs written the way their producers write them, for the reader tests: TensorBoard event
// files (Event protobufs by @bufbuild/protobuf in TFRecord framing with masked CRC-32C) and Parquet files
// (hyparquet-writer, with gzip pages through node:zlib).
import { gzipSync } from 'node:zlib';
import { create, toBinary } from '@bufbuild/protobuf';
import { buf as crc32c } from 'crc-32/crc32c';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { EventDesc } from '../../src/core/runlog/tfeventsProto';

/** TFRecord's masked CRC-32C, as tensorflow/core/lib/hash/crc32c.h computes it. */
function masked(bytes: Uint8Array): number {
  const crc = crc32c(bytes) >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, masked(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, masked(data), true);
  return out;
}

type EventInit = Record<string, unknown>;
export const event = (init: EventInit) => frame(toBinary(EventDesc, create(EventDesc, init as never)));
export const simple = (tag: string, value: number) => ({ tag, value: { case: 'simpleValue', value } });
export const tensor = (tag: string, tensorInit: EventInit, plugin = 'scalars') => ({ tag, metadata: { pluginData: { pluginName: plugin } }, value: { case: 'tensor', value: tensorInit } });
export const scalars = (step: number, ...value: EventInit[]) => event({ step: BigInt(step), wallTime: 1.7e9 + step, summary: { value } });

export function file(records: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** PyTorch SummaryWriter style: a file_version record, then one simple_value event per add_scalar. */
export function torchRun(steps: number[], loss: (step: number) => number): Uint8Array[] {
  return [event({ wallTime: 1.7e9, fileVersion: 'brain.Event:2' }), ...steps.flatMap((s) => [scalars(s, simple('train/loss', loss(s))), scalars(s, simple('train/lr', 1e-3))])];
}

type Codec = 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';
type Columns = Parameters<typeof parquetWriteBuffer>[0]['columnData'];

export function parquet(columnData: Columns, codec: Codec = 'SNAPPY', rowGroupSize?: number): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData, codec, compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) }, rowGroupSize }));
}

/** A W&B history export of three runs, one row per (run, step). */
export function wandbHistory(): Columns {
  const runs = ['pythia-70m', 'pythia-160m', 'pythia-410m'];
  const steps = Array.from({ length: 50 }, (_, i) => (i + 1) * 100);
  const rows = runs.flatMap((run, r) => steps.map((step) => ({ run, step, loss: 4 - r * 0.3 - step / 1e4 })));
  return [
    { name: 'run', data: rows.map((x) => x.run), type: 'STRING' },
    { name: 'train/global_step', data: Int32Array.from(rows, (x) => x.step), type: 'INT32' },
    { name: 'train/loss', data: Float64Array.from(rows, (x) => x.loss), type: 'DOUBLE' },
    { name: 'train/num_input_tokens_seen', data: BigInt64Array.from(rows, (x) => BigInt(x.step * 524288)), type: 'INT64' },
  ];
}
