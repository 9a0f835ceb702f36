import { ownEntry } from '../nameTable';
import { UserError } from '../types';
import { ExprError } from './errors';
import { didYouMean } from '../didYouMean';
import { CONSTANTS, FUNCTIONS, isFunctionName, type UnaryFunction } from './functions';
import { latexOf } from './latex';
import { parseExpression, type ExprNode } from './parse';
import { plural } from '../format';

/**
 * Custom law formulas (`E + A/N^alpha + B/D^beta`) compiled once into a flat instruction list that is
 * evaluated column-at-a-time: each instruction runs a tight loop over all rows, so the per-row cost is
 * a few typed-array reads, not an interpreter dispatch. The Jacobian is reverse-mode AD over the same
 * list (one backward sweep gives ∂ŷ_i/∂p_j for every parameter).
 */

export interface CompiledFormula {
  source: string;
  /** Roles/columns the formula reads, in order of first appearance. */
  variables: string[];
  /** Free parameters, in order of first appearance (`p` is in this order). */
  params: string[];
  latex: string;
  /**
   * ŷ_i into `out` for i < out.length; with `jac`, ∂ŷ_i/∂p_j into `jac[i * params.length + j]`.
   * `inputs[v]` must hold at least out.length values for every variable v.
   */
  evaluate(inputs: Record<string, Float64Array>, p: ArrayLike<number>, out: Float64Array, jac?: Float64Array): void;
}

/** Roles that are not law inputs: they may not appear in a formula (and must not become parameters). */
const NOT_INPUTS = new Set(['loss', 'run', 'group']);

const OP = {
  CONST: 0,
  PARAM: 1,
  VAR: 2,
  NEG: 3,
  ADD: 4,
  SUB: 5,
  MUL: 6,
  DIV: 7,
  POW: 8,
  MIN: 9,
  MAX: 10,
  FN: 11,
} as const;
type Opcode = (typeof OP)[keyof typeof OP];

const BINARY_OPCODES: Partial<Record<string, Opcode>> = { '+': OP.ADD, '-': OP.SUB, '*': OP.MUL, '/': OP.DIV, '^': OP.POW, pow: OP.POW, min: OP.MIN, max: OP.MAX };

/** Scalar semantics of each opcode; used for constant folding and as the reference for the loops. */
function applyScalar(op: Opcode, x: number, y: number, fn?: UnaryFunction): number {
  switch (op) {
    case OP.NEG:
      return -x;
    case OP.ADD:
      return x + y;
    case OP.SUB:
      return x - y;
    case OP.MUL:
      return x * y;
    case OP.DIV:
      return x / y;
    case OP.POW:
      return Math.pow(x, y);
    case OP.MIN:
      return Math.min(x, y);
    case OP.MAX:
      return Math.max(x, y);
    case OP.FN:
      return fn ? fn.apply(x) : NaN;
    default:
      return NaN;
  }
}

interface Instruction {
  op: Opcode;
  a: number;
  b: number;
  /** CONST: the value; PARAM/VAR: the index into params/variables. */
  value: number;
  fn?: UnaryFunction;
  dependsOnParam: boolean;
}

class TapeBuilder {
  readonly tape: Instruction[] = [];
  readonly variables: string[] = [];
  readonly params: string[] = [];
  private readonly leaves = new Map<string, number>();

  constructor(
    private readonly source: string,
    private readonly isVariable: (name: string) => boolean,
    private readonly fixed: Record<string, number>,
  ) {}

  private fail(message: string, position: number): never {
    throw new ExprError(message, position, this.source);
  }

  private leaf(key: string, make: () => Instruction): number {
    let slot = this.leaves.get(key);
    if (slot === undefined) {
      slot = this.tape.push(make()) - 1;
      this.leaves.set(key, slot);
    }
    return slot;
  }

  private constant(value: number): number {
    return this.leaf(`c${value}`, () => ({ op: OP.CONST, a: -1, b: -1, value, dependsOnParam: false }));
  }

  private emit(op: Opcode, a: number, b: number, fn?: UnaryFunction): number {
    const [x, y] = [this.tape[a], b >= 0 ? this.tape[b] : undefined];
    if (x.op === OP.CONST && (!y || y.op === OP.CONST)) return this.constant(applyScalar(op, x.value, y?.value ?? NaN, fn));
    const dependsOnParam = x.dependsOnParam || (y?.dependsOnParam ?? false);
    return this.tape.push({ op, a, b, value: 0, fn, dependsOnParam }) - 1;
  }

