import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExprError, compileFilter } from '../../src/core/expr';
import { table } from './expr-helpers';

function rows(source: string): number[] {
  const keep = compileFilter(source, table());
  return [0, 1, 2, 3, 4].filter((row) => keep(row));
}

function errorOf(source: string): ExprError {
  try {
    compileFilter(source, table());
  } catch (error) {
    assert.ok(error instanceof ExprError, `${source}: expected ExprError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${source} should not compile`);
}

test('roles resolve to their bound columns; values compare in base units', () => {
  assert.deepEqual(rows('N >= 1e9'), [1, 2, 3, 4]);
  assert.deepEqual(rows('N >= 1B and loss < 3.2'), [1, 2, 4]);
  assert.deepEqual(rows('N >= 7B'), [2, 3]);
  assert.deepEqual(rows('N == 1.4B'), [4]);
  assert.deepEqual(rows('D / N >= 20'), [0, 1, 2, 3, 4]);
  assert.deepEqual(rows('D / N > 21'), [0]);
  assert.deepEqual(rows('log10(N) < 9'), [0]);
});

test('column names: exact, case-insensitive, and in backticks', () => {
  assert.deepEqual(rows('final_loss < 3.05'), [2, 4]);
  assert.deepEqual(rows('FINAL_LOSS < 3.05'), [2, 4]);
  assert.deepEqual(rows('`eval/loss` < 3'), [2, 3]);
  assert.deepEqual(rows("dataset == 'rpj'"), [0, 2, 3]);
  assert.deepEqual(rows('Dataset == "c4"'), [1]);
  assert.deepEqual(rows("group != 'rpj'"), [1]);
});

test('missing cells make every comparison false, including !=', () => {
  assert.deepEqual(rows('loss != 3.1'), [0, 2, 4]);
  assert.deepEqual(rows('loss > 0 or loss <= 0'), [0, 1, 2, 4]);
  assert.deepEqual(rows("Dataset != 'c4'"), [0, 2, 3]);
  assert.deepEqual(rows('not loss < 3'), [0, 1, 3, 4]);
});

test('and, or, not (also &&, ||, !) with Python-like precedence', () => {
  assert.deepEqual(rows("not dataset == 'rpj' and N < 7B"), [1, 4]);
  assert.deepEqual(rows("!(dataset == 'rpj') || N >= 70B"), [1, 3, 4]);
  assert.deepEqual(rows('N < 1e9 or N > 10e9 and loss < 3'), [0]);
  assert.deepEqual(rows('(N < 1e9 or N > 10e9) and `eval/loss` < 3'), [3]);
  assert.deepEqual(rows('N >= 1e9 && D <= 28e9'), [1, 4]);
});

test('unknown names, type errors and non-conditions are ExprErrors at the position', () => {
  const table: Array<[string, number, RegExp]> = [
    ['N >= 1e9 annd loss < 3', 9, /did you mean `and`/],
    ['final_los < 3', 0, /Unknown column `final_los`.*final_loss/],
    ['`eval/los` < 3', 0, /eval\/loss/],
    ['C > 1e20', 0, /No column has the role C/],
    ["dataset < 'x'", 8, /only be compared with == or !=/],
    ['dataset == 3', 8, /Cannot compare text with a number/],
    ['N + 1', 0, /must be a condition/],
    ['N and loss < 3', 0, /Expected a condition/],
    ["dataset * 2 > 1", 0, /Expected a number/],
    ['log < 3', 0, /log is a function/],
    ['N >= 1e9 and', 12, /Expected an operand after "and"/],
    ['N >= ', 5, /Expected expression/],
    ['N => 3', 2, /Unexpected "="/],
  ];
  for (const [source, position, message] of table) {
    const error = errorOf(source);
    assert.equal(error.position, position, `${source}: ${error.message}`);
    assert.match(error.detail, message, source);
  }
});
