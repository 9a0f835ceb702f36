import { ROLES, type Column, type Role, type RunTable } from '../types';
import { ExprError } from './errors';
import { didYouMean } from '../didYouMean';
import { CONSTANTS, FUNCTIONS, isFunctionName } from './functions';
import { parseExpression, type BinaryOp, type ExprNode } from './parse';
import { excerpt } from '../quote';

/**
 * Row filters (`--where`, `--holdout`, notebook `where`/`holdout`): a boolean expression over roles and
 * columns compiled once into closures over the row index. Missing cells (NaN, empty text) make every
 * comparison false, including `!=`.
 */

type Typed =
  | { type: 'number'; at: (row: number) => number }
  | { type: 'text'; at: (row: number) => string | undefined }
  | { type: 'boolean'; at: (row: number) => boolean };

/** Numbers read from files and scaled to base units rarely match a literal bit for bit (1.4 * 1e9). */
const EQUALITY_TOLERANCE = 1e-9;

function numbersEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= EQUALITY_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

const NUMBER_COMPARISONS: Partial<Record<BinaryOp, (x: number, y: number) => boolean>> = {
  '==': numbersEqual,
  '!=': (x, y) => !Number.isNaN(x) && !Number.isNaN(y) && !numbersEqual(x, y),
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

const TYPE_NAMES = { number: 'a number', text: 'text', boolean: 'a condition' } as const;

class FilterCompiler {
  /** The columns the filter reads (a row missing a number in one of them cannot be decided). */
  readonly read = new Set<Column>();

  constructor(
    private readonly source: string,
    private readonly table: RunTable,
  ) {}

  private fail(message: string, position: number): never {
    throw new ExprError(message, position, this.source);
  }

  private findColumn(name: string): Column | undefined {
    const exact = this.table.columns.find((column) => column.name === name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    const folded = this.table.columns.filter((column) => column.name.toLowerCase() === lower);
    return folded.length === 1 ? folded[0] : undefined;
  }

  /** A role name (unquoted) reads the column bound to it; otherwise a column by name. */
  private resolve(node: Extract<ExprNode, { kind: 'name' }>): Column {
    const { name } = node;
    if (!node.quoted && (ROLES as readonly string[]).includes(name)) {
      const binding = this.table.roles[name as Role];
      const bound = binding && this.table.columns.find((column) => column.name === binding.column);
      if (bound) return bound;
    }
    const column = this.findColumn(name);
    if (column) return column;
    const candidates = [
      ...this.table.columns.map((c) => c.name),
      ...ROLES.filter((role) => this.table.roles[role] !== undefined),
    ];
    const unbound = (ROLES as readonly string[]).includes(name) && !node.quoted;
    this.fail(
      unbound
        ? `No column has the role ${name} (map one with --map ${name}=COLUMN)${didYouMean(name, candidates)}`
        : `Unknown column \`${excerpt(name)}\`${didYouMean(name, candidates)}`,
      node.start,
    );
  }

  private column(node: Extract<ExprNode, { kind: 'name' }>): Typed {
    if (!node.quoted && Object.hasOwn(CONSTANTS, node.name)) {
      const value = CONSTANTS[node.name];
      return { type: 'number', at: () => value };
    }
    if (!node.quoted && isFunctionName(node.name)) this.fail(`${node.name} is a function: write ${node.name}(…)`, node.start);
    const column = this.resolve(node);
    this.read.add(column);
    if (column.kind === 'string') {
      const text = column.text ?? [];
      return {
        type: 'text',
        at: (row) => {
          const cell = text[row]?.trim();
          return cell ? cell : undefined;
        },
      };
    }
    const values = column.values;
    return { type: 'number', at: (row) => values[row] };
  }

  private number(node: ExprNode): (row: number) => number {
    const typed = this.compile(node);
    if (typed.type !== 'number') this.fail(`Expected a number here, found ${TYPE_NAMES[typed.type]}`, node.start);
    return typed.at;
  }

  private condition(node: ExprNode): (row: number) => boolean {
    const typed = this.compile(node);
    if (typed.type !== 'boolean') {
      this.fail(`Expected a condition here (a comparison such as N >= 1e9), found ${TYPE_NAMES[typed.type]}`, node.start);
    }
    return typed.at;
  }

  private call(node: Extract<ExprNode, { kind: 'call' }>): Typed {
    if (!isFunctionName(node.name)) {
      this.fail(`Unknown function ${node.name}${didYouMean(node.name, Object.keys(FUNCTIONS))}`, node.start);
    }
    const spec = FUNCTIONS[node.name];
    if (node.args.length !== spec.arity) {
      this.fail(`${node.name} takes ${spec.arity} argument${spec.arity > 1 ? 's' : ''}, got ${node.args.length}`, node.start);
    }
    const [a, b] = node.args.map((arg) => this.number(arg));
    if (spec.arity === 1) return { type: 'number', at: (row) => spec.apply(a(row)) };
    return { type: 'number', at: (row) => spec.apply(a(row), b(row)) };
  }

  private comparison(node: Extract<ExprNode, { kind: 'binary' }>): Typed {
    const left = this.compile(node.left);
    const right = this.compile(node.right);
    const { op } = node;
    if (left.type === 'number' && right.type === 'number') {
      const [a, b] = [left.at, right.at];
      const test = NUMBER_COMPARISONS[op];
      if (!test) this.fail(`Unexpected operator ${op}`, node.opStart);
      return { type: 'boolean', at: (row) => test(a(row), b(row)) };
    }
    if (left.type === 'text' && right.type === 'text') {
      if (op !== '==' && op !== '!=') this.fail('Text can only be compared with == or !=', node.opStart);
      const [a, b] = [left.at, right.at];
      const equal = op === '==';
      return {
        type: 'boolean',
        at: (row) => {
          const x = a(row);
          const y = b(row);
          return x !== undefined && y !== undefined && (x === y) === equal;
        },
      };
    }
    const hint =
      left.type === 'text' || right.type === 'text' ? ' (put numbers that are text in quotes, e.g. group == \'1\')' : '';
    this.fail(`Cannot compare ${TYPE_NAMES[left.type]} with ${TYPE_NAMES[right.type]}${hint}`, node.opStart);
  }

  private binary(node: Extract<ExprNode, { kind: 'binary' }>): Typed {
    switch (node.op) {
      case 'and': {
        const [a, b] = [this.condition(node.left), this.condition(node.right)];
        return { type: 'boolean', at: (row) => a(row) && b(row) };
      }
      case 'or': {
        const [a, b] = [this.condition(node.left), this.condition(node.right)];
        return { type: 'boolean', at: (row) => a(row) || b(row) };
      }
      case '+':
      case '-':
      case '*':
      case '/':
      case '^': {
        const [a, b] = [this.number(node.left), this.number(node.right)];
        const arithmetic = {
          '+': (row: number) => a(row) + b(row),
          '-': (row: number) => a(row) - b(row),
          '*': (row: number) => a(row) * b(row),
          '/': (row: number) => a(row) / b(row),
          '^': (row: number) => a(row) ** b(row),
        };
        return { type: 'number', at: arithmetic[node.op] };
      }
      default:
        return this.comparison(node);
    }
  }

  compile(node: ExprNode): Typed {
    switch (node.kind) {
      case 'number': {
        const value = node.value;
        return { type: 'number', at: () => value };
      }
      case 'string': {
        const value = node.value.trim();
        return { type: 'text', at: () => value };
      }
      case 'name':
        return this.column(node);
      case 'call':
        return this.call(node);
      case 'unary': {
        if (node.op === 'not') {
          const a = this.condition(node.argument);
          return { type: 'boolean', at: (row) => !a(row) };
        }
        const a = this.number(node.argument);
        return node.op === '-' ? { type: 'number', at: (row) => -a(row) } : { type: 'number', at: a };
      }
      case 'binary':
        return this.binary(node);
    }
  }
}

/**
 * Compile a row filter against a table: `N >= 1e9 and loss < 3.2`, `dataset == 'rpj'`,
 * `` `eval/loss` < 3 ``. Role names read the column bound to that role (values in base units);
 * other names are columns (exact, then case-insensitive); backticks always mean a column.
 * Throws ExprError (with the position) for syntax, unknown names and type errors.
 */
export function compileFilter(source: string, table: RunTable): (row: number) => boolean {
  return compileFilterReading(source, table).test;
}

/** compileFilter, and the columns the filter reads. */
export function compileFilterReading(source: string, table: RunTable): { test: (row: number) => boolean; columns: Column[] } {
  const compiler = new FilterCompiler(source, table);
  const ast = parseExpression(source);
  const typed = compiler.compile(ast);
  if (typed.type !== 'boolean') {
    throw new ExprError(
      `A filter must be a condition, e.g. N >= 1e9 or dataset == 'rpj' (this is ${TYPE_NAMES[typed.type]})`,
      ast.start,
      source,
    );
  }
  return { test: typed.at, columns: [...compiler.read] };
}