  private name(node: Extract<ExprNode, { kind: 'name' }>): number {
    const { name } = node;
    // A backticked name always reads a column: whether the file has it is known only at fit time (tableInputs).
    if (!node.quoted) {
      if (Object.hasOwn(CONSTANTS, name)) return this.constant(CONSTANTS[name]);
      if (isFunctionName(name)) this.fail(`${name} is a function: write ${name}(…)`, node.start);
      if (NOT_INPUTS.has(name)) this.fail(`${name} is not a law input (the fitted target is the loss column)`, node.start);
      if (Object.hasOwn(this.fixed, name)) return this.constant(this.fixed[name]);
    }
    const isInput = node.quoted || this.isVariable(name);
    const names = isInput ? this.variables : this.params;
    return this.leaf(`${isInput ? 'v' : 'p'}${name}`, () => ({
      op: isInput ? OP.VAR : OP.PARAM,
      a: -1,
      b: -1,
      value: names.push(name) - 1,
      dependsOnParam: !isInput,
    }));
  }

  private call(node: Extract<ExprNode, { kind: 'call' }>): number {
    if (!isFunctionName(node.name)) {
      const hint = didYouMean(node.name, Object.keys(FUNCTIONS)) || ` (write ${node.name} * (…) to multiply)`;
      this.fail(`Unknown function ${node.name}${hint}`, node.start);
    }
    const spec = FUNCTIONS[node.name];
    if (node.args.length !== spec.arity) {
      this.fail(`${node.name} takes ${spec.arity} argument${spec.arity > 1 ? 's' : ''}, got ${node.args.length}`, node.start);
    }
    const [a, b] = node.args.map((arg) => this.compile(arg));
    if (spec.arity === 1) return this.emit(OP.FN, a, -1, spec);
    return this.emit(BINARY_OPCODES[node.name] as Opcode, a, b);
  }

  compile(node: ExprNode): number {
    switch (node.kind) {
      case 'number':
        return this.constant(node.value);
      case 'string':
        return this.fail('Text is not allowed in a formula', node.start);
      case 'name':
        return this.name(node);
      case 'call':
        return this.call(node);
      case 'unary': {
        if (node.op === 'not') this.fail('"not" is not allowed in a formula', node.start);
        const a = this.compile(node.argument);
        return node.op === '-' ? this.emit(OP.NEG, a, -1) : a;
      }
      case 'binary': {
        const opcode = BINARY_OPCODES[node.op];
        if (opcode === undefined) this.fail(`"${node.op}" is not allowed in a formula (only + - * / ^ and functions)`, node.opStart);
        return this.emit(opcode, this.compile(node.left), this.compile(node.right));
      }
    }
  }
}

/** Row-vector buffers for one row count, reused across calls (fits evaluate the same n many times). */
interface Buffers {
  n: number;
  values: Float64Array[];
  adjoints: Float64Array[];
}

function forward(tape: Instruction[], values: Float64Array[], n: number, p: ArrayLike<number>): void {
  for (let t = 0; t < tape.length; t++) {
    const { op, a, b, fn } = tape[t];
    const v = values[t];
    const x = a >= 0 ? values[a] : v;
    const y = b >= 0 ? values[b] : v;
    switch (op) {
      case OP.CONST:
      case OP.VAR:
        break;
      case OP.PARAM:
        v.fill(p[tape[t].value]);
        break;
      case OP.NEG:
        for (let i = 0; i < n; i++) v[i] = -x[i];
        break;
      case OP.ADD:
        for (let i = 0; i < n; i++) v[i] = x[i] + y[i];
        break;
      case OP.SUB:
        for (let i = 0; i < n; i++) v[i] = x[i] - y[i];
        break;
      case OP.MUL:
        for (let i = 0; i < n; i++) v[i] = x[i] * y[i];
        break;
      case OP.DIV:
        for (let i = 0; i < n; i++) v[i] = x[i] / y[i];
        break;
      case OP.POW:
        for (let i = 0; i < n; i++) v[i] = Math.pow(x[i], y[i]);
        break;
      case OP.MIN:
        for (let i = 0; i < n; i++) v[i] = Math.min(x[i], y[i]);
        break;
      case OP.MAX:
        for (let i = 0; i < n; i++) v[i] = Math.max(x[i], y[i]);
        break;
      case OP.FN: {
        const apply = (fn as UnaryFunction).apply;
        for (let i = 0; i < n; i++) v[i] = apply(x[i]);
        break;
      }
    }
  }
}

