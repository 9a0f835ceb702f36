import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExprError, compileFormula, parseCustomLaw } from '../../src/core/expr';
import { makeCustomLaw } from '../../src/core/laws/custom';
import { random } from './expr-helpers';

const ROLE_INPUTS = new Set(['N', 'D', 'C', 'M', 'U', 'P', 'step', 'lr', 'x']);
const isRole = (name: string) => ROLE_INPUTS.has(name);

const logUniform = (rand: () => number, lo: number, hi: number) => Math.exp(Math.log(lo) + rand() * Math.log(hi / lo));

interface Case {
  source: string;
  inputs: Record<string, [number, number]>;
  params: Record<string, [number, number]>;
}

const CASES: Case[] = [
  {
    source: 'E + A/N^alpha + B/D^beta',
    inputs: { N: [1e7, 1e11], D: [1e9, 1e13] },
    params: { E: [1, 3], A: [100, 1000], alpha: [0.1, 0.8], B: [100, 3000], beta: [0.1, 0.8] },
  },
  {
    source: '((Nc/N)^(aN/aD) + Dc/D)^aD',
    inputs: { N: [1e7, 1e11], D: [1e9, 1e13] },
    params: { Nc: [1e13, 1e14], aN: [0.05, 0.1], aD: [0.08, 0.12], Dc: [1e13, 1e14] },
  },
  {
    source: 'a + b*x^(-c0) * (1 + (x/d1)^(1/f1))^(-c1*f1)',
    inputs: { x: [1, 1e4] },
    params: { a: [0, 1], b: [1, 10], c0: [0.1, 1], d1: [10, 1000], f1: [0.2, 2], c1: [0.5, 5] },
  },
  {
    source: 'lo + (hi - lo) * sigmoid(k*(log10(C) - x0)) - eps*exp(-g*ln(C/1e18))',
    inputs: { C: [1e18, 1e24] },
    params: { lo: [0, 0.3], hi: [0.6, 1], k: [0.5, 3], x0: [19, 23], eps: [0.01, 0.1], g: [0.1, 1] },
  },
  {
    source: 'A*log2(N) + sqrt(B*D/1e9) - tanh(c*1e9/N) + abs(h - 0.5) + min(N/1e9, m)*max(q, 0.1) + pow(D/1e10, r) - -s^2',
    inputs: { N: [1e7, 1e11], D: [1e9, 1e13] },
    params: { A: [0.1, 1], B: [1, 2], c: [0.1, 1], h: [0.6, 1], m: [0.5, 2], q: [0.2, 1], r: [0.1, 0.5], s: [-1, 1] },
  },
];

test('Jacobian matches central finite differences at random points', () => {
  const rand = random(20240607);
  const n = 64;
  for (const { source, inputs, params } of CASES) {
    const formula = compileFormula(source, isRole);
    assert.deepEqual([...formula.params].sort(), Object.keys(params).sort(), source);
    const k = formula.params.length;
    const columns = Object.fromEntries(
      Object.entries(inputs).map(([name, [lo, hi]]) => [name, Float64Array.from({ length: n }, () => logUniform(rand, lo, hi))]),
    );
    for (let trial = 0; trial < 5; trial++) {
      const p = formula.params.map((name) => {
        const [lo, hi] = params[name];
        return lo + rand() * (hi - lo);
      });
      const out = new Float64Array(n);
      const jac = new Float64Array(n * k);
      formula.evaluate(columns, p, out, jac);
      const plus = new Float64Array(n);
      const minus = new Float64Array(n);
      for (let j = 0; j < k; j++) {
        const h = 1e-6 * Math.max(1e-3, Math.abs(p[j]));
        formula.evaluate(columns, p.map((v, i) => (i === j ? v + h : v)), plus);
        formula.evaluate(columns, p.map((v, i) => (i === j ? v - h : v)), minus);
        for (let i = 0; i < n; i++) {
          const numeric = (plus[i] - minus[i]) / (2 * h);
          const tolerance = 1e-6 * (Math.abs(numeric) + (Math.abs(out[i]) * 1e-3) / Math.max(1e-3, Math.abs(p[j])));
          assert.ok(
            Math.abs(jac[i * k + j] - numeric) <= tolerance,
            `${source}: ∂/∂${formula.params[j]} row ${i}: analytic ${jac[i * k + j]} vs numeric ${numeric}`,
          );
        }
      }
    }
  }
});

test('evaluation agrees with the formula written out by hand', () => {
  const formula = compileFormula('E + A/N^alpha + B/D^beta', isRole);
  assert.deepEqual(formula.variables, ['N', 'D']);
  assert.deepEqual(formula.params, ['E', 'A', 'alpha', 'B', 'beta']);
  const N = Float64Array.from([7e10, 1e9, 3.2e10]);
  const D = Float64Array.from([1.4e12, 2e10, 6e11]);
  const out = new Float64Array(3);
  // Hoffmann et al. 2022 rounded parameters, in this formula's parameter order.
  formula.evaluate({ N, D }, [1.69, 406.4, 0.34, 410.7, 0.28], out);
  for (let i = 0; i < 3; i++) {
    const expected = 1.69 + 406.4 / N[i] ** 0.34 + 410.7 / D[i] ** 0.28;
    assert.ok(Math.abs(out[i] - expected) < 1e-12, `row ${i}`);
  }
});

