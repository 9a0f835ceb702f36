/**
 * Hostile and extreme run logs (issue 9): names that are Object.prototype members, deep JSON, bad JSONL
 * lines, very wide tables, out-of-range magnitudes, Windows-1252 bytes, huge header lines, `.jsonl`
 * files starting with `[`, headers of empty names. Every input gets a table or a clear message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { formatCount } from '../../src/core/format';
import { createRunLogDecoder, decodeRunLog, decodeRunLogBytes, detectRunLogEncoding, readRunLog, roleValues, unitScale } from '../../src/core/runlog';
import { seededRandom } from '../../src/core/solve/random';
import { MAX_COLUMNS } from '../../src/core/limits';
import { excerpt, quoteText } from '../../src/core/quote';
import { UserError } from '../../src/core/types';

describe('column names that are Object.prototype members', () => {
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

  test('have no unit scale (a function as the scale made the column NaN)', () => {
    for (const name of names) {
      assert.equal(unitScale(name), 1, name);
      assert.equal(unitScale(`params (${name})`), 1, name);
    }
  });

  test('read as normal numbers when mapped as loss or N', () => {
    for (const name of names) {
      const table = readRunLog(`${name},tokens,other\n3.1,1e9,1\n2.9,2e9,2\n2.7,4e9,3\n`, { map: { loss: name } });
      assert.deepEqual(Array.from(roleValues(table, 'loss') ?? []), [3.1, 2.9, 2.7], name);
      const asN = readRunLog(`loss,${name}\n3.1,1e8\n2.9,2e8\n2.7,4e8\n`, { map: { N: name } });
      assert.deepEqual(Array.from(roleValues(asN, 'N') ?? []), [1e8, 2e8, 4e8], name);
    }
  });
});

describe('extreme magnitudes', () => {
  const good = Array.from({ length: 8 }, (_, i) => `${(i + 1) * 1e8},${(i + 1) * 2e9},${(3 - 0.1 * i).toFixed(2)}`);
  const text = ['N,D,loss', ...good, '1e160,1e160,2.9', '4e8,1e-320,2.7', '1e308,1e9,2.5', '2e8,4e9,1e-320'].join('\n');

  test('values beyond 1e300, subnormals and a derived C = 6ND of ∞ are flagged per row and column and left out', () => {
    const table = readRunLog(text);
    const flagged = table.diagnostics.filter((d) => d.code === 'out-of-range' || d.code === 'derived-out-of-range');
    assert.deepEqual(
      flagged.map((d) => [d.line, d.column, d.code]),
      [
        [10, 'C', 'derived-out-of-range'],
        [11, 'D', 'out-of-range'],
        [12, 'N', 'out-of-range'],
        [13, 'loss', 'out-of-range'],
      ],
    );
    assert.deepEqual(table.rowStatus.slice(8), ['error', 'error', 'error', 'error']);
    assert.ok(table.rowStatus.slice(0, 8).every((s) => s === 'ok'));
  });

  test('a fit leaves out only the rows bad in a column it reads, each counted with its column and line', () => {
    // A law in N reads N and loss: the ∞ C = 6ND (line 10) and the subnormal D (line 11) do not concern it.
    const inN = fitTable(readRunLog(text), { law: 'power', x: 'N' });
    assert.equal(inN.n, 10);
    assert.deepEqual(
      inN.rows?.left.map((g) => [g.kind, g.why, g.column, g.count, g.lines]),
      [
        ['problem', 'N out of range (beyond ±1e300 or subnormal)', 'N', 1, [12]],
        ['problem', 'loss out of range (beyond ±1e300 or subnormal)', 'loss', 1, [13]],
      ],
    );
    assert.match(inN.warnings.find((w) => w.code === 'rows-dropped')?.message ?? '', /^2 rows left out of the fit: N out of range .* in 'N' \(1: line 12\); loss out of range/);
    // A law in C = 6ND reads N and D too: a bad N or D is named as such, not as a bad C.
    const inC = fitTable(readRunLog(text), { law: 'power', x: 'C' });
    assert.equal(inC.n, 8);
    assert.deepEqual(
      inC.rows?.left.map((g) => [g.why, g.column, g.lines]).sort((a, b) => (a[2] as number[])[0] - (b[2] as number[])[0]),
      [
        ['non-finite C', 'C', [10]],
        ['D out of range (beyond ±1e300 or subnormal)', 'D', [11]],
        ['N out of range (beyond ±1e300 or subnormal)', 'N', [12]],
        ['loss out of range (beyond ±1e300 or subnormal)', 'loss', [13]],
      ],
    );
  });

  test('counts beyond the largest suffix print in scientific notation, never "1e+293Q"', () => {
    assert.equal(formatCount(1.234e293), '1.23e293');
    assert.equal(formatCount(1e308), '1e308');
    assert.equal(formatCount(2.5e18), '2.5e18');
    assert.equal(formatCount(999e15), '999Q');
    assert.equal(formatCount(1.4e12), '1.4T');
    assert.equal(formatCount(5e-324), '4.94e-324');
    for (let e = 0; e <= 308; e++) assert.doesNotMatch(formatCount(10 ** e), /e.*[KMBTQ]$|e\+/, `1e${e}`);
  });
});

describe('Windows-1252 / Latin-1 files', () => {
  /** `text` as Windows-1252 bytes (every character here is below U+0100, where it equals Latin-1). */
  function latin1(text: string): Uint8Array {
    return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  }
  const text = 'modèle,params,loss\ncafé-s,1e8,3.1\ncafé-m,2e8,2.9\ncafé-l,4e8,2.7\nnaïve,8e8,2.5\nÆon,1.6e9,2.3\n';

  test('are decoded as Windows-1252 (not rejected as binary) and the encoding is noted', () => {
    const bytes = latin1(text);
    assert.equal(detectRunLogEncoding(bytes), 'windows-1252');
    const { text: decoded, encoding } = decodeRunLog(bytes);
    assert.equal(decoded, text);
    const table = readRunLog(decoded, { encoding });
    assert.equal(table.columns[0].name, 'modèle');
    assert.deepEqual(table.columns[0].text, ['café-s', 'café-m', 'café-l', 'naïve', 'Æon']);
    assert.deepEqual(Array.from(roleValues(table, 'N')!), [1e8, 2e8, 4e8, 8e8, 1.6e9]);
    assert.ok(table.diagnostics.some((d) => d.code === 'encoding' && /Windows-1252/.test(d.message)));
    // 0x80–0x9F are Windows-1252 letters and signs, not C1 controls.
    assert.equal(decodeRunLogBytes(latin1('name,loss\n\x80uro,2.5\n')), 'name,loss\n€uro,2.5\n');
  });

  test('a non-UTF-8 byte far into a streamed file switches the rest to Windows-1252, losing no byte', () => {
    const head = `name,loss\n${'plain,2.5\n'.repeat(2000)}`;
    const bytes = new Uint8Array([...new TextEncoder().encode(head), ...latin1('café,2.4\n')]);
    // A chunk boundary right after the é (0xE9 opens a 3-byte UTF-8 sequence in the first chunk).
    const cut = bytes.indexOf(0xe9) + 1;
    const decoder = createRunLogDecoder();
    const decoded = decoder.decode(bytes.subarray(0, cut)) + decoder.decode(bytes.subarray(cut)) + decoder.end();
    assert.equal(decoder.encoding, 'windows-1252');
    assert.equal(decoded, `${head}café,2.4\n`);
    assert.equal(decodeRunLog(bytes).encoding, 'windows-1252');
    assert.equal(decodeRunLog(bytes).text, decoded);
  });

  test('UTF-8 stays UTF-8 and binary is still rejected', () => {
    const utf8 = new TextEncoder().encode(text);
    assert.deepEqual(decodeRunLog(utf8), { text, encoding: 'utf-8' });
    assert.ok(!readRunLog(text, { encoding: 'utf-8' }).diagnostics.some((d) => d.code === 'encoding'));
    const random = seededRandom(3);
    const noise = Uint8Array.from({ length: 4096 }, () => 0x80 + Math.floor(random() * 128));
    assert.throws(() => decodeRunLogBytes(noise), (e: unknown) => e instanceof UserError && e.code === 'binary-input');
    const withNul = latin1('a,b\n1,2\n\x00\x00\x00\x00');
    assert.throws(() => decodeRunLogBytes(withNul), (e: unknown) => e instanceof UserError && e.code === 'binary-input');
  });
});

