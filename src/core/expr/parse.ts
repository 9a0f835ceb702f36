import jsep from 'jsep';
import { parseNumber } from '../runlog/numbers';
import { ExprError } from './errors';
import { didYouMean } from '../didYouMean';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from '../limits';

/**
 * One grammar for filters and formulas, parsed by jsep and then checked by each use:
 *
 *   or  ||          (loosest)
 *   and &&
 *   not !           (Python-like: `not a == b` is `not (a == b)`)
 *   == != < <= > >= (also ≠ ≤ ≥)
 *   + -             (also −)
 *   * /             (also × ·)
 *   unary - +       (`-x^2` is −(x²))
 *   ^ **            (right-associative: 2^3^2 = 512; `2^-x` works)
 *   numbers (1e9, 7B, 1.4T, 70M, 2.8bn; suffixes k m b bn t in either case), 'strings', "strings", names, `quoted column names`, f(args), (…)
 *
 * jsep is configured globally (its operator tables are static); nothing else in the project uses it.
 * Tokens are read by our own `gobble-token` hook so that every node carries its source span (for
 * error carets), numbers may carry unit suffixes, and unary operators get the precedence above;
 * jsep still does the binary-operator precedence, strings, argument lists and most syntax errors.
 */

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '^';
export type UnaryOp = '-' | '+' | 'not';

interface Span {
  /** 0-based offsets into the source: [start, end). */
  start: number;
  end: number;
}

export type ExprNode =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'name'; name: string; quoted: boolean })
  | (Span & { kind: 'unary'; op: UnaryOp; argument: ExprNode })
  | (Span & { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode; opStart: number })
  | (Span & { kind: 'call'; name: string; args: ExprNode[] });

/** Spelling → [operator, precedence, right-associative]. */
const BINARY_SPELLINGS: Record<string, [BinaryOp, number, boolean]> = {
  or: ['or', 1, false],
  '||': ['or', 1, false],
  and: ['and', 2, false],
  '&&': ['and', 2, false],
  '==': ['==', 6, false],
  '!=': ['!=', 6, false],
  '≠': ['!=', 6, false],
  '<': ['<', 7, false],
  '<=': ['<=', 7, false],
  '≤': ['<=', 7, false],
  '>': ['>', 7, false],
  '>=': ['>=', 7, false],
  '≥': ['>=', 7, false],
  '+': ['+', 9, false],
  '-': ['-', 9, false],
  '−': ['-', 9, false],
  '*': ['*', 10, false],
  '×': ['*', 10, false],
  '·': ['*', 10, false],
  '/': ['/', 10, false],
  '^': ['^', 11, true],
  '**': ['^', 11, true],
};

/** `not` binds looser than comparisons and tighter than `and`. */
const NOT_OPERAND_PRECEDENCE = 3;

const NUMBER_PATTERN = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Count suffixes as run logs write them (7B, 1.4T, 70M, 2.8bn); parseNumber gives their value. */
const SUFFIX_PATTERN = /(?:bn|[kmbt])/iy;

type Scope = jsep.HookScope;
/** A jsep node plus the span our hook records. */
type RawNode = jsep.Expression & { start?: number; end?: number; quoted?: boolean };

function isIdentifierStart(ch: string): boolean {
  return /^[A-Za-z_]$/.test(ch) || (ch.charCodeAt(0) >= 128 && !Object.hasOwn(BINARY_SPELLINGS, ch) && ch !== '−');
}

function isIdentifierPart(ch: string): boolean {
  return ch !== '' && (isIdentifierStart(ch) || (ch >= '0' && ch <= '9'));
}

function atWord(s: Scope, word: string): boolean {
  return s.expr.startsWith(word, s.index) && !isIdentifierPart(s.expr.charAt(s.index + word.length));
}

function fail(s: Scope, at: number, message: string): never {
  s.index = at;
  return s.throwError(message);
}

