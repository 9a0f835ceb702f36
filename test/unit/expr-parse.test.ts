import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExprError, compileFormula } from '../../src/core/expr';

/** Value of a constant expression through the formula compiler (no inputs, no parameters). */
function value(source: string): number {
  const formula = compileFormula(source, () => false);
  assert.deepEqual(formula.params, [], `${source} should have no parameters`);
  const out = new Float64Array(1);
  formula.evaluate({}, [], out);
  return out[0];
}

function errorAt(source: string): ExprError {
  try {
    compileFormula(source, (name) => name === 'N' || name === 'D');
  } catch (error) {
    assert.ok(error instanceof ExprError, `${source}: expected ExprError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${source} should not compile`);
}

test('precedence and associativity', () => {
  // Expected values are worked by hand from the documented grammar.
  const table: Array<[string, number]> = [
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 - 4 - 3', 3],
    ['64 / 4 / 2', 8],
    ['2 * 3 / 4', 1.5],
    ['2^3^2', 512],
    ['2**3**2', 512],
    ['(2^3)^2', 64],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['-3^2 + 1', -8],
    ['2^-1', 0.5],
    ['2^-2^2', 1 / 16],
    ['2 * -3', -6],
    ['- -2', 2],
    ['+2 - -3', 5],
    ['3 − 1', 2],
    ['2 × 3 · 4', 24],
    ['4^0.5 * 3', 6],
    ['2 ^ 3 * 2', 16],
    ['1 / 2 ^ 2', 0.25],
  ];
  assertValues(table, 0);
});

function assertValues(table: Array<[string, number]>, tolerance: number): void {
  for (const [source, expected] of table) {
    const actual = value(source);
    assert.ok(Math.abs(actual - expected) <= tolerance, `${source}: ${actual} vs ${expected}`);
  }
}

test('number literals with exponents and unit suffixes', () => {
  const table: Array<[string, number]> = [
    ['1e9', 1e9],
    ['1.5e-3', 1.5e-3],
    ['.5', 0.5],
    ['7B', 7e9],
    ['1.4T', 1.4e12],
    ['70M', 7e7],
    ['2K + 1k', 3000],
    ['2.8bn', 2.8e9],
    ['3m', 3e6],
  ];
  assertValues(table, 0);
});

test('functions and the pi constant', () => {
  const table: Array<[string, number]> = [
    ['log(exp(2))', 2],
    ['ln(exp(1))', 1],
    ['log10(1000)', 3],
    ['log2(8)', 3],
    ['sqrt(16)', 4],
    ['abs(-3)', 3],
    ['pow(2, 10)', 1024],
    ['min(3, -2)', -2],
    ['max(3, -2)', 3],
    ['tanh(0)', 0],
    ['sigmoid(0)', 0.5],
    ['pi', Math.PI],
  ];
  assertValues(table, 1e-12);
});

test('errors point at the offending character', () => {
  const table: Array<[string, number, RegExp]> = [
    ['2N', 1, /implicit multiplication/],
    ['A N', 2, /Missing operator/],
    ['2 (N)', 2, /Missing operator/],
    ['A*N^', 4, /Expected/],
    ['E + A/N^alpha +', 15, /Expected/],
    ['(E + A', 6, /Unclosed \(/],
    ['E + A/(N))', 9, /Unexpected "\)"/],
    ['A, B', 1, /Unexpected ","/],
    ['foo(N)', 0, /Unknown function foo/],
    ['exp(N, D)', 0, /takes 1 argument/],
    ['N < 3', 2, /not allowed in a formula/],
    ["A * 'x'", 4, /Text/],
    ['loss * A', 0, /not a law input/],
    ['A = 3', 2, /==/],
    ['a ? b : c', 2, /conditional/],
    ['a[1]', 1, /Unexpected "\["/],
    ['', 0, /Empty expression/],
    ['()', 0, /Empty parentheses/],
    ['1e+', 1, /exponent/],
    ['1e400 * A', 0, /out of range/],
    ['`N', 0, /Unclosed `/],
  ];
  for (const [source, position, message] of table) {
    const error = errorAt(source);
    assert.equal(error.position, position, `${source}: ${error.message}`);
    assert.match(error.detail, message, source);
  }
});

test('the message repeats the source with a caret under the position', () => {
  const error = errorAt('E + A N^alpha');
  assert.equal(error.code, 'bad-expression');
  const lines = error.message.split('\n');
  assert.equal(lines[1], '  E + A N^alpha');
  assert.equal(lines[2], '        ^');
  assert.equal(lines[1][lines[2].indexOf('^')], 'N');
});