describe('deep JSON and bad JSONL lines', () => {
  const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  test('every good JSONL line is read; each bad line is one diagnostic with its line number', () => {
    const lines = [
      '{"N": 1e8, "loss": 3.1}',
      deepArray(5_000),
      '{"N": 2e8, "loss": 2.9}',
      '{"N": 3e8, "loss": ',
      '{"N": 4e8, "loss": 2.7}',
      deepArray(100_000),
      `{"N": 5e8, "loss": 2.6, "deep": ${deepObject(5_000)}}`,
      '[1, 2, 3]',
      '{"N": 6e8, "loss": 2.5}',
    ];
    for (const fileName of ['runs.jsonl', 'runs.log']) {
      const table = readRunLog(lines.join('\n'), { fileName });
      assert.equal(table.format, 'jsonl', fileName);
      assert.deepEqual(Array.from(roleValues(table, 'N')!), [1e8, 2e8, 4e8, 5e8, 6e8], fileName);
      assert.deepEqual(Array.from(table.lines), [1, 3, 5, 7, 9], fileName);
      const bad = table.diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'too-few-rows');
      assert.deepEqual(
        bad.map((d) => [d.line, d.code]),
        [
          [2, 'not-a-record'],
          [4, 'invalid-json'],
          [6, 'not-a-record'],
          [7, 'too-deep'],
          [8, 'not-a-record'],
        ],
        fileName,
      );
      assert.match(bad[0].message, /nested 5,000 levels deep/);
      assert.ok(bad.every((d) => d.message.length < 300), 'messages quote a bounded excerpt');
    }
  });

  test('a JSON document with deeply nested elements keeps its good records', () => {
    const doc = `[{"N": 1e8, "loss": 3.1}, ${deepArray(5_000)}, {"N": 2e8, "loss": 2.9, "x": ${deepObject(5_000)}}, {"N": 4e8, "loss": 2.7}]`;
    const table = readRunLog(doc, { fileName: 'runs.json' });
    assert.deepEqual(Array.from(roleValues(table, 'N')!), [1e8, 2e8, 4e8]);
    assert.ok(table.diagnostics.some((d) => d.code === 'not-a-record'));
    assert.ok(table.diagnostics.some((d) => d.code === 'too-deep'));
  });
});

