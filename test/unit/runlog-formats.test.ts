/** Numbers as written, units in names, formats and dialects, role overrides, streaming, sniffing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRunLogReader,
  decodeRunLogBytes,
  parseNumber,
  readRunLog,
  roleValues,
  sniffRunLog,
  unitScale,
} from '../../src/core/runlog';
import { UserError } from '../../src/core/types';

describe('parseNumber', () => {
  const cases: Array<[string, number | undefined]> = [
    ['7B', 7e9],
    ['1.4T', 1.4e12],
    ['70M', 7e7],
    ['2.8bn', 2.8e9],
    ['12k', 12000],
    ['6e23', 6e23],
    ['3.2e+21', 3.2e21],
    ['1,234,567', 1234567],
    ['"400,000,000"', 4e8],
    [' 2.5 ', 2.5],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['', undefined],
    ['-', undefined],
    ['n/a', undefined],
    ['NA', undefined],
    ['null', undefined],
    ['NaN', undefined],
    ['inf', undefined],
    ['-Infinity', undefined],
    ['1e400', undefined],
    ['0x10', undefined],
    ['abc', undefined],
    ['1,23', undefined],
    ['12 apples', undefined],
  ];
  for (const [text, expected] of cases) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseNumber(text), expected));

  it('reads integers above 2^63 as the nearest float64', () => {
    assert.equal(parseNumber('9456351902178213888'), 9456351902178213888);
  });
});

describe('unitScale', () => {
  const cases: Array<[string, number]> = [
    ['throughput/total_gflops', 1e9],
    ['Model Size (B)', 1e9],
    ['tokens (T)', 1e12],
    ['FLOPs (1E21)', 1e21],
    ['params [millions]', 1e6],
    ['compute (PF-days)', 8.64e19],
    ['loss (nats)', 1],
    ['Training FLOP', 1],
    ['parameter_count', 1],
  ];
  for (const [name, scale] of cases) it(`${name} → ${scale}`, () => assert.equal(unitScale(name), scale));
});

describe('formats', () => {
  const rows = [
    { params: 7e7, tokens: 1.4e9, loss: 3.693 },
    { params: 1.5e8, tokens: 3e9, loss: 3.2765 },
    { params: 4e8, tokens: 8e9, loss: 2.8662 },
  ];
  const expectLoss = [3.693, 3.2765, 2.8662];

  it('TSV, pipe and semicolon dialects are sniffed', () => {
    for (const delimiter of ['\t', '|', ';']) {
      const text = ['params', 'tokens', 'loss'].join(delimiter) + '\n' + rows.map((r) => [r.params, r.tokens, r.loss].join(delimiter)).join('\n');
      const t = readRunLog(text);
      assert.equal(t.dialect?.delimiter, delimiter);
      assert.equal(t.format, delimiter === '\t' ? 'tsv' : 'csv');
      assert.deepEqual([...roleValues(t, 'loss')!], expectLoss);
    }
  });

  it('comment and blank lines are skipped and line numbers stay right; trailing delimiters are fine', () => {
    const t = readRunLog('# exported by hand\nparams,tokens,loss,\n\n70M,1.4B,3.693,\n# a note, with "quotes"\n150M,3B,3.2765,\r\n');
    assert.deepEqual([...t.lines], [4, 6]);
    assert.deepEqual(t.columns.filter((c) => !c.derived).map((c) => c.name), ['params', 'tokens', 'loss']);
    assert.deepEqual(t.diagnostics.map((d) => d.code), ['too-few-rows']);
  });

  it('JSON array of records, with record lines', () => {
    const t = readRunLog(JSON.stringify(rows, null, 1));
    assert.equal(t.format, 'json');
    assert.deepEqual([...roleValues(t, 'loss')!], expectLoss);
    assert.deepEqual([...t.lines], [2, 7, 12]);
  });

  it('JSON object of arrays', () => {
    const t = readRunLog(JSON.stringify({ N: rows.map((r) => r.params), D: rows.map((r) => r.tokens), loss: expectLoss }));
    assert.equal(t.format, 'json');
    assert.deepEqual([...roleValues(t, 'N')!], [7e7, 1.5e8, 4e8]);
  });

  it('JSON object holding one array of records', () => {
    const t = readRunLog(JSON.stringify({ meta: { by: 'me' }, runs: rows }));
    assert.equal(t.rowCount, 3);
    assert.deepEqual([...roleValues(t, 'loss')!], expectLoss);
  });

  it('JSONL flattens nested objects to a.b and keeps the last array element', () => {
    const text = rows.map((r) => JSON.stringify({ model: { params: r.params }, tokens: r.tokens, eval: { loss: [9, r.loss] } })).join('\n');
    const t = readRunLog(text);
    assert.equal(t.format, 'jsonl');
    assert.equal(t.roles.N?.column, 'model.params');
    assert.equal(t.roles.loss?.column, 'eval.loss');
    assert.deepEqual([...roleValues(t, 'loss')!], expectLoss);
  });

  it('W&B panel export: run columns melt to (step, run) rows; __MIN/__MAX dropped', () => {
    const text = [
      '"Step","run-a - eval/loss","run-a - eval/loss__MIN","run-a - eval/loss__MAX","run-b - eval/loss","run-b - eval/loss__MIN","run-b - eval/loss__MAX"',
      '"100","4.0","3.9","4.1","4.5","4.4","4.6"',
      '"200","3.5","3.4","3.6","",""," "',
    ].join('\n');
    const t = readRunLog(text);
    assert.equal(t.format, 'wandb-csv');
    assert.deepEqual(t.columns.map((c) => c.name), ['Step', 'run', 'eval/loss']);
    assert.equal(t.roles.run?.column, 'run');
    assert.deepEqual([...roleValues(t, 'loss')!], [4.0, 4.5, 3.5]);
    assert.deepEqual([...t.lines], [2, 2, 3]);
  });

  it('UTF-16 LE and BE bytes decode; binary bytes are refused', () => {
    const text = 'params,tokens,loss\n70000000,1400000000,3.693\n';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i);
      be[3 + 2 * i] = text.charCodeAt(i);
    }
    for (const bytes of [le, be, le.subarray(2)]) assert.equal(roleValues(readRunLog(decodeRunLogBytes(bytes)), 'loss')![0], 3.693);
    assert.throws(() => decodeRunLogBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3, 0, 0])), UserError);
  });
});

describe('roles', () => {
  it('--map overrides detection and frees the column from other roles', () => {
    const t = readRunLog('size,flops,final loss,other loss\n1e8,1e19,3.1,3.2\n2e8,3e19,2.9,3.0\n', { map: { N: 'size', loss: 'other loss' } });
    assert.equal(t.roles.N?.column, 'size');
    assert.equal(t.roles.N?.explicit, true);
    assert.equal(t.roles.loss?.column, 'other loss');
    assert.equal(t.roles.C?.column, 'flops');
    assert.equal(t.roles.D?.derived, true);
  });

  it('a map naming a missing column is an error diagnostic that lists the columns', () => {
    const t = readRunLog('params,tokens,loss\n1e8,2e9,3\n', { map: { N: 'Model Size' } });
    const d = t.diagnostics.find((x) => x.code === 'map-unknown-column');
    assert.equal(d?.severity, 'error');
    assert.match(d?.message ?? '', /params, tokens, loss/);
  });

  it('flopsPerToken changes the derived columns', () => {
    const t = readRunLog('N,D,loss\n1e8,2e9,3\n', { flopsPerToken: 8 });
    assert.equal(roleValues(t, 'C')![0], 8 * 1e8 * 2e9);
    assert.equal(t.roles.C?.derived, true);
    assert.equal(roleValues(t, 'M')![0], 20);
  });

  it('values decide between names: a column called n with row counts is not N', () => {
    const t = readRunLog('n,loss\n217,3.1\n217,3.0\n');
    assert.equal(t.roles.N, undefined);
  });
});

describe('streaming', () => {
  it('chunked input gives the same table as the whole text, at any chunk size', () => {
    const lines = ['params,tokens,loss,note'];
    for (let i = 0; i < 3000; i++) lines.push(`${(i + 1) * 1e6},${(i + 1) * 2e7},${(3 + 1 / (i + 1)).toFixed(4)},"n${i}\nmore"`);
    const text = lines.join('\n');
    const whole = readRunLog(text);
    for (const size of [1, 13, 4096, 100_000]) {
      const reader = createRunLogReader();
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      assert.deepEqual(reader.end(), whole, `chunk ${size}`);
    }
    assert.equal(whole.lines[2999], 2 + 2 * 2999);
  });

  it('an empty stream is the "file is empty" UserError', () => {
    assert.throws(() => createRunLogReader().end(), (e: unknown) => e instanceof UserError && e.message === 'file is empty');
    assert.throws(() => readRunLog('\n  \n'), UserError);
  });
});

describe('sniffRunLog', () => {
  it('recognises a run log from its head, and refuses prose and binary', () => {
    const head = 'params,tokens,loss\n' + '70000000,1400000000,3.693\n'.repeat(400);
    const s = sniffRunLog(head.slice(0, 5000), 'runs.csv');
    assert.deepEqual(s, { isRunLog: true, format: 'csv', roles: { N: 'params', D: 'tokens', loss: 'loss' } });
    assert.equal(sniffRunLog('Dear diary, today I trained a model.\nIt went well.\n', 'notes.txt').isRunLog, false);
    assert.equal(sniffRunLog('\u0000\u0001\u0002binary\u0000\u0000', 'x.bin').isRunLog, false);
    assert.equal(sniffRunLog('{"step": 1, "loss": 3.2}\n{"step": 2, "loss": 3.1}\n', 'log.jsonl').format, 'jsonl');
  });
});
