/**
 * TensorBoard event files (`events.out.tfevents.*`, written by TensorFlow, PyTorch's SummaryWriter,
 * Lightning, Megatron, torchtitan): TFRecord framing — u64 length, masked CRC-32C of the length, the
 * record, masked CRC-32C of the record — around Event protobufs whose summaries hold the scalars. Bytes
 * stream in; one row per step, one column per scalar tag. Damage is a diagnostic, never a crash, and
 * nothing read before it is lost: a record with a bad checksum is skipped (its length is still sound),
 * a bad length stops the read there (what follows cannot be framed), a file cut inside a record (a
 * writer still writing) keeps every complete record.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { buf as crc32c } from 'crc-32/crc32c';
import { plural } from '../format';
import { MAX_WHOLE_FILE_BYTES } from '../limits';
import type { RoleMap, RunTable } from '../types';
import { TableAssembler } from './assemble';
import { DiagnosticList } from './diagnostics';
import { finishTable } from './finish';
export { isTfEventsFile } from './binaryNames';
import { DataType, EventDesc, type EventMessage, type SummaryValue, type TensorMessage } from './tfeventsProto';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
const MASK_DELTA = 0xa282ead8;

/** TFRecord's masked CRC: a CRC stored next to data that may itself hold CRCs is rotated and offset. */
function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32c(bytes) >>> 0;
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function bfloat16ToNumber(bits: number): number {
  return new Float32Array(new Uint32Array([bits << 16]).buffer)[0];
}

/** The number a scalar summary tensor holds (TF2 `tf.summary.scalar`), or undefined for any other tensor. */
function tensorScalar(tensor: TensorMessage): number | undefined {
  if ((tensor.tensorShape?.dim ?? []).some((d) => d.size !== 1n)) return undefined;
  const content = tensor.tensorContent;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  switch (tensor.dtype) {
    case DataType.FLOAT:
      return tensor.floatVal[0] ?? (content.length === 4 ? view.getFloat32(0, true) : undefined);
    case DataType.DOUBLE:
      return tensor.doubleVal[0] ?? (content.length === 8 ? view.getFloat64(0, true) : undefined);
    case DataType.INT32:
      return tensor.intVal[0] ?? (content.length === 4 ? view.getInt32(0, true) : undefined);
    case DataType.INT64: {
      const value = tensor.int64Val[0] ?? (content.length === 8 ? view.getBigInt64(0, true) : undefined);
      return value === undefined ? undefined : Number(value);
    }
    case DataType.HALF:
      return tensor.halfVal.length > 0 ? halfToNumber(tensor.halfVal[0]) : content.length === 2 ? halfToNumber(view.getUint16(0, true)) : undefined;
    case DataType.BFLOAT16:
      return tensor.halfVal.length > 0 ? bfloat16ToNumber(tensor.halfVal[0]) : content.length === 2 ? bfloat16ToNumber(view.getUint16(0, true)) : undefined;
    default:
      return undefined;
  }
}

export interface TfEventsOptions {
  map?: RoleMap;
  flopsPerToken?: number;
}

/** Push the file's bytes in chunks of any size, then `end()` for the table. */
export class TfEventsReader {
  private readonly diagnostics = new DiagnosticList();
  private pending = new Uint8Array(0);
  /** File offset of pending[0]. */
  private offset = 0;
  /** Records read, over every file (a row's `line`), and in the current file (messages). */
  private records = 0;
  private fileRecords = 0;
  /** The current file's name when a run's event files are read one after another. */
  private fileName: string | undefined;
  /** Set at a damaged length: nothing after it in this file can be framed. */
  private stoppedAt: number | undefined;
  private ignoredBytes = 0;
  /** step → (tag → value), and the record that first gave the step (its "line"). */
  private readonly rows = new Map<number, { values: Map<string, number>; record: number }>();
  private readonly tags: string[] = [];
  private readonly knownTags = new Set<string>();
  /** Tags whose first summary named a plugin other than scalars (histograms, images, text): their values are not scalars. */
  private readonly otherPlugin = new Set<string>();
  private rewritten = 0;
  private skippedValues = 0;

  constructor(private readonly options: TfEventsOptions = {}) {}

  push(chunk: Uint8Array): void {
    if (this.stoppedAt !== undefined) {
      this.ignoredBytes += chunk.length;
      return;
    }
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    let pos = 0;
    while (bytes.length - pos >= HEADER_BYTES) {
      const view = new DataView(bytes.buffer, bytes.byteOffset + pos, HEADER_BYTES);
      const length = Number(view.getBigUint64(0, true));
      const at = this.offset + pos;
      if (maskedCrc(bytes.subarray(pos, pos + 8)) !== view.getUint32(8, true) || length > MAX_WHOLE_FILE_BYTES) {
        this.stoppedAt = at;
        this.ignoredBytes += bytes.length - pos;
        pos = bytes.length;
        break;
      }
      const end = pos + HEADER_BYTES + length + FOOTER_BYTES;
      if (bytes.length < end) break;
      this.records++;
      this.fileRecords++;
      const data = bytes.subarray(pos + HEADER_BYTES, pos + HEADER_BYTES + length);
      const stored = new DataView(bytes.buffer, bytes.byteOffset + end - FOOTER_BYTES, FOOTER_BYTES).getUint32(0, true);
      if (maskedCrc(data) !== stored) {
        this.diagnostics.add({ severity: 'warning', code: 'tfrecord-checksum', line: this.records, message: `${this.where()}record ${this.fileRecords} (byte ${at}) fails its checksum: skipped; the records around it are read` });
      } else {
        this.event(data);
      }
      pos = end;
    }
    this.offset += pos;
    // A copy: the caller may reuse the chunk's buffer for the next read.
    this.pending = bytes.slice(pos);
  }

