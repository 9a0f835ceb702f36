import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExprError, compileFilter, compileFormula, parseCustomLaw } from '../../src/core/expr';
import { random, table } from './expr-helpers';

const PIECES = [
  'N', 'D', 'loss', 'x', 'alpha', 'E', 'dataset', '`eval/loss`', '`', "'rpj'", '"c4"', "'", '"', '1e9', '7B', '1.4T',
  '.5', '1e', '2', '0', '(', ')', '[', ']', ',', ';', '+', '-', '−', '*', '/', '^', '**', '==', '!=', '<', '<=', '>',
  '>=', '=', '!', '?', ':', '.', 'and', 'or', 'not', '&&', '||', 'log', 'exp', 'min', 'pow', 'sigmoid', 'in', '~',
  ' ', ' ', '\t', '\n', '$', '#', '@', '\\', '{', '}', 'α', '≥', '😀', 'this', 'true', 'null', 'NaN', 'Infinity',
];

const SEEDS = [
  'N >= 1e9 and loss < 3.2',
  "dataset == 'rpj' or not (D / N > 20)",
  'E + A/N^alpha + B/D^beta; alpha in [0, 1]; E ~ 1.7; beta = 0.3',
  '((Nc/N)^(aN/aD) + Dc/D)^aD',
  'lo + (hi - lo) * sigmoid(k*(log10(C) - x0))',
];

/** Random token soup, and valid expressions with a character dropped, doubled or swapped in. */
function* inputs(count: number): Generator<string> {
  const rand = random(7);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      yield Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(PIECES)).join(rand() < 0.5 ? ' ' : '');
    } else {
      const seed = pick(SEEDS);
      const at = Math.floor(rand() * seed.length);
      const edit = Math.floor(rand() * 3);
      yield edit === 0
        ? seed.slice(0, at) + seed.slice(at + 1)
        : edit === 1
          ? seed.slice(0, at) + seed[at] + seed.slice(at)
          : seed.slice(0, at) + pick(PIECES) + seed.slice(at + 1);
    }
  }
}

function onlyExprErrors(source: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ExprError, `${JSON.stringify(source)} threw ${String(error)}`);
    assert.ok(error.position >= 0 && error.position <= source.length, `${JSON.stringify(source)}: position ${error.position}`);
  }
}

test('fuzz: arbitrary input never throws anything but ExprError, and compiled filters run', () => {
  const runs = table();
  const isVariable = (name: string) => ['N', 'D', 'C', 'x'].includes(name);
  let compiled = 0;
  for (const source of inputs(4000)) {
    onlyExprErrors(source, () => {
      const keep = compileFilter(source, runs);
      compiled++;
      for (let row = 0; row < runs.rowCount; row++) assert.equal(typeof keep(row), 'boolean');
    });
    onlyExprErrors(source, () => {
      const formula = compileFormula(source, isVariable);
      const n = 3;
      const out = new Float64Array(n);
      // A backticked name is an input whatever isVariable says (a column, checked against the file at fit time).
      const quoted = Object.fromEntries(formula.variables.map((name) => [name, Float64Array.of(1, 2, 3)]));
      const columns = { ...quoted, N: Float64Array.of(1e9, 2e9, 3e9), D: Float64Array.of(1, 2, 3), C: Float64Array.of(1, 2, 3), x: Float64Array.of(1, 2, 3) };
      formula.evaluate(columns, formula.params.map(() => 0.5), out, new Float64Array(n * formula.params.length));
    });
    onlyExprErrors(source, () => parseCustomLaw(source, isVariable));
  }
  assert.ok(compiled > 0, 'some fuzz inputs should be valid filters');
});

test('the expression layer never evaluates code (no eval, no Function constructor)', () => {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'src', 'core', 'expr');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length >= 5, `expected the expr sources in ${dir}`);
  for (const name of files) {
    const source = readFileSync(join(dir, name), 'utf8');
    assert.doesNotMatch(source, /\beval\s*\(/, name);
    assert.doesNotMatch(source, /\bFunction\s*\(/, name);
  }
});
