import { formatNumber } from '../format';
import { nameTable } from '../nameTable';
import { ExprError } from './errors';
import { didYouMean } from '../didYouMean';
import { compileParsedFormula, type CompiledFormula } from './formula';
import { MAX_LAW_LENGTH } from '../limits';
import { childrenOf, parseExpression, type ExprNode } from './parse';

/**
 * `--law "E + A/N^alpha + B/D^beta; alpha in [0, 1]; E ~ 1.7; beta = 0.3"`: a formula, then optional
 * `;`-separated clauses giving bounds (`in [lo, hi]`), a starting value (`~`) or a fixed value (`=`).
 * An optional target on the left (`L = …`, `y = …`) is accepted and ignored.
 */

/**
 * How a parameter is used, which decides its default bounds:
 * - `exponent`: appears in an exponent (`N^alpha`, `N^(-alpha)`, `pow(x, a)`) → [0, 2]; write the minus
 *   sign explicitly (`A*N^(-alpha)`), or give bounds such as `b in [-2, 2]`.
 * - `offset`: a bare term of the top-level sum (`E` in `E + A/N^alpha`) → [0, 10] (losses in nats,
 *   error rates and accuracies all lie inside).
 * - `scale`: everything else (coefficients A, B, scales N_c) → [1e-3, 1e15], searched in log space.
 */
export type ParamKind = 'exponent' | 'offset' | 'scale';

export const DEFAULT_BOUNDS: Readonly<Record<ParamKind, [number, number]>> = {
  exponent: [0, 2],
  offset: [0, 10],
  scale: [1e-3, 1e15],
};

export interface CustomLawSpec {
  /** The formula with fixed parameters substituted: `formula.params` are the free parameters. */
  formula: CompiledFormula;
  /** Bounds of every free parameter: the user's, else the default for its kind. */
  bounds: Record<string, [number, number]>;
  /** Which bounds the user gave (the others are defaults). */
  userBounds: string[];
  kinds: Record<string, ParamKind>;
  init: Record<string, number>;
  fixed: Record<string, number>;
}

const NAME = String.raw`[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*`;
const TARGET_PREFIX = new RegExp(String.raw`^\s*${NAME}\s*=(?!=)`);
const BOUNDS_CLAUSE = new RegExp(String.raw`^(\s*)(${NAME})(\s+in\s*)[\[(]([^,]*),([^\])]*)[\])]\s*$`);
const VALUE_CLAUSE = new RegExp(String.raw`^(\s*)(${NAME})(\s*)([~=])(.*)$`);

interface Clause {
  name: string;
  at: number;
}

class ClauseReader {
  readonly bounds = nameTable<[number, number]>();
  readonly init = nameTable<number>();
  readonly fixed = nameTable<number>();
  /** Parameter → which clause named it and where (for conflicts and later messages). */
  readonly seen = new Map<string, { what: string; at: number }>();

  constructor(
    private readonly text: string,
    private readonly formula: CompiledFormula,
  ) {}

  private fail(message: string, at: number): never {
    throw new ExprError(message, at, this.text);
  }

  /** A clause value is a constant expression (`1e-3`, `-0.5`, `2^10`, `7B`). */
  private constant(source: string, at: number): number {
    let value: CompiledFormula;
    try {
      value = compileParsedFormula(source, parseExpression(source), () => false);
    } catch (error) {
      if (error instanceof ExprError) this.fail(error.detail, at + error.position);
      throw error;
    }
    if (value.params.length) this.fail(`Expected a number, found ${value.params[0]}`, at + source.search(/\S/));
    const out = new Float64Array(1);
    value.evaluate({}, [], out);
    if (!Number.isFinite(out[0])) this.fail('Expected a finite number', at + source.search(/\S/));
    return out[0];
  }

  private parameter(clause: Clause, what: string): string {
    const { name, at } = clause;
    if (this.formula.variables.includes(name)) this.fail(`${name} is an input of the formula, not a parameter`, at);
    if (!this.formula.params.includes(name)) {
      this.fail(`${name} is not a parameter of the formula${didYouMean(name, this.formula.params)}`, at);
    }
    const earlier = this.seen.get(name)?.what;
    const conflict = earlier === what || earlier === 'fixed' || (what === 'fixed' && earlier !== undefined);
    if (conflict) this.fail(`${name} already has a ${earlier} clause`, at);
    this.seen.set(name, { what, at });
    return name;
  }