  private event(data: Uint8Array): void {
    let event: EventMessage;
    try {
      event = fromBinary(EventDesc, data) as unknown as EventMessage;
    } catch (error) {
      const why = error instanceof Error ? error.message.slice(0, 120) : String(error);
      this.diagnostics.add({ severity: 'warning', code: 'tfevents-bad-event', line: this.records, message: `${this.where()}record ${this.fileRecords} is not an Event (${why}): skipped` });
      return;
    }
    const values = event.summary?.value;
    if (!values || values.length === 0) return;
    const step = Number(event.step);
    for (const value of values) {
      const number = this.scalar(value);
      if (number === undefined) continue;
      let row = this.rows.get(step);
      if (!row) {
        row = { values: new Map(), record: this.records };
        this.rows.set(step, row);
      }
      if (row.values.has(value.tag)) this.rewritten++;
      row.values.set(value.tag, number);
      if (!this.knownTags.has(value.tag)) {
        this.knownTags.add(value.tag);
        this.tags.push(value.tag);
      }
    }
  }

  private scalar(value: SummaryValue): number | undefined {
    const plugin = value.metadata?.pluginData?.pluginName;
    if (plugin !== undefined && plugin !== '' && plugin !== 'scalars') this.otherPlugin.add(value.tag);
    const number = this.otherPlugin.has(value.tag)
      ? undefined
      : value.value.case === 'simpleValue'
        ? value.value.value
        : value.value.case === 'tensor'
          ? tensorScalar(value.value.value)
          : undefined;
    if (number === undefined) this.skippedValues++;
    return number;
  }

  private where(): string {
    return this.fileName === undefined ? '' : `${this.fileName}: `;
  }

  /**
   * The next event file of the same run (TensorBoard reads a run's files in name order: a restarted
   * trainer writes a new one). The file before is closed: its damage or cut end is reported, and the
   * next file is framed from its own start.
   */
  startFile(name: string): void {
    this.closeFile();
    this.fileName = name;
    this.pending = new Uint8Array(0);
    this.offset = 0;
    this.fileRecords = 0;
    this.stoppedAt = undefined;
    this.ignoredBytes = 0;
  }

  private closeFile(): void {
    if (this.stoppedAt !== undefined) {
      this.diagnostics.add({
        severity: 'error',
        code: 'tfrecord-damaged',
        line: this.records + 1,
        message: `${this.where()}record ${this.fileRecords + 1} (byte ${this.stoppedAt}) has a damaged length: the ${plural(this.ignoredBytes, 'byte')} from there on cannot be framed and are not read; the ${plural(this.fileRecords, 'record')} before are`,
      });
    } else if (this.pending.length > 0) {
      this.diagnostics.add({
        severity: 'warning',
        code: 'tfrecord-truncated',
        line: this.records + 1,
        message: `${this.where()}the file ends inside record ${this.fileRecords + 1} (${plural(this.pending.length, 'byte')} of it; a writer may still be writing): that record is not read, the ${plural(this.fileRecords, 'record')} before are`,
      });
    }
  }

  end(): RunTable {
    const diagnostics = this.diagnostics;
    this.closeFile();
    if (this.rewritten > 0) {
      diagnostics.add({ severity: 'info', code: 'tfevents-rewritten', message: `${plural(this.rewritten, 'value')} logged again for a step already seen (a resumed run): the later value is kept` });
    }
    if (this.skippedValues > 0) {
      diagnostics.add({ severity: 'info', code: 'tfevents-not-scalar', message: `${plural(this.skippedValues, 'summary value')} not scalars (histograms, images, text, non-scalar tensors): not read` });
    }
    const assembler = new TableAssembler(diagnostics);
    const steps = [...this.rows.keys()].sort((a, b) => a - b);
    for (const step of steps) {
      const row = this.rows.get(step)!;
      assembler.beginRecord();
      assembler.field('step', step, row.record);
      for (const tag of this.tags) {
        const value = row.values.get(tag);
        assembler.field(tag, value === undefined ? null : value, row.record);
      }
      assembler.endRecord(row.record);
    }
    return finishTable(assembler, diagnostics, { format: 'tfevents', map: this.options.map, flopsPerToken: this.options.flopsPerToken });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A whole event file's bytes → RunTable. */
export function readTfEvents(bytes: Uint8Array, options: TfEventsOptions = {}): RunTable {
  const reader = new TfEventsReader(options);
  reader.push(bytes);
  return reader.end();
}
