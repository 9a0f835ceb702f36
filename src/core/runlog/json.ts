/**
 * JSON run logs: JSONL (one record per line), a JSON array of records, a JSON object of arrays
 * (`{"N": [...], "loss": [...]}`), an object holding one array of records, and Hugging Face
 * `trainer_state.json` (`log_history`).
 */
import { MAX_JSON_DEPTH } from '../limits';
import { UserError } from '../types';
import { type DiagnosticList, quoteText } from './diagnostics';
import { plural } from '../format';


/** A leaf value of a record (numbers stay numbers). */
export type FlatValue = string | number | boolean | null;

/**
 * Visit a record's leaves with flattened `a.b` keys. Arrays keep their LAST element as the value: in run
 * logs an array is almost always a history (`valid_loss: [5.1, 4.2, 3.9]`), and the last entry is the
 * final value at the end of training. Flat records (the common case) take a loop without a stack.
 */
export function flattenRecord(
  record: Record<string, unknown>,
  line: number,
  diagnostics: DiagnosticList,
  visit: (key: string, value: FlatValue) => void,
): void {
  let tooDeep = false;
  for (const key in record) {
    const value = record[key];
    if (value === null || typeof value !== 'object') {
      if (typeof value !== 'undefined' && typeof value !== 'function') visit(key, value as FlatValue);
      continue;
    }
    const stack: Array<[string, unknown, number]> = [[key, value, 1]];
    while (stack.length > 0) {
      const [name, raw, depth] = stack.pop()!;
      let leaf = raw;
      while (Array.isArray(leaf)) leaf = leaf.length > 0 ? leaf[leaf.length - 1] : null;
      if (leaf === null || typeof leaf !== 'object') {
        visit(name, leaf as FlatValue);
      } else if (depth >= MAX_JSON_DEPTH) {
        tooDeep = true;
      } else {
        const nested = leaf as Record<string, unknown>;
        for (const k of Object.keys(nested).reverse()) stack.push([`${name}.${k}`, nested[k], depth + 1]);
      }
    }
  }
  if (tooDeep) {
    diagnostics.add({
      severity: 'warning',
      code: 'too-deep',
      line,
      message: `record nested deeper than ${MAX_JSON_DEPTH} levels: the deeper values were skipped`,
    });
  }
}

/**
 * A JSON value for a message, without JSON.stringify: stringify recurses, and an array nested 5,000
 * deep overflowed the stack; a long value would be echoed whole. Arrays are described by size and depth.
 */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    let depth = 1;
    let inner: unknown = value;
    while (Array.isArray(inner) && inner.length > 0 && Array.isArray(inner[0])) {
      inner = inner[0];
      depth++;
    }
    const items = plural(value.length, 'item');
    return depth > 1 ? `an array of ${items}, nested ${depth.toLocaleString('en-US')} levels deep` : `an array of ${items}`;
  }
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${quoteText(value)}`;
  return `${typeof value} ${quoteText(String(value))}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON document reduced to rows: records with their source lines, or column arrays. */
export type JsonTable =
  | { kind: 'records'; records: unknown[]; lines: number[]; trainerState: boolean; maxSteps?: number }
  | { kind: 'columns'; columns: Record<string, unknown[]>; line: number };

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Lines where the elements of one array start: the root array (`key` undefined) or the array under
 * a root key (`log_history`). A small scanner instead of a second parser: it only tracks strings and
 * nesting depth.
 */
export function arrayElementLines(text: string, key?: string): number[] {
  const lines: number[] = [];
  const targetDepth = key === undefined ? 1 : 2;
  let depth = 0;
  let line = 1;
  let inTarget = key === undefined;
  let lastString = '';
  let expectValue = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      continue;
    }
    if (ch === 34) {
      // a string: skip to its closing quote, remembering it when it may be a root key
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (depth === 1 && key !== undefined) lastString = text.slice(i + 1, j);
      if (inTarget && depth === targetDepth && expectValue) lines.push(line);
      expectValue = false;
      i = j;
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 13) continue;
    if (ch === 91 || ch === 123) {
      if (depth === 1 && key !== undefined && ch === 91) inTarget = lastString === key;
      if (inTarget && depth === targetDepth && expectValue) lines.push(line);
      depth++;
      expectValue = true;
    } else if (ch === 93 || ch === 125) {
      depth--;
      if (depth === 1 && key !== undefined) inTarget = false;
      expectValue = false;
    } else if (ch === 44 || ch === 58) {
      expectValue = true;
    } else {
      if (inTarget && depth === targetDepth && expectValue) lines.push(line);
      expectValue = false;
    }
  }
  return lines;
}

function columnsOf(value: Record<string, unknown>): Record<string, unknown[]> | undefined {
  const entries = Object.entries(value);
  const arrays = entries.filter(([, v]) => Array.isArray(v) && v.length > 0 && !isRecord(v[0]));
  if (arrays.length < 2 || arrays.length !== entries.length) return undefined;
  return Object.fromEntries(arrays) as Record<string, unknown[]>;
}

/** Parse a whole JSON document into a table shape, or explain why it is not one. */
export function readJsonDocument(text: string, diagnostics: DiagnosticList): JsonTable | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    diagnostics.add({
      severity: 'error',
      code: 'invalid-json',
      line: position ? lineAt(text, Number(position[1])) : undefined,
      message: `not valid JSON: ${message.slice(0, 200)}`,
    });
    return undefined;
  }
  if (Array.isArray(value)) return { kind: 'records', records: value, lines: arrayElementLines(text), trainerState: false };
  if (!isRecord(value)) {
    throw new UserError(`not a table: the JSON document is a ${value === null ? 'null' : typeof value}, not records or columns`, 'not-a-table');
  }
  if (Array.isArray(value.log_history)) {
    // max_steps is where the schedule ends (0 before training starts, or when the Trainer trains by epochs unknown to it).
    const maxSteps = typeof value.max_steps === 'number' && Number.isSafeInteger(value.max_steps) && value.max_steps > 0 ? value.max_steps : undefined;
    return { kind: 'records', records: value.log_history, lines: arrayElementLines(text, 'log_history'), trainerState: true, maxSteps };
  }
  const columns = columnsOf(value);
  if (columns) return { kind: 'columns', columns, line: 1 };
  const key = recordArrayKey(value);
  if (key !== undefined) return { kind: 'records', records: value[key] as unknown[], lines: arrayElementLines(text, key), trainerState: false };
  // A single object is one record (a one-run summary).
  return { kind: 'records', records: [value], lines: [lineAt(text, text.indexOf('{'))], trainerState: false };
}

/** The key of the one array of records in an object (`{"runs": [{…}, …]}`), if there is exactly one. */
function recordArrayKey(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value).filter((k) => Array.isArray(value[k]) && (value[k] as unknown[]).some(isRecord));
  return keys.length === 1 ? keys[0] : undefined;
}

/** Whether a one-line JSON object is really a whole document (trainer state, columns, a list of runs). */
export function looksLikeDocument(value: unknown): boolean {
  return isRecord(value) && (Array.isArray(value.log_history) || columnsOf(value) !== undefined || recordArrayKey(value) !== undefined);
}

export { isRecord };