describe('.jsonl whose first line starts with [', () => {
  test('is read line by line: the [ line is one diagnostic, the records after it are rows', () => {
    const text = '["step", "loss"]\n{"N": 1e8, "loss": 3.1}\n{"N": 2e8, "loss": 2.9}\n{"N": 4e8, "loss": 2.7}\n';
    for (const fileName of ['a.jsonl', 'a.NDJSON']) {
      const table = readRunLog(text, { fileName });
      assert.equal(table.format, 'jsonl');
      assert.deepEqual(Array.from(roleValues(table, 'loss')!), [3.1, 2.9, 2.7]);
      assert.deepEqual(
        table.diagnostics.filter((d) => d.code === 'not-a-record').map((d) => d.line),
        [1],
      );
    }
    // Without the extension the content decides, as before: a `[` starts a JSON document.
    assert.equal(readRunLog('[{"N": 1e8, "loss": 3.1}]').format, 'json');
  });
});

describe('wide tables and long names', () => {
  test('200k columns: the first 10,000 are read, the rest summarised in one diagnostic, in bounded time', () => {
    const names = Array.from({ length: 200_000 }, (_, i) => (i === 0 ? 'params' : i === 1 ? 'loss' : `m${i}`));
    const row = (k: number) => names.map((_, i) => (i === 0 ? k * 1e8 : i === 1 ? 3 - k / 10 : i)).join(',');
    const started = performance.now();
    const table = readRunLog([names.join(','), row(1), row(2), row(3)].join('\n'));
    assert.ok(performance.now() - started < 30_000);
    assert.equal(table.columns.length, MAX_COLUMNS);
    assert.deepEqual(Array.from(roleValues(table, 'N')!), [1e8, 2e8, 3e8]);
    const note = table.diagnostics.find((d) => d.code === 'too-many-columns');
    assert.match(note?.message ?? '', /… and 190,000 more columns not read \(m10000, m10001, m10002, …\)/);
  });

  test('JSON records with more keys than the limit keep the first 10,000 and count the others once', () => {
    const record = (k: number) => JSON.stringify(Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [i === 0 ? 'params' : i === 1 ? 'loss' : `k${i}`, i === 0 ? k * 1e8 : i])));
    const table = readRunLog([record(1), record(2)].join('\n'), { fileName: 'wide.jsonl' });
    assert.equal(table.columns.length, MAX_COLUMNS);
    assert.equal(table.rowCount, 2);
    assert.match(table.diagnostics.find((d) => d.code === 'too-many-columns')?.message ?? '', /… and 2,000 more columns not read/);
  });

  test('mapping a column past the limit is an error that says the column was not read', () => {
    const names = ['params', 'loss', ...Array.from({ length: MAX_COLUMNS + 5 }, (_, i) => `m${i}`)];
    const row = (k: number) => names.map((_, i) => (i === 0 ? k * 1e8 : i === 1 ? 3 - k / 10 : 1)).join(',');
    const table = readRunLog([names.join(','), row(1), row(2)].join('\n'), { map: { loss: `m${MAX_COLUMNS + 2}` } });
    const error = table.diagnostics.find((d) => d.code === 'map-unknown-column');
    assert.equal(error?.severity, 'error');
    assert.match(error?.message ?? '', /only the first 10,000 columns are read/);
  });

  test('a header name of 1 MB is cut to an excerpt, and messages quote at most a bounded excerpt', () => {
    const table = readRunLog(`${'x'.repeat(1 << 20)},${'x'.repeat(1 << 20)},loss\n1,2,3\n`);
    assert.ok(table.columns.every((c) => c.name.length <= 1_000 + 3));
    assert.ok(table.diagnostics.some((d) => d.code === 'long-column-name'));
    assert.ok(table.diagnostics.every((d) => d.message.length < 400), 'diagnostics stay short');
    assert.equal(excerpt('y'.repeat(40_000)), `${'y'.repeat(200)}… (40,000 characters)`);
    assert.equal(quoteText('a\nb'), "'a b'");
  });
});

