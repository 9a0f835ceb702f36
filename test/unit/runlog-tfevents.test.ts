// TensorBoard event files: written here the way TensorFlow / PyTorch write them (Event protobufs built with
// @bufbuild/protobuf, TFRecord framing with masked CRC-32C), then read back — valid, streamed in small
// chunks, truncated, with a bad record checksum, with a damaged length.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { columnByName } from '../../src/core/runlog';
import { isTfEventsFile, readTfEvents, TfEventsReader } from '../../src/core/runlog/tfevents';
import type { RunTable } from '../../src/core/types';
import type { SweepJson } from '../../src/cli/commands/sweep';
import { cliFromSource } from './cli-helpers';
import { file, scalars, simple, tensor, torchRun } from './binary-logs';

const values = (table: RunTable, name: string) => [...columnByName(table, name)!.values];
const codes = (table: RunTable) => table.diagnostics.map((d) => d.code);

const steps = [10, 20, 30, 40, 50];
const loss = (s: number) => 4 - s / 100;

describe('TensorBoard event files', () => {
  it('simple_value scalars: one row per step, a column per tag, loss and step roles', () => {
    const table = readTfEvents(file(torchRun(steps, loss)));
    assert.equal(table.format, 'tfevents');
    assert.deepEqual(values(table, 'step'), steps);
    assert.deepEqual(values(table, 'train/loss'), steps.map((s) => Math.fround(loss(s))));
    assert.equal(table.roles.loss?.column, 'train/loss');
    assert.equal(table.roles.step?.column, 'step');
    assert.deepEqual(codes(table), []);
  });

  it('TF2 tensor scalars (float_val, tensor_content float32/float64, half, int64); histograms and other plugins are counted, not read', () => {
    const content = new Uint8Array(8);
    new DataView(content.buffer).setFloat64(0, 2.125, true);
    const f32 = new Uint8Array(4);
    new DataView(f32.buffer).setFloat32(0, 3.5, true);
    const table = readTfEvents(
      file([
        scalars(1, tensor('loss', { dtype: 1, floatVal: [3.25] }), tensor('tokens', { dtype: 9, int64Val: [4096n] })),
        scalars(2, tensor('loss', { dtype: 2, tensorContent: content }), tensor('tokens', { dtype: 9, int64Val: [8192n] })),
        scalars(3, tensor('loss', { dtype: 1, tensorContent: f32 }), tensor('grad', { dtype: 19, halfVal: [0x3c00] })),
        scalars(3, tensor('weights', { dtype: 1, floatVal: [1, 2, 3], tensorShape: { dim: [{ size: 3n }] } }, 'histograms')),
      ]),
    );
    assert.deepEqual(values(table, 'loss'), [3.25, 2.125, 3.5]);
    assert.deepEqual(values(table, 'tokens').slice(0, 2), [4096, 8192]);
    assert.equal(values(table, 'grad')[2], 1, 'half 0x3c00 = 1.0');
    assert.equal(columnByName(table, 'weights'), undefined);
    assert.match(table.diagnostics.find((d) => d.code === 'tfevents-not-scalar')!.message, /^1 summary value not scalars/);
  });

  it('streamed in 7-byte chunks: the same table as read whole', () => {
    const bytes = file(torchRun(steps, loss));
    const reader = new TfEventsReader();
    for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.slice(i, i + 7));
    const streamed = reader.end();
    assert.deepEqual(values(streamed, 'train/loss'), values(readTfEvents(bytes), 'train/loss'));
    assert.deepEqual([...streamed.lines], [...readTfEvents(bytes).lines]);
  });

  it('a file cut inside its last record (a writer mid-write) keeps every complete record', () => {
    const bytes = file(torchRun(steps, loss));
    const table = readTfEvents(bytes.subarray(0, bytes.length - 5));
    assert.deepEqual(values(table, 'step'), steps, 'step 50 is still there: its lr record is the cut one');
    assert.deepEqual(values(table, 'train/lr').map(Number.isNaN), [false, false, false, false, true]);
    const cut = table.diagnostics.find((d) => d.code === 'tfrecord-truncated')!;
    assert.equal(cut.severity, 'warning');
    assert.match(cut.message, /ends inside record 11 \(.* bytes of it; a writer may still be writing\): that record is not read, the 10 records before are/);
  });

  it('a record failing its checksum is skipped; the records after it are read', () => {
    const records = torchRun(steps, loss);
    const bad = records[5]; // the loss at step 30
    bad[bad.length - 6] ^= 0xff;
    const table = readTfEvents(file(records));
    assert.deepEqual(values(table, 'step'), steps);
    assert.ok(Number.isNaN(values(table, 'train/loss')[2]));
    assert.equal(values(table, 'train/loss')[4], Math.fround(loss(50)));
    assert.deepEqual(table.diagnostics.find((d) => d.code === 'tfrecord-checksum'), {
      severity: 'warning',
      code: 'tfrecord-checksum',
      line: 6,
      message: `record 6 (byte ${records.slice(0, 5).reduce((n, r) => n + r.length, 0)}) fails its checksum: skipped; the records around it are read`,
    });
  });

  it('a damaged length stops the read there; everything before it is kept', () => {
    const records = torchRun(steps, loss);
    records[7][3] ^= 0x40; // the length of the loss record at step 40
    const table = readTfEvents(file(records));
    assert.deepEqual(values(table, 'step'), [10, 20, 30]);
    const damaged = table.diagnostics.find((d) => d.code === 'tfrecord-damaged')!;
    assert.equal(damaged.severity, 'error');
    const rest = records.slice(7).reduce((n, r) => n + r.length, 0);
    assert.match(damaged.message, new RegExp(`record 8 \\(byte \\d+\\) has a damaged length: the ${rest} bytes from there on cannot be framed and are not read; the 7 records before are`));
  });

  it('a resumed run logging a step again: the later value is kept, and said', () => {
    const table = readTfEvents(file([...torchRun([10, 20, 30], loss), scalars(20, simple('train/loss', 9))]));
    assert.deepEqual(values(table, 'train/loss'), [Math.fround(loss(10)), 9, Math.fround(loss(30))]);
    assert.match(table.diagnostics.find((d) => d.code === 'tfevents-rewritten')!.message, /^1 value logged again/);
  });

  it('a restarted run: its event files read one after another; the cut end of the first is said and costs nothing after it', () => {
    const first = file(torchRun([10, 20, 30], loss));
    const reader = new TfEventsReader();
    reader.startFile('events.out.tfevents.1700000000.host.1.0');
    reader.push(first.subarray(0, first.length - 3));
    reader.startFile('events.out.tfevents.1700000500.host.2.0');
    reader.push(file(torchRun([30, 40], (s) => loss(s) - 0.5)));
    const table = reader.end();
    assert.deepEqual(values(table, 'step'), [10, 20, 30, 40]);
    assert.deepEqual(values(table, 'train/loss'), [loss(10), loss(20), loss(30) - 0.5, loss(40) - 0.5].map(Math.fround), 'the restart re-logged step 30');
    assert.match(table.diagnostics.find((d) => d.code === 'tfrecord-truncated')!.message, /^events\.out\.tfevents\.1700000000\.host\.1\.0: the file ends inside record 7 /);
  });

  it('names: events.out.tfevents.* in any folder', () => {
    assert.ok(isTfEventsFile('runs/a/events.out.tfevents.1700000000.host.123.0'));
    assert.ok(isTfEventsFile('events.out.tfevents.1700000000.host.v2'));
    assert.ok(!isTfEventsFile('events.out.tfevents'));
    assert.ok(!isTfEventsFile('my-events.out.tfevents.1.csv.bak/x.csv'));
  });
});