test('LaTeX from the AST uses only the parentheses precedence needs', () => {
  const table: Array<[string, string]> = [
    ['E + A/N^alpha + B/D^beta', 'E+\\frac{A}{N^{\\alpha}}+\\frac{B}{D^{\\beta}}'],
    ['A*N^(-alpha)', 'A\\,N^{-\\alpha}'],
    ['(a + b)*c', '\\left(a+b\\right)\\,c'],
    ['a - (b - c)', 'a-\\left(b-c\\right)'],
    ['a + -b', 'a+\\left(-b\\right)'],
    ['(a^b)^c', '\\left(a^{b}\\right)^{c}'],
    ['(x/d)^f', '\\left(\\frac{x}{d}\\right)^{f}'],
    ['-x^2', '-x^{2}'],
    ['exp(-k*L)', '\\exp\\left(-k\\,L\\right)'],
    ['alpha_N * N_c + lr', '\\alpha_{N}\\,N_{c}+\\mathrm{lr}'],
    ['A * 1.4e12', 'A\\,1.4\\times 10^{12}'],
  ];
  for (const [source, latex] of table) {
    assert.equal(compileFormula(source, (name) => isRole(name) || name === 'L').latex, latex, source);
  }
});

test('custom-law clauses: bounds, starting values, fixed values, target prefix', () => {
  const spec = parseCustomLaw('L = E + A/N^alpha + B/D^beta; alpha in [0, 1]; E ~ 1.7; beta = 0.3', isRole);
  assert.deepEqual(spec.formula.params, ['E', 'A', 'alpha', 'B']);
  // Name tables have no prototype (see core/nameTable.ts): compare their entries.
  assert.deepEqual({ ...spec.fixed }, { beta: 0.3 });
  assert.deepEqual({ ...spec.init }, { E: 1.7 });
  assert.deepEqual(spec.bounds.alpha, [0, 1]);
  assert.deepEqual(spec.userBounds, ['alpha']);
  assert.deepEqual({ ...spec.kinds }, { E: 'offset', A: 'scale', alpha: 'exponent', B: 'scale' });
  assert.deepEqual(spec.bounds.E, [0, 10]);
  assert.deepEqual(spec.bounds.A, [1e-3, 1e15]);
  const out = new Float64Array(1);
  spec.formula.evaluate({ N: Float64Array.of(1e9), D: Float64Array.of(1e11) }, [1.7, 400, 0.34, 410], out);
  assert.ok(Math.abs(out[0] - (1.7 + 400 / 1e9 ** 0.34 + 410 / 1e11 ** 0.3)) < 1e-12);
  const constants = parseCustomLaw('A*N^(-alpha); alpha in [-0.5, 2^1]; A ~ 7B', isRole);
  assert.deepEqual(constants.bounds.alpha, [-0.5, 2]);
  assert.deepEqual({ ...constants.init }, { A: 7e9 });
});

test('custom-law clause errors point into the whole text', () => {
  const text = 'E + A/N^alpha; alpah in [0, 1]';
  const table: Array<[string, number, RegExp]> = [
    [text, 15, /alpah is not a parameter.*alpha/],
    ['E + A/N^alpha; N in [0, 1]', 15, /input/],
    ['E + A/N^alpha; alpha in [1, 0]', 25, /Empty bounds/],
    ['E + A/N^alpha; alpha in [0, x]', 28, /Expected a number/],
    ['E + A/N^alpha; E ~ 20', 15, /outside its bounds/],
    ['E + A/N^alpha; alpha = 0.3; alpha in [0, 1]', 28, /already has a fixed clause/],
    ['E + A/N^alpha; alpha between 0 and 1', 15, /Expected a clause/],
    ['E + A N^alpha; alpha in [0, 1]', 6, /Missing operator/],
    ['N^2; N ~ 1', 5, /input/],
    ['N^2 + 1', 0, /no free parameters/],
    ['E = 1.7', 4, /no free parameters/],
    ['L = ; A ~ 1', 4, /Empty expression/],
  ];
  for (const [source, position, message] of table) {
    assert.throws(
      () => parseCustomLaw(source, isRole),
      (error: unknown) => {
        assert.ok(error instanceof ExprError, String(error));
        assert.match(error.detail, message, source);
        assert.equal(error.position, position, `${source}: ${error.message}`);
        assert.equal(error.source, source);
        return true;
      },
    );
  }
});

test('makeCustomLaw builds a Law whose predict and jacobian agree with the formula', () => {
  const law = makeCustomLaw('E + A/N^alpha + B/D^beta; beta in [0.1, 1]; E ~ 1.8');
  assert.equal(law.id, 'custom');
  assert.equal(law.defaultObjective, 'huber-log');
  assert.deepEqual(law.inputs, ['N', 'D']);
  assert.deepEqual(
    law.params.map((p) => [p.name, p.lower, p.upper, p.logScale, p.init]),
    [
      ['E', 0, 10, false, 1.8],
      ['A', 1e-3, 1e15, true, undefined],
      ['alpha', 0, 2, false, undefined],
      ['B', 1e-3, 1e15, true, undefined],
      ['beta', 0.1, 1, false, undefined],
    ],
  );
  const x = { N: Float64Array.of(1e9, 1e10), D: Float64Array.of(2e10, 2e11) };
  const p = [1.7, 400, 0.34, 410, 0.28];
  const out = new Float64Array(2);
  law.predict(p, x, out);
  assert.ok(Math.abs(out[1] - (1.7 + 400 / 1e10 ** 0.34 + 410 / 2e11 ** 0.28)) < 1e-12);
  const jac = new Float64Array(2 * 5);
  law.jacobian?.(p, x, jac);
  assert.equal(jac[5 + 0], 1); // ∂/∂E
  assert.ok(Math.abs(jac[5 + 1] - 1 / 1e10 ** 0.34) < 1e-15); // ∂/∂A
  assert.throws(() => law.predict(p, { N: x.N }, out), /needs D/);
  const oneVariable = makeCustomLaw('A*x^(-alpha)');
  assert.deepEqual(oneVariable.inputs, ['x']);
  assert.deepEqual(oneVariable.xRoles, ['N', 'D', 'C', 'step']);
});