/** Reverse sweep: adjoints[t][i] = ∂ŷ_i/∂(slot t)_i for every slot that depends on a parameter. */
function backward(tape: Instruction[], values: Float64Array[], adjoints: Float64Array[], n: number, root: number): void {
  for (let t = 0; t <= root; t++) if (tape[t].dependsOnParam) adjoints[t].fill(0);
  adjoints[root].fill(1);
  for (let t = root; t >= 0; t--) {
    const { op, a, b, fn, dependsOnParam } = tape[t];
    if (!dependsOnParam || op === OP.PARAM) continue;
    const g = adjoints[t];
    const v = values[t];
    const x = values[a];
    const y = b >= 0 ? values[b] : x;
    const ga = tape[a].dependsOnParam ? adjoints[a] : undefined;
    const gb = b >= 0 && tape[b].dependsOnParam ? adjoints[b] : undefined;
    switch (op) {
      case OP.NEG:
        if (ga) for (let i = 0; i < n; i++) ga[i] -= g[i];
        break;
      case OP.ADD:
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i];
        if (gb) for (let i = 0; i < n; i++) gb[i] += g[i];
        break;
      case OP.SUB:
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i];
        if (gb) for (let i = 0; i < n; i++) gb[i] -= g[i];
        break;
      case OP.MUL:
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i] * y[i];
        if (gb) for (let i = 0; i < n; i++) gb[i] += g[i] * x[i];
        break;
      case OP.DIV:
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i] / y[i];
        if (gb) for (let i = 0; i < n; i++) gb[i] -= (g[i] * v[i]) / y[i];
        break;
      case OP.POW:
        // y·x^(y−1) = y·v/x saves a pow per row; x = 0 needs the pow.
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i] * y[i] * (x[i] !== 0 ? v[i] / x[i] : Math.pow(x[i], y[i] - 1));
        // x^y·ln x → 0 as x → 0 (y > 0); without the guard 0·(−∞) would poison the Jacobian.
        if (gb) for (let i = 0; i < n; i++) gb[i] += v[i] === 0 ? 0 : g[i] * v[i] * Math.log(x[i]);
        break;
      case OP.MIN:
      case OP.MAX: {
        const takesA = op === OP.MIN ? (i: number) => x[i] <= y[i] : (i: number) => x[i] >= y[i];
        for (let i = 0; i < n; i++) {
          if (takesA(i)) {
            if (ga) ga[i] += g[i];
          } else if (gb) gb[i] += g[i];
        }
        break;
      }
      case OP.FN: {
        const derivative = (fn as UnaryFunction).derivative;
        if (ga) for (let i = 0; i < n; i++) ga[i] += g[i] * derivative(x[i], v[i]);
        break;
      }
    }
  }
}

function makeEvaluator(
  tape: Instruction[],
  root: number,
  variables: string[],
  params: string[],
): CompiledFormula['evaluate'] {
  const k = params.length;
  const paramSlots = new Int32Array(k).fill(-1);
  tape.forEach((ins, t) => {
    if (ins.op === OP.PARAM) paramSlots[ins.value] = t;
  });
  let buffers: Buffers | undefined;

  const ensureBuffers = (n: number): Buffers => {
    if (buffers?.n === n) return buffers;
    const values = tape.map((ins) => new Float64Array(ins.op === OP.VAR ? 0 : n));
    tape.forEach((ins, t) => {
      if (ins.op === OP.CONST) values[t].fill(ins.value);
    });
    const adjoints = tape.map((ins) => new Float64Array(ins.dependsOnParam ? n : 0));
    buffers = { n, values, adjoints };
    return buffers;
  };

  return (inputs, p, out, jac) => {
    const n = out.length;
    if (p.length < k) throw new UserError(`expected ${k} parameter values (${params.join(', ')}), got ${p.length}`, 'bad-params');
    const { values, adjoints } = ensureBuffers(n);
    tape.forEach((ins, t) => {
      if (ins.op !== OP.VAR) return;
      const name = variables[ins.value];
      const column = ownEntry(inputs, name);
      if (!column) throw new UserError(`the formula needs ${name} (map a column with --map ${name}=COLUMN)`, 'missing-role');
      if (column.length < n) throw new UserError(`${name} has ${plural(column.length, 'value')}, expected ${n}`, 'bad-inputs');
      values[t] = column;
    });
    forward(tape, values, n, p);
    out.set(values[root].subarray(0, n));
    if (!jac) return;
    jac.fill(0, 0, n * k);
    if (!tape[root].dependsOnParam) return;
    backward(tape, values, adjoints, n, root);
    for (let j = 0; j < k; j++) {
      const adjoint = adjoints[paramSlots[j]];
      for (let i = 0; i < n; i++) jac[i * k + j] = adjoint[i];
    }
  };
}

/** Compile a parsed formula with `fixed` parameters replaced by their values (custom-law `name = value`). */
export function compileParsedFormula(
  source: string,
  ast: ExprNode,
  isVariable: (name: string) => boolean,
  fixed: Record<string, number> = {},
): CompiledFormula {
  const builder = new TapeBuilder(source, isVariable, fixed);
  const root = builder.compile(ast);
  const { tape, variables, params } = builder;
  return { source, variables, params, latex: latexOf(ast), evaluate: makeEvaluator(tape, root, variables, params) };
}

/**
 * Compile a formula: names that `isVariable` accepts (roles, `x`, column names) are inputs, every other
 * identifier is a parameter; `pi` is the only constant. Throws ExprError with the position.
 */
export function compileFormula(source: string, isVariable: (name: string) => boolean): CompiledFormula {
  return compileParsedFormula(source, parseExpression(source), isVariable);
}
