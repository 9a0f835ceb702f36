import { nameTable } from '../nameTable';

/**
 * The functions expressions may call — one table for filters, formulas, their derivatives and LaTeX.
 * `log` is the natural log (as in NumPy and laws.md's `ln`).
 */
export interface UnaryFunction {
  arity: 1;
  apply(x: number): number;
  /** d apply / dx, given x and apply(x) (so exp and tanh reuse their value). */
  derivative(x: number, fx: number): number;
  latex(argument: string): string;
}

/** Two-argument functions compile to dedicated instructions (see formula.ts). */
export interface BinaryFunction {
  arity: 2;
  apply(a: number, b: number): number;
}

export type FunctionSpec = UnaryFunction | BinaryFunction;

const wrapped = (name: string) => (a: string) => `${name}\\left(${a}\\right)`;

const naturalLog: UnaryFunction = {
  arity: 1,
  apply: Math.log,
  derivative: (x) => 1 / x,
  latex: wrapped('\\ln'),
};

/** A name table: `FUNCTIONS[name]` never finds an Object.prototype member such as `constructor`. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = nameTable(Object.entries({
  exp: { arity: 1, apply: Math.exp, derivative: (_x, fx) => fx, latex: wrapped('\\exp') },
  log: naturalLog,
  ln: naturalLog,
  log10: { arity: 1, apply: Math.log10, derivative: (x) => 1 / (x * Math.LN10), latex: wrapped('\\log_{10}') },
  log2: { arity: 1, apply: Math.log2, derivative: (x) => 1 / (x * Math.LN2), latex: wrapped('\\log_{2}') },
  sqrt: { arity: 1, apply: Math.sqrt, derivative: (_x, fx) => 0.5 / fx, latex: (a) => `\\sqrt{${a}}` },
  abs: { arity: 1, apply: Math.abs, derivative: (x) => Math.sign(x), latex: (a) => `\\left|${a}\\right|` },
  tanh: { arity: 1, apply: Math.tanh, derivative: (_x, fx) => 1 - fx * fx, latex: wrapped('\\tanh') },
  sigmoid: {
    arity: 1,
    apply: (x) => 1 / (1 + Math.exp(-x)),
    derivative: (_x, fx) => fx * (1 - fx),
    latex: wrapped('\\sigma'),
  },
  pow: { arity: 2, apply: Math.pow },
  min: { arity: 2, apply: Math.min },
  max: { arity: 2, apply: Math.max },
} satisfies Record<string, FunctionSpec>));

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

/** Named constants. Only lowercase `pi`: `E` and `e` are common parameter names (L = E + …, ln e). */
export const CONSTANTS: Readonly<Record<string, number>> = nameTable([['pi', Math.PI]]);
