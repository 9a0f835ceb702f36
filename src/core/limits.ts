/**
 * Limits on untrusted input, in one place: how much of a file the reader keeps, how much of a text a
 * message quotes, which magnitudes the fits accept. Every bound exists so that any input gets an answer
 * in bounded time and memory; the values are generous for real run logs.
 */

/** Columns read from one file; the rest are counted and named in one diagnostic (a 1M-column header cost GBs). */
export const MAX_COLUMNS = 10_000;

/** Characters of a column name kept by the reader; a longer header cell is cut (with "…"). */
export const MAX_COLUMN_NAME_CHARS = 1_000;

/** Columns listed one per line in a human report (`inspect`); the rest are summarised in one line. */
export const MAX_REPORTED_COLUMNS = 200;

/** Characters of an input text quoted in a message (the rest is elided with its total length). */
export const MAX_QUOTED_CHARS = 200;

/** Characters of a name (column, file) shown in a table cell of a report. */
export const MAX_NAME_CHARS = 80;

/**
 * Object nesting flattened from a JSON record (`a.b.c`); deeper values are skipped with a diagnostic. The
 * reader never recurses over JSON (no JSON.stringify of input), so any depth gets an answer.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Largest magnitude a fitted quantity may have. Squares, products (C = 6ND) and sums of squares of values
 * near float64's 1.8e308 overflow to ∞; no real parameter, token or FLOP count comes near 1e300.
 */
export const MAX_MAGNITUDE = 1e300;

/** Smallest normal float64: below it (subnormals, 1e−320) values have lost precision and reciprocals overflow. */
export const MIN_NORMAL = 2 ** -1022;

/** Whether a finite value is within the range fits can work with (0 is in range; sign is checked elsewhere). */
export function inFittableRange(value: number): boolean {
  const abs = Math.abs(value);
  return abs === 0 || (abs >= MIN_NORMAL && abs <= MAX_MAGNITUDE);
}
