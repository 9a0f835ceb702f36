// Issue 9 items 7, 8 and 13: expressions of any size and any parameter name get an answer (a result or
// an ExprError with a caret) in bounded time — never a RangeError, never a hang.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExprError, compileFilter, compileFormula, parseCustomLaw } from '../../src/core/expr';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, MAX_LAW_LENGTH } from '../../src/core/limits';
import { fitTable, resolveLaw } from '../../src/core/fit';
import { tableInputs } from '../../src/core/fit/lawInputs';
import { makeCustomLaw } from '../../src/core/laws/custom';
import { readRunLog } from '../../src/core/runlog';
import type { Column, RunTable } from '../../src/core/types';
import { table } from './expr-helpers';

const isInput = (name: string) => name === 'N' || name === 'D';

/** The ExprError `run` throws (fails the test on any other outcome), and how long it took. */
function exprError(run: () => unknown): { error: ExprError; ms: number } {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ExprError, `expected an ExprError, got ${String(error)}`);
    return { error, ms: performance.now() - started };
  }
  assert.fail('expected an ExprError');
}

const chain = (terms: number, term: string, op: string) => Array.from({ length: terms }, () => term).join(op);

test('issue 9 item 7: long flat expressions are ExprErrors with a caret, not stack overflows', () => {
  const runs = table();
  const cases = [
    () => compileFilter(`${chain(4_000, 'N', ' + ')} > 1`, runs),
    () => compileFilter(chain(16_000, 'N > 1', ' and '), runs),
    () => parseCustomLaw(chain(5_000, 'A', ' + '), isInput),
    () => compileFormula(chain(5_000, 'A', ' + '), isInput),
    () => compileFormula(chain(5_000, 'a', '*'), isInput),
    () => compileFilter(`${'('.repeat(3_000)}N${')'.repeat(3_000)} > 1`, runs),
  ];
  for (const run of cases) {
    const { error, ms } = exprError(run);
    assert.match(error.detail, /too (long|complex|deeply nested)/);
    assert.match(error.message, /\n {2}.*\n {2} *\^$/, 'the message ends with a caret line');
    assert.ok(error.message.length < 400, `the message quotes a window of the input, not all of it (${error.message.length} chars)`);
    assert.ok(ms < 2_000, `answered in ${ms.toFixed(0)} ms`);
  }
});

test('issue 9 item 7: the limits are the documented ones, and expressions inside them still work', () => {
  const runs = table();
  // The deepest chain allowed: MAX_EXPRESSION_DEPTH levels (the comparison is one more).
  const longest = compileFilter(`${chain(MAX_EXPRESSION_DEPTH - 1, 'N', ' + ')} > 1`, runs);
  assert.equal(longest(0), true);
  const wide = chain(400, '(N > 1 and D > 1)', ' or ');
  assert.ok(wide.length <= MAX_EXPRESSION_LENGTH);
  assert.equal(compileFilter(wide, runs)(0), true);
  const over = exprError(() => compileFilter(`${chain(MAX_EXPRESSION_DEPTH + 1, 'N', ' + ')} > 1`, runs)).error;
  assert.match(over.detail, new RegExp(`more than ${MAX_EXPRESSION_DEPTH} nested`));
  const long = exprError(() => compileFilter(`N > 1 ${' '.repeat(MAX_EXPRESSION_LENGTH)}`, runs)).error;
  assert.equal(long.position, MAX_EXPRESSION_LENGTH);
  assert.match(long.detail, new RegExp(`at most ${MAX_EXPRESSION_LENGTH}`));
});

test('issue 9 item 8: power chains classify in linear time', () => {
  // About 1,000 chained powers, the longest law allowed: ~60 s before (cubic), milliseconds now.
  const formula = `N^${'a^'.repeat(MAX_LAW_LENGTH / 2 - 2)}a`;
  assert.ok(formula.length <= MAX_LAW_LENGTH);
  const started = performance.now();
  const spec = parseCustomLaw(formula, isInput);
  const ms = performance.now() - started;
  assert.deepEqual(spec.formula.params, ['a']);
  assert.equal(spec.kinds.a, 'exponent');
  assert.ok(ms < 1_000, `parseCustomLaw took ${ms.toFixed(0)} ms`);
});

test('issue 9 item 8: an over-long law is rejected before it is parsed (the law picker validates every keystroke)', () => {
  const huge = `E + ${'A/N^alpha + '.repeat(100_000)}B`;
  const { error, ms } = exprError(() => resolveLaw(huge));
  assert.match(error.detail, new RegExp(`too long: ${huge.length} characters \\(at most ${MAX_LAW_LENGTH}\\)`));
  assert.equal(error.position, MAX_LAW_LENGTH);
  assert.ok(ms < 100, `rejected in ${ms.toFixed(1)} ms`);
});