function numberToken(s: Scope): RawNode {
  const start = s.index;
  NUMBER_PATTERN.lastIndex = start;
  const match = NUMBER_PATTERN.exec(s.expr);
  if (!match) return fail(s, start, 'Unexpected "."');
  s.index = start + match[0].length;
  SUFFIX_PATTERN.lastIndex = s.index;
  const suffix = SUFFIX_PATTERN.exec(s.expr);
  if (suffix && !isIdentifierPart(s.expr.charAt(s.index + suffix[0].length))) s.index += suffix[0].length;
  if (s.char === 'e' || s.char === 'E') fail(s, s.index, 'Malformed number: the exponent needs digits (1e9)');
  if (isIdentifierPart(s.char) || s.char === '.') {
    const text = s.expr.slice(start, s.index);
    fail(s, s.index, `Missing operator after ${text} (implicit multiplication is not supported: write ${text} * …)`);
  }
  const raw = s.expr.slice(start, s.index);
  const value = parseNumber(raw);
  if (value === undefined) return fail(s, start, `Number out of range: ${raw}`);
  return { type: 'Literal', value, raw, start, end: s.index };
}

function backtickName(s: Scope): RawNode {
  const start = s.index;
  const close = s.expr.indexOf('`', start + 1);
  if (close < 0) return fail(s, start, 'Unclosed ` (a quoted column name needs a closing backtick)');
  const name = s.expr.slice(start + 1, close).trim();
  if (!name) return fail(s, start, 'Empty column name in backticks');
  s.index = close + 1;
  return { type: 'Identifier', name, quoted: true, start, end: s.index };
}

function group(s: Scope): RawNode {
  const start = s.index;
  const inner = s.gobbleGroup() as RawNode | false;
  if (!inner) return fail(s, start, 'Empty parentheses');
  return Object.assign(inner, { start, end: s.index });
}

function binaryNode(operator: string, left: RawNode, right: RawNode): RawNode {
  return { type: 'BinaryExpression', operator, left, right, start: left.start, end: right.end };
}

function operand(s: Scope, after: string): RawNode {
  const at = s.index;
  const node = s.gobbleToken() as RawNode | false;
  return node || fail(s, at, `Expected an operand after "${after}"`);
}

/** jsep's typings say Expression; it returns the operator's spelling or false. */
function nextBinaryOp(s: Scope): string | false {
  return s.gobbleBinaryOp() as unknown as string | false;
}

/** The operand of a unary sign: a token and any `^` chain, so that `-x^2` is −(x²). */
function powerChain(s: Scope, after: string): RawNode {
  const base = operand(s, after);
  const save = s.index;
  const op = nextBinaryOp(s);
  if (op && BINARY_SPELLINGS[op][0] === '^') return binaryNode(op, base, powerChain(s, op));
  s.index = save;
  return base;
}

/** Precedence climbing over jsep's tokens, for the operand of `not` (stops at `and`/`or`). */
function climb(s: Scope, minPrecedence: number, after: string): RawNode {
  let left = operand(s, after);
  for (;;) {
    const save = s.index;
    const op = nextBinaryOp(s);
    const spec = op ? BINARY_SPELLINGS[op] : undefined;
    if (!op || !spec || spec[1] < minPrecedence) {
      s.index = save;
      return left;
    }
    left = binaryNode(op, left, climb(s, spec[2] ? spec[1] : spec[1] + 1, op));
  }
}

function nameOrCall(s: Scope): RawNode {
  const start = s.index;
  const id = s.gobbleIdentifier() as RawNode;
  const end = s.index;
  s.gobbleSpaces();
  if (s.char === '(') {
    s.index++;
    const args = s.gobbleArguments(41 /* ) */) as unknown as RawNode[];
    const callee: RawNode = { type: 'Identifier', name: id.name, start, end };
    return { type: 'CallExpression', callee, arguments: args, start, end: s.index };
  }
  if (s.char === '.' && end === s.index) {
    return fail(s, start, `A column name with "." must be quoted with backticks: \`${id.name as string}.…\``);
  }
  s.index = end;
  return { type: 'Identifier', name: id.name, quoted: false, start, end };
}

