/**
 * Every row of data/bad-inputs/README.md: the behaviour in its "expected" column, asserted on the real
 * file. A README row without a case here fails the first test, so new awkward files cannot slip by.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { columnByName, createRunLogReader, decodeRunLogBytes, readRunLog, roleValues } from '../../src/core/runlog';
import { UserError, type Diagnostic, type RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

function bytes(name: string): Uint8Array {
  return readFileSync(dataFile(`bad-inputs/${name}`));
}

function read(name: string): RunTable {
  return readRunLog(decodeRunLogBytes(bytes(name)), { fileName: name });
}

function codes(table: RunTable): string[] {
  return table.diagnostics.map((d) => d.code);
}

function only(table: RunTable, code: string): Diagnostic[] {
  return table.diagnostics.filter((d) => d.code === code);
}

function usable(table: RunTable): number {
  return table.rowStatus.filter((s) => s === 'ok').length;
}

function userError(code: string) {
  return (e: unknown) => e instanceof UserError && e.code === code;
}

const cases: Record<string, () => void> = {
  'empty.csv': () => {
    assert.throws(() => read('empty.csv'), (e: unknown) => e instanceof UserError && e.message === 'file is empty');
  },
  'header-only.csv': () => {
    const t = read('header-only.csv');
    assert.equal(t.rowCount, 0);
    assert.deepEqual(t.columns.map((c) => c.name), ['params', 'tokens', 'loss']);
    assert.match(only(t, 'no-rows')[0].message, /no data rows/);
  },
  'one-row.csv': () => {
    const t = read('one-row.csv');
    assert.equal(t.rowCount, 1);
    assert.equal(usable(t), 1);
    assert.deepEqual(codes(t), ['too-few-rows']);
  },
  'negative-n.csv': () => {
    const t = read('negative-n.csv');
    const [d] = only(t, 'non-positive');
    assert.deepEqual([d.line, d.column, d.severity], [4, 'params', 'error']);
    assert.equal(t.rowStatus[t.lines.indexOf(4)], 'error');
    assert.equal(usable(t), 4);
  },
  'zero-loss.csv': () => {
    const t = read('zero-loss.csv');
    const [d] = only(t, 'non-positive');
    assert.deepEqual([d.line, d.column], [3, 'loss']);
    assert.match(d.message, /log/);
    assert.equal(t.rowStatus[t.lines.indexOf(3)], 'error');
    assert.equal(usable(t), 4);
  },
  'nan-inf.csv': () => {
    const t = read('nan-inf.csv');
    // `-` and `n/a` are missing (planned rows); NaN and inf are diagnostics; one usable row.
    assert.deepEqual(only(t, 'non-finite').map((d) => [d.line, d.column]), [[2, 'loss'], [3, 'loss']]);
    assert.deepEqual([...t.rowStatus], ['error', 'error', 'planned', 'planned', 'ok']);
    assert.equal(only(t, 'too-few-rows').length, 1);
  },
  'text-in-numeric.csv': () => {
    const t = read('text-in-numeric.csv');
    const [d] = only(t, 'not-a-number');
    assert.deepEqual([d.line, d.column], [2, 'params']);
    assert.match(d.message, /'abc'/);
    assert.equal(t.roles.N?.column, 'params');
  },
  'mixed-units.csv': () => {
    const t = read('mixed-units.csv');
    assert.deepEqual([...roleValues(t, 'N')!], [70e6, 150e6, 400e6, 1e9, 2.8e9]);
    assert.deepEqual([...roleValues(t, 'D')!], [1.4e9, 3e9, 8e9, 20e9, 56e9]);
    assert.deepEqual(codes(t), []);
  },
  'semicolon-decimal-comma.csv': () => {
    const t = read('semicolon-decimal-comma.csv');
    assert.equal(t.dialect?.delimiter, ';');
    assert.equal(t.dialect?.decimalComma, true);
    assert.deepEqual([...roleValues(t, 'loss')!], [3.693, 3.2765, 2.8662, 2.58, 2.3412]);
  },
  'ragged.csv': () => {
    const t = read('ragged.csv');
    assert.deepEqual(only(t, 'ragged-row').map((d) => d.line), [2, 3]);
    assert.deepEqual([...t.lines], [4, 5]);
  },
  'quoted-newlines.csv': () => {
    const t = read('quoted-newlines.csv');
    assert.equal(t.rowCount, 3);
    assert.deepEqual(columnByName(t, 'note')!.text, ['first\nrun, with a comma', 'plain', 'he said "hi"']);
    assert.deepEqual([...t.lines], [2, 4, 5]);
  },
  'bom-crlf.csv': () => {
    const t = read('bom-crlf.csv');
    assert.equal(t.columns[0].name, 'params');
    assert.equal(t.rowCount, 5);
    assert.equal(t.dialect?.bom, true);
    assert.equal(t.dialect?.lineEnding, '\r\n');
    assert.equal(roleValues(t, 'loss')![4], 2.3412);
  },
  'duplicate-header.csv': () => {
    const t = read('duplicate-header.csv');
    assert.deepEqual(t.columns.filter((c) => !c.derived).map((c) => c.name), ['params', 'tokens', 'loss', 'loss_2']);
    const [d] = only(t, 'duplicate-header');
    assert.match(d.message, /'loss_2'/);
    assert.match(d.message, /'loss' is used as loss/);
    assert.equal(t.roles.loss?.column, 'loss');
  },
  'no-roles.csv': () => {
    const t = read('no-roles.csv');
    assert.deepEqual(t.roles, {});
    const [d] = only(t, 'no-roles');
    assert.match(d.message, /--map/);
    assert.match(d.message, /Set column roles/);
  },
  'constant-n.csv': () => {
    const t = read('constant-n.csv');
    assert.equal(usable(t), 6);
    assert.equal(new Set(roleValues(t, 'N')).size, 1);
  },
  'overflow-flops.csv': () => {
    // Every value is impossible for C (3 negative, 1 over 10× off 6·N·D): the column is not bound as C,
    // C is derived as 6·N·D and one column-level warning says so, with the way to use it anyway.
    const t = read('overflow-flops.csv');
    assert.equal(t.roles.C?.derived, true);
    const [bad, ...more] = only(t, 'bad-column');
    assert.equal(more.length, 0);
    assert.deepEqual([bad.severity, bad.line, bad.column], ['warning', 2, 'flops']);
    assert.match(bad.message, /^'flops' not used as C: 4 of 4 values are impossible for C \(3 ≤ 0, 1 off 6·N·D by 10× or more; lines 2, 3, 4, 5\); C = 6·N·D is used\. .*--map C=flops/);
    assert.deepEqual(only(t, 'non-positive'), []);
    assert.equal(usable(t), 4);
    // Mapped explicitly it is honoured, with the same warning naming the way back, and one diagnostic per problem.
    const mapped = readRunLog(decodeRunLogBytes(bytes('overflow-flops.csv')), { fileName: 'overflow-flops.csv', map: { C: 'flops' } });
    assert.equal(mapped.roles.C?.column, 'flops');
    assert.match(only(mapped, 'bad-column')[0].message, /is mapped as C although .*--map C=none/);
    assert.deepEqual(only(mapped, 'non-positive').map((d) => [d.line, d.column]), [[2, 'flops']]);
    assert.match(only(mapped, 'non-positive')[0].message, /^3 C values in 'flops' are ≤ 0 \(e\.g\. -9\.18e18; lines 2, 3, 5\)/);
    // N and D stay usable for laws in N and D.
    assert.equal(finite(roleValues(mapped, 'N')!).length, 4);
    assert.equal(finite(roleValues(mapped, 'D')!).length, 4);
  },
  'huge-integers.csv': () => {
    const t = read('huge-integers.csv');
    assert.equal(roleValues(t, 'C')![0], 5.88e23);
    assert.ok(codes(t).every((c) => c === 'big-numbers' || c === 'too-few-rows'));
  },
  'utf16.csv': () => {
    const t = read('utf16.csv');
    assert.deepEqual(t.columns.filter((c) => !c.derived).map((c) => c.name), ['params', 'tokens', 'loss']);
    assert.equal(usable(t), 5);
  },
  'binary.csv': () => {
    assert.throws(() => decodeRunLogBytes(bytes('binary.csv')), (e: unknown) => userError('binary-input')(e) && /not a text run log/.test((e as Error).message));
    // A caller that decoded the bytes itself gets the same error from the reader.
    const text = new TextDecoder().decode(bytes('binary.csv'));
    assert.throws(() => readRunLog(text), userError('binary-input'));
  },
  'broken-line.jsonl': () => {
    const t = read('broken-line.jsonl');
    assert.deepEqual(only(t, 'invalid-json').map((d) => d.line), [3]);
    assert.equal(t.rowCount, 4);
    assert.deepEqual([...t.lines], [1, 2, 4, 5]);
  },
  'json-scalar.json': () => {
    assert.throws(() => read('json-scalar.json'), (e: unknown) => userError('not-a-table')(e) && /not a table/.test((e as Error).message));
  },
  'trainer_state.json': () => {
    const t = read('trainer_state.json');
    assert.equal(t.format, 'trainer-state');
    assert.deepEqual([t.roles.step?.column, t.roles.loss?.column, t.roles.lr?.column], ['step', 'loss', 'learning_rate']);
    const evalLoss = finite(columnByName(t, 'eval_loss')!.values);
    assert.equal(evalLoss.length, 1);
    assert.equal(t.lines[0], 5);
  },
  'planned-rows.csv': () => {
    const t = read('planned-rows.csv');
    assert.deepEqual([...t.rowStatus], ['ok', 'ok', 'ok', 'ok', 'ok', 'planned', 'planned']);
    assert.deepEqual(t.diagnostics, []);
  },
  'very-long-line.csv': () => {
    const started = performance.now();
    const t = read('very-long-line.csv');
    const ms = performance.now() - started;
    assert.ok(t.rowCount >= 1);
    for (const d of t.diagnostics) assert.ok(d.message.length < 400);
    // Not a timing assertion on the machine's speed: a pathological (quadratic) path takes minutes.
    assert.ok(ms < 20_000, `${ms} ms`);
  },
  'deep-nesting.jsonl': () => {
    const t = read('deep-nesting.jsonl');
    const [d] = only(t, 'too-deep');
    assert.equal(d.line, 1);
    assert.equal(t.rowCount, 1);
    assert.equal(t.lines[0], 2);
    assert.equal(roleValues(t, 'loss')![0], 3.1);
  },
};

function finite(values: Float64Array): number[] {
  return [...values].filter(Number.isFinite);
}

describe('bad-inputs/README.md', () => {
  const readme = readFileSync(dataFile('bad-inputs/README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

  it('has a case for every row of the table', () => {
    assert.ok(rows.length >= 25, `only ${rows.length} rows parsed`);
    assert.deepEqual(rows.filter((r) => !(r in cases)), []);
  });

  for (const name of rows) it(name, () => cases[name]?.());

  it('streaming in small chunks gives the same table for every file', () => {
    for (const name of rows) {
      let whole: RunTable | Error;
      let text: string;
      try {
        text = decodeRunLogBytes(bytes(name));
        whole = readRunLog(text, { fileName: name });
      } catch (e) {
        whole = e as Error;
        text = '';
      }
      if (whole instanceof Error) continue;
      const reader = createRunLogReader({ fileName: name });
      for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
      const streamed = reader.end();
      assert.deepEqual(streamed, whole, name);
    }
  });
});