// Object.prototype members as names: each is an ordinary parameter or column.
const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'] as const;

test('issue 9 item 13: parameters named like Object.prototype members fit and recover their values', () => {
  const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
  const lines = ['params,tokens,loss'];
  for (const n of [1e8, 4e8, 1.6e9, 6.4e9]) {
    for (const d of [2e9, 1e10, 5e10, 2.5e11]) lines.push(`${n},${d},${truth.E + truth.A * n ** -truth.alpha + truth.B * d ** -truth.beta}`);
  }
  const runs = readRunLog(lines.join('\n'), { fileName: 'grid.csv' });
  const [E, A, alpha, B, beta] = PROTOTYPE_NAMES;
  const formula = `${E} + ${A}/N^${alpha} + ${B}/D^${beta}`;
  const fit = fitTable(runs, { law: `${formula}; ${alpha} in [0, 1]; ${E} ~ 1.5` });
  const expected: Record<string, number> = { [E]: truth.E, [A]: truth.A, [alpha]: truth.alpha, [B]: truth.B, [beta]: truth.beta };
  for (const name of PROTOTYPE_NAMES) {
    assert.ok(Object.hasOwn(fit.params, name), `${name} is a fitted parameter`);
    assert.ok(Math.abs(fit.params[name] / expected[name] - 1) < 1e-4, `${name}: ${fit.params[name]} vs ${expected[name]}`);
  }
  // A fixed clause and bounds on these names reach the fit too.
  const fixed = fitTable(runs, { law: `${formula}; ${beta} = 0.28; ${A} in [1, 1000]` });
  assert.equal(Object.hasOwn(fixed.params, beta), false, 'a fixed parameter is not fitted');
  assert.ok(Math.abs(fixed.params[alpha] / truth.alpha - 1) < 1e-4);

  const spec = parseCustomLaw(`${formula}; ${alpha} in [0, 1]`, isInput);
  assert.deepEqual(spec.userBounds, [alpha]);
  assert.deepEqual(spec.bounds[alpha], [0, 1]);
  assert.deepEqual(spec.bounds[E], [0, 10], 'default offset bounds');
  assert.equal(spec.kinds[beta], 'exponent');
  assert.equal(Object.hasOwn(spec.init, 'constructor'), false);
});

test('issue 9 item 13: a function or constant lookup never finds an Object.prototype member', () => {
  for (const name of PROTOTYPE_NAMES) {
    assert.match(exprError(() => compileFormula(`${name}(N)`, isInput)).error.detail, new RegExp(`Unknown function ${name}`));
    // As a bare name it is a parameter, not a constant.
    assert.deepEqual(compileFormula(`${name} * N`, isInput).params, [name]);
  }
});

test('issue 9 item 13: filters and formulas read columns named like Object.prototype members', () => {
  const base = table();
  const column = (name: string, values: number[]): Column => ({ name, kind: 'number', values: Float64Array.from(values), scale: 1, derived: false });
  const runs: RunTable = { ...base, columns: [...base.columns, ...PROTOTYPE_NAMES.map((name, i) => column(name, [0, 1, 2, 3, 4].map((r) => r + i)))] };
  for (const [i, name] of PROTOTYPE_NAMES.entries()) {
    const where = compileFilter(`${name} > ${i + 1}`, runs);
    assert.deepEqual([0, 1, 2, 3, 4].filter(where), [2, 3, 4], name);
  }
  // A custom law reading such a column gets it from the table: loss = 2·`__proto__` + 1.
  const loss = [3.4, 3.1, 2.6, NaN, 3.0];
  const lossTable: RunTable = { ...base, columns: [...base.columns, column('__proto__', loss.map((y) => (y - 1) / 2))] };
  const law = makeCustomLaw('a * `__proto__` + b', (name) => name === '__proto__');
  const predicted = new Float64Array(5);
  law.predict(Float64Array.of(2, 1), tableInputs(lossTable, law).x, predicted);
  assert.deepEqual([...predicted].map((y) => y.toFixed(9)), loss.map((y) => y.toFixed(9)));
  // A formula reading such a column as an input.
  const formula = compileFormula('a * constructor', (name) => name === 'constructor');
  const out = new Float64Array(2);
  formula.evaluate({ constructor: Float64Array.from([2, 3]) }, [10], out);
  assert.deepEqual([...out], [20, 30]);
  assert.throws(() => formula.evaluate({}, [10], out), /needs constructor/);
});