function readToken(s: Scope): RawNode | undefined {
  const ch = s.char;
  // Leave the end of input and closers to jsep: it knows which token it was waiting for.
  if (ch === '' || ch === ')' || ch === ',' || ch === ';') return undefined;
  const start = s.index;
  if ((ch >= '0' && ch <= '9') || ch === '.') return numberToken(s);
  if (ch === '`') return backtickName(s);
  if (ch === '"' || ch === "'") return Object.assign(s.gobbleStringLiteral() as RawNode, { start, end: s.index });
  if (ch === '(') return group(s);
  if (ch === '-' || ch === '−' || ch === '+') {
    s.index++;
    const argument = powerChain(s, ch);
    return { type: 'UnaryExpression', operator: ch === '+' ? '+' : '-', argument, prefix: true, start, end: argument.end };
  }
  if (ch === '!' || atWord(s, 'not')) {
    s.index += ch === '!' ? 1 : 3;
    const argument = climb(s, NOT_OPERAND_PRECEDENCE, ch === '!' ? '!' : 'not');
    return { type: 'UnaryExpression', operator: 'not', argument, prefix: true, start, end: argument.end };
  }
  if (atWord(s, 'and') || atWord(s, 'or')) {
    // jsep does not take a word operator at the very end of the input, so `x and` arrives here.
    const word = atWord(s, 'or') ? 'or' : 'and';
    const trailing = s.expr.slice(start + word.length).trim() === '';
    return fail(s, trailing ? s.expr.length : start, `Expected an operand ${trailing ? 'after' : 'before'} "${word}"`);
  }
  if (isIdentifierStart(ch)) return nameOrCall(s);
  if (ch === '=') return fail(s, start, 'Unexpected "=" (compare with ==)');
  return fail(s, start, `Unexpected "${ch}"`);
}

jsep.removeAllBinaryOps();
jsep.removeAllUnaryOps();
jsep.removeAllLiterals();
jsep.removeIdentifierChar('$');
for (const [spelling, [, precedence, right]] of Object.entries(BINARY_SPELLINGS)) {
  jsep.addBinaryOp(spelling, precedence, right);
}
jsep.plugins.register({
  name: 'scaling-laws-expr',
  init() {
    jsep.hooks.add('gobble-token', function gobbleToken(env) {
      const node = readToken(this);
      if (node) env.node = node;
    });
    // Registered first so it pre-empts jsep's built-in ternary plugin.
    jsep.hooks.add(
      'after-expression',
      function noTernary(env) {
        if (env.node && this.char === '?') this.throwError('Unexpected "?" (conditional expressions are not supported)');
      },
      true,
    );
  },
});

/** jsep's own binary nodes carry no span: theirs runs from the leftmost to the rightmost token (a loop: chains are long). */
function spanOf(raw: RawNode): Span {
  let first = raw;
  while (first.start === undefined && first.type === 'BinaryExpression') first = first.left as RawNode;
  let last = raw;
  while (last.end === undefined && last.type === 'BinaryExpression') last = last.right as RawNode;
  return { start: first.start ?? 0, end: last.end ?? 0 };
}

function rawChildren(raw: RawNode): RawNode[] {
  switch (raw.type) {
    case 'UnaryExpression':
      return [raw.argument as RawNode];
    case 'BinaryExpression':
      return [raw.left as RawNode, raw.right as RawNode];
    case 'CallExpression':
      return raw.arguments as RawNode[];
    case 'Compound':
      return raw.body as RawNode[];
    case 'SequenceExpression':
      return raw.expressions as RawNode[];
    default:
      return [];
  }
}

/**
 * Reject a tree deeper than MAX_EXPRESSION_DEPTH before anything recurses over it (convert, the
 * compilers, LaTeX, the filter closures). Iterative, so any depth jsep can build is measured safely.
 */
function checkDepth(root: RawNode, source: string): void {
  const stack: Array<[RawNode, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [RawNode, number];
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ExprError(
        `Expression is too complex: more than ${MAX_EXPRESSION_DEPTH} nested operations (each operator of a chain such as a + b + … counts); split it up`,
        spanOf(node).start,
        source,
      );
    }
    for (const child of rawChildren(node)) stack.push([child, depth + 1]);
  }
}

function firstNonSpace(source: string, from: number): number {
  let i = from;
  while (i < source.length && /\s/.test(source[i])) i++;
  return i;
}