describe('a header row of empty names', () => {
  test('is a header (columns column_1 …, with a warning), not skipped so that the first data row becomes the header', () => {
    for (const text of [',,\n1e8,2e9,3.1\n2e8,4e9,2.9\n', ' , , \r\n1e8,2e9,3.1\r\n2e8,4e9,2.9\r\n']) {
      const table = readRunLog(text);
      assert.deepEqual(table.columns.map((c) => c.name), ['column_1', 'column_2', 'column_3']);
      assert.equal(table.rowCount, 2);
      assert.deepEqual(Array.from(table.lines), [2, 3]);
      assert.deepEqual(Array.from(table.columns[0].values), [1e8, 2e8]);
      const note = table.diagnostics.find((d) => d.code === 'empty-header');
      assert.equal(note?.line, 1);
    }
    // Blank lines before a real header are still just blank lines.
    assert.deepEqual(readRunLog('\n\nN,loss\n1e8,3\n').columns.map((c) => c.name), ['N', 'loss']);
  });
});

describe('errors quoting a 40 KB input', () => {
  test('quote a bounded excerpt with the total length, and still point at the problem', () => {
    const table = readRunLog('N,loss\n1e8,3\n2e8,2.9\n4e8,2.7\n8e8,2.6\n1.6e9,2.5\n');
    const huge = 'z'.repeat(40_000);
    const attempts: Array<() => unknown> = [
      () => fitTable(table, { law: huge }),
      () => fitTable(table, { law: `${'a'.repeat(40_000)}+` }),
      () => fitTable(table, { law: 'power', x: 'N', where: `N > ${huge}` }),
      () => fitTable(table, { law: 'power', x: 'N', where: `N > 1 and ${huge} < 3` }),
    ];
    for (const attempt of attempts) {
      assert.throws(attempt, (e: unknown) => {
        assert.ok(e instanceof UserError);
        assert.ok(e.message.length < 1_000, `message of ${e.message.length} characters`);
        assert.match(e.message, /4\d,\d{3} characters/);
        return true;
      });
    }
    // Short inputs are quoted whole, with the caret under the problem.
    assert.throws(() => fitTable(table, { law: 'power', x: 'N', where: 'N > 1 annd loss < 3' }), /annd loss < 3\n {8}\^/);
  });
});