  read(clause: string, offset: number): void {
    if (!clause.trim()) return;
    const bounds = BOUNDS_CLAUSE.exec(clause);
    if (bounds) {
      const [, space, name, keyword, lo, hi] = bounds;
      const at = offset + space.length;
      const loAt = at + name.length + keyword.length + 1;
      const range: [number, number] = [this.constant(lo, loAt), this.constant(hi, loAt + lo.length + 1)];
      if (!(range[0] < range[1])) this.fail(`Empty bounds for ${name}: the lower bound must be below the upper`, loAt);
      this.bounds[this.parameter({ name, at }, 'bounds')] = range;
      return;
    }
    const value = VALUE_CLAUSE.exec(clause);
    if (value) {
      const [, space, name, gap, sign, rest] = value;
      const at = offset + space.length;
      const number = this.constant(rest, at + name.length + gap.length + 1);
      if (sign === '=') this.fixed[this.parameter({ name, at }, 'fixed')] = number;
      else this.init[this.parameter({ name, at }, 'starting value')] = number;
      return;
    }
    this.fail('Expected a clause such as `alpha in [0, 2]`, `E ~ 1.7` or `beta = 0.3`', offset + clause.search(/\S/));
  }
}

/**
 * Parameters in an exponent, and bare terms of the top-level sum (see ParamKind). One pass that carries
 * "inside an exponent" down the tree, so a `^` chain costs linear time (re-walking every exponent
 * subtree was cubic: 1,000 chained powers took seconds).
 */
function classify(ast: ExprNode, params: readonly string[]): Record<string, ParamKind> {
  const exponents = new Set<string>();
  const stack: Array<[ExprNode, boolean]> = [[ast, false]];
  while (stack.length) {
    const [node, inExponent] = stack.pop() as [ExprNode, boolean];
    if (node.kind === 'name' && !node.quoted && inExponent) exponents.add(node.name);
    const children = childrenOf(node);
    const exponent = node.kind === 'binary' && node.op === '^' ? node.right : node.kind === 'call' && node.name === 'pow' ? node.args[1] : undefined;
    for (const child of children) stack.push([child, inExponent || child === exponent]);
  }
  const offsets = new Set<string>();
  const terms = [ast];
  while (terms.length) {
    const term = terms.pop() as ExprNode;
    if (term.kind === 'binary' && (term.op === '+' || term.op === '-')) terms.push(term.left, term.right);
    else if (term.kind === 'name' && !term.quoted) offsets.add(term.name);
  }
  const kinds = nameTable<ParamKind>();
  for (const name of params) kinds[name] = exponents.has(name) ? 'exponent' : offsets.has(name) ? 'offset' : 'scale';
  return kinds;
}

/** Split `formula; clause; clause` keeping each piece's offset in the full text. */
function pieces(text: string): Array<{ piece: string; offset: number }> {
  const result: Array<{ piece: string; offset: number }> = [];
  let offset = 0;
  for (const piece of text.split(';')) {
    result.push({ piece, offset });
    offset += piece.length + 1;
  }
  return result;
}

/**
 * Parse a custom law (formula plus clauses). Throws ExprError with the position in `text` for syntax
 * errors, unknown clause parameters, empty bounds, starting values outside the bounds, or a formula
 * without free parameters.
 */
export function parseCustomLaw(text: string, isVariable: (name: string) => boolean): CustomLawSpec {
  if (text.length > MAX_LAW_LENGTH) {
    throw new ExprError(`The formula is too long: ${text.length} characters (at most ${MAX_LAW_LENGTH})`, MAX_LAW_LENGTH, text);
  }
  const [head, ...clauses] = pieces(text);
  // Blank out a `L =` target so positions still index into `text`.
  const source = head.piece.replace(TARGET_PREFIX, (prefix) => ' '.repeat(prefix.length));
  let ast: ExprNode;
  let all: CompiledFormula;
  try {
    ast = parseExpression(source);
    all = compileParsedFormula(source, ast, isVariable);
  } catch (error) {
    if (error instanceof ExprError) throw new ExprError(error.detail, error.position, text);
    throw error;
  }
  const reader = new ClauseReader(text, all);
  for (const { piece, offset } of clauses) reader.read(piece, offset);
  const { fixed, init } = reader;

  const formula = compileParsedFormula(source.trim(), ast, isVariable, fixed);
  if (!formula.params.length) {
    throw new ExprError('The formula has no free parameters to fit', source.search(/\S/), text);
  }
  const kinds = classify(ast, formula.params);
  const bounds = nameTable<[number, number]>();
  for (const name of formula.params) bounds[name] = reader.bounds[name] ?? [...DEFAULT_BOUNDS[kinds[name]]];
  for (const [name, value] of Object.entries(init)) {
    const [lo, hi] = bounds[name];
    if (value < lo || value > hi) {
      throw new ExprError(
        `The starting value of ${name} lies outside its bounds [${formatNumber(lo)}, ${formatNumber(hi)}] (add \`${name} in [lo, hi]\`)`,
        reader.seen.get(name)?.at ?? 0,
        text,
      );
    }
  }
  return { formula, bounds, userBounds: Object.keys(reader.bounds), kinds, init, fixed };
}