/** A quoted piece of the source in a message: the caret excerpt already shows where it is. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Two expressions side by side (`A N`, `N >= 1 annd x`, `(a, b)`): say which operator is missing. */
function juxtapositionError(nodes: RawNode[], source: string): ExprError {
  const first = spanOf(nodes[0]);
  const second = spanOf(nodes[1]);
  const between = source.slice(first.end, second.start);
  const separator = between.search(/[,;]/);
  if (separator >= 0) return new ExprError(`Unexpected "${between[separator]}"`, first.end + separator, source);
  const next = nodes[1];
  const word = next.type === 'Identifier' && !next.quoted ? (next.name as string) : '';
  const hint = word ? didYouMean(word, ['and', 'or', 'not']) : '';
  return new ExprError(
    `Missing operator before "${clip(source.slice(second.start, second.end))}"${hint || ' (implicit multiplication is not supported: write *)'}`,
    second.start,
    source,
  );
}

/** Recursive, but over a tree checkDepth has bounded. */
function convert(raw: RawNode, source: string): ExprNode {
  // A binary node of jsep's own takes its span from its converted operands (spanOf per node is quadratic).
  const { start, end } = raw.type === 'BinaryExpression' ? { start: raw.start ?? -1, end: raw.end ?? -1 } : spanOf(raw);
  switch (raw.type) {
    case 'Literal':
      if (typeof raw.value === 'number') return { kind: 'number', value: raw.value, start, end };
      if (typeof raw.value === 'string') return { kind: 'string', value: raw.value, start, end };
      break;
    case 'Identifier':
      return { kind: 'name', name: raw.name as string, quoted: raw.quoted === true, start, end };
    case 'UnaryExpression':
      return { kind: 'unary', op: raw.operator as UnaryOp, argument: convert(raw.argument as RawNode, source), start, end };
    case 'BinaryExpression': {
      const left = convert(raw.left as RawNode, source);
      const right = convert(raw.right as RawNode, source);
      const op = BINARY_SPELLINGS[raw.operator as string][0];
      const span = { start: start < 0 ? left.start : start, end: end < 0 ? right.end : end };
      return { kind: 'binary', op, left, right, ...span, opStart: firstNonSpace(source, left.end) };
    }
    case 'CallExpression': {
      const callee = raw.callee as RawNode;
      const rawArgs = raw.arguments as RawNode[];
      // jsep also accepts space-separated arguments (`f(a b)`); we want the comma.
      for (let i = 1; i < rawArgs.length; i++) {
        if (!source.slice(spanOf(rawArgs[i - 1]).end, spanOf(rawArgs[i]).start).includes(',')) {
          throw juxtapositionError([rawArgs[i - 1], rawArgs[i]], source);
        }
      }
      const args = rawArgs.map((arg) => convert(arg, source));
      return { kind: 'call', name: callee.name as string, args, start, end };
    }
    case 'Compound':
      throw (raw.body as RawNode[]).length === 0
        ? new ExprError('Empty expression', source.length, source)
        : juxtapositionError(raw.body as RawNode[], source);
    case 'SequenceExpression':
      throw juxtapositionError(raw.expressions as RawNode[], source);
  }
  throw new ExprError('Unsupported syntax', start, source);
}

/** Parse `source` into a span-annotated AST. Throws ExprError (never anything else). */
export function parseExpression(source: string): ExprNode {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExprError(
      `Expression is too long: ${source.length} characters (at most ${MAX_EXPRESSION_LENGTH})`,
      MAX_EXPRESSION_LENGTH,
      source,
    );
  }
  let raw: RawNode;
  try {
    raw = jsep(source) as RawNode;
  } catch (error) {
    if (error instanceof ExprError) throw error;
    if (error instanceof RangeError) throw new ExprError('Expression is too deeply nested', 0, source);
    const { index, description } = error as { index?: number; description?: string };
    const message = description ?? (error instanceof Error ? error.message : String(error));
    throw new ExprError(message.charAt(0).toUpperCase() + message.slice(1), index ?? 0, source);
  }
  checkDepth(raw, source);
  return convert(raw, source);
}

/** The operands of a node, left to right (for walks that must not recurse: see classify in customLaw.ts). */
export function childrenOf(node: ExprNode): readonly ExprNode[] {
  switch (node.kind) {
    case 'unary':
      return [node.argument];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
    default:
      return [];
  }
}