describe('event files through the CLI', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tfevents-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('inspect reads an event file; sweep takes one run per folder of event files (Lightning layout)', () => {
    const sizes = { 'pythia-70m': 70e6, 'pythia-160m': 160e6, 'pythia-410m': 410e6 };
    for (const [name, n] of Object.entries(sizes)) {
      mkdirSync(join(root, 'tb', name, 'version_0'), { recursive: true });
      writeFileSync(join(root, 'tb', name, 'version_0', 'events.out.tfevents.1700000000.host.1.0'), file(torchRun(steps, (s) => 2 + 1e3 / n ** 0.3 - s / 1e4)));
      writeFileSync(join(root, 'tb', name, 'hparams.yaml'), 'seq_len: 2048\nglobal_batch_size: 512\n');
    }
    const inspect = cliFromSource(['inspect', join(root, 'tb/pythia-70m/version_0/events.out.tfevents.1700000000.host.1.0'), '--json']);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.equal((JSON.parse(inspect.stdout) as { format: string }).format, 'tfevents');
    const sweep = cliFromSource(['sweep', join(root, 'tb'), '--json']);
    assert.equal(sweep.code, 0, sweep.stderr);
    const json = JSON.parse(sweep.stdout) as SweepJson;
    assert.deepEqual(json.runs.map((r) => [r.name, r.N.value, r.D.value]), Object.entries(sizes).map(([name, n]) => [name, n, 50 * 512 * 2048]));
    assert.match(json.runs[0].D.source, /hparams\.yaml: global_batch_size × hparams\.yaml: seq_len/);

    // The 70m run restarted: a second event file in its folder, read after the first (by its start time).
    writeFileSync(join(root, 'tb/pythia-70m/version_0/events.out.tfevents.1700009999.host.2.0'), file(torchRun([60, 70], () => 1.5)));
    const again = JSON.parse(cliFromSource(['sweep', join(root, 'tb'), '--json']).stdout) as SweepJson;
    assert.deepEqual(again.runs[0].parts.map((p) => p.split('/').at(-1)), ['events.out.tfevents.1700000000.host.1.0', 'events.out.tfevents.1700009999.host.2.0']);
    assert.deepEqual([again.runs[0].D.value, again.table[0].at(-1)], [70 * 512 * 2048, Math.fround(1.5)]);
  });
});
