/**
 * Numbers as people write them in run logs: `7B`, `1.4T`, `70M`, `6e23`, `1,234,567`, `3.2e+21`,
 * quoted or not. Missing markers (`-`, `n/a`, `NA`, `null`, empty) are not errors: a row with inputs and
 * no loss is a planned run.
 */

/** How one cell reads: a finite number, missing, a NaN/inf literal, or text. */
export type Cell = number | 'missing' | 'nonfinite' | 'text';

const MISSING = new Set(['', '-', '—', 'n/a', 'na', 'null', 'none', 'nil']);
const NONFINITE = new Set(['nan', '-nan', '+nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Suffix multipliers as used for parameter/token counts (`70M`, `1.4T`, `2.8bn`). */
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, bn: 1e9, t: 1e12 };

const PLAIN = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
const WRITTEN = /^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d*)?(?:e([-+]?\d+))?\s*(k|m|bn|b|t)?$/i;
/**
 * Decimal-comma numbers (`3,6930`), only read that way in `;`-delimited files. A `.` is never taken as
 * a thousands separator there: `2.077` stays 2.077.
 */
const DECIMAL_COMMA = /^[-+]?\d+,\d+(?:e[-+]?\d+)?$/i;

function unquote(text: string): string {
  let t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) t = t.slice(1, -1).trim();
  return t;
}

/**
 * Classify and parse one cell. With `decimalComma`, `,` is the decimal mark (European spreadsheets
 * exporting with `;`).
 */
export function readCell(text: string, decimalComma = false): Cell {
  const plain = plainNumber(text);
  if (!Number.isNaN(plain)) return finite(plain);
  if (isWord(text)) return 'text';
  const t = unquote(text);
  if (t.length > 64) return 'text';
  const lower = t.toLowerCase();
  if (MISSING.has(lower)) return 'missing';
  if (NONFINITE.has(lower)) return 'nonfinite';
  if (decimalComma && DECIMAL_COMMA.test(t)) return finite(Number(t.replace(',', '.')));
  if (PLAIN.test(t)) return finite(Number(t));
  const m = WRITTEN.exec(t);
  if (!m) return 'text';
  const value = Number(`${m[1]}${m[2].replace(/,/g, '')}${m[3] ?? ''}${m[4] === undefined ? '' : `e${m[4]}`}`);
  return finite(m[5] === undefined ? value : value * SUFFIX[m[5].toLowerCase()]);
}

/**
 * Fast path for the common cell (`2.5800`, `-3e+21`): first and last characters are number characters
 * and there is no `0x`/`0b`/`0o` prefix that Number() would also accept. NaN when it is not that simple.
 */
function plainNumber(text: string): number {
  const n = text.length;
  if (n === 0) return NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  const numberStart = (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46;
  const numberEnd = (last >= 48 && last <= 57) || last === 46;
  if (!numberStart || !numberEnd) return NaN;
  const second = n > 1 ? text.charCodeAt(1) | 32 : 0;
  if (second === 120 || second === 98 || second === 111) return NaN;
  return Number(text);
}

/**
 * Fast path for labels (`run-17`, `OLMo-7B`, `c4`): a cell starting with a letter that cannot begin a
 * missing or NaN/inf marker (n…, i…) is text, without trimming or lower-casing it.
 */
function isWord(text: string): boolean {
  const c = text.charCodeAt(0) | 32;
  return c >= 97 && c <= 122 && c !== 110 && c !== 105;
}

/** `1e400` overflows to Infinity: that is a NaN/inf cell, not a number. */
function finite(value: number): Cell {
  return Number.isFinite(value) ? value : 'nonfinite';
}

/** A finite number, or undefined for missing, NaN/inf and text cells. */
export function parseNumber(text: string): number | undefined {
  const cell = readCell(text);
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : undefined;
}
