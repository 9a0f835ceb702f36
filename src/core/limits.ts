/**
 * Limits on untrusted input and on what a user may ask of the engine, in one place so the CLI, the
 * notebook spec, the settings (package.json) and the readers agree: how much of a file the reader keeps,
 * how much of a text a message quotes, which magnitudes the fits accept, how many resamples a fit may run.
 * Every bound exists so that any input gets an answer in bounded time and memory; a request outside them
 * is refused with a message, never silently clamped. The values are generous for real run logs.
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

/**
 * Most bootstrap resamples one fit may run: each is a full refit, so 10,000 is already minutes on a
 * large law, and beyond it a 95 % interval does not get meaningfully tighter. Also the maximum of the
 * `scalingLaws.bootstrap` setting in package.json (a unit test checks they agree).
 */
export const MAX_BOOTSTRAP = 10_000;

/** Largest EMA window of a learning curve's smoothed line, in rows: wider than any log we read whole. */
export const MAX_SMOOTH_WINDOW = 10_000_000;

/**
 * Largest seed: the bootstrap PRNG (solve/random.ts, mulberry32) has a 32-bit state, so every integer
 * 0 … 2³² − 1 is a distinct stream and anything larger would silently collide with a smaller seed.
 */
export const MAX_SEED = 0xffff_ffff;

/**
 * Files at most this large are read whole; larger ones are streamed (CLI, and local files in the
 * extension above its large-file setting). Also what the CLI streams above.
 */
export const STREAM_THRESHOLD_BYTES = 16 * 1024 * 1024;

/**
 * Largest file read whole into memory where streaming is impossible (a virtual file system, a fit JSON):
 * its decoded text must stay well inside V8's ~512 M-character string limit. Larger is refused.
 */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Parses a whole-number option written in decimal digits (`--bootstrap 200`, `--seed 7`): exponents,
 * fractions, signs and the empty string are refused rather than rounded, so `1e10` or `""` cannot
 * silently become something else. Returns the number, or a message saying what is accepted.
 */
export function parseWholeNumber(text: string, max: number): number | string {
  const accepted = `a whole number from 0 to ${max}`;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return `expects ${accepted}, got '${text}'`;
  const value = Number(trimmed);
  return value <= max ? value : `expects ${accepted}, got ${trimmed}`;
}

/** Why a number is not a whole number in 0 … max (for values that arrive already parsed: YAML, settings). */
export function wholeNumberProblem(value: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= 0 && value <= max ? undefined : `must be a whole number from 0 to ${max}`;
}

/*
 * Expressions the user or a file can give (filters, formulas, custom laws, clause values). They are
 * parsed on the extension host (the law picker validates on every keystroke), so each parse must take
 * bounded time; the compilers, the LaTeX renderer and the filter closures recurse once per nesting
 * level, so the depth must stay far below the JavaScript stack (≈10,000 frames; fewer on a busy host).
 */

/**
 * Characters in one expression. The longest catalogue law is under 150 characters; a generated filter
 * listing a few hundred runs (`run == 'a' or run == 'b' or …`) still fits.
 */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * Nesting levels of an expression tree. A chain of operators nests too: `a + b + c` is `(a + b) + c`,
 * so 1,000 terms of a sum are 1,000 levels (SQLite's default expression depth limit is the same 1,000).
 */
export const MAX_EXPRESSION_DEPTH = 1_000;

/**
 * Characters in a custom law (formula and clauses). The law picker validates the formula on the
 * extension host at every keystroke, so this bounds that work to a few milliseconds; the largest
 * catalogue law written out (BNSL with three breaks) is about 150 characters.
 */
export const MAX_LAW_LENGTH = 2_000;

/**
 * Characters of an expression shown around an error's caret: the caret line must stay under its
 * character on one terminal line, so the window is narrower than a terminal.
 */
export const CARET_WINDOW_CHARS = 100;

/**
 * Levels of nesting a spec cell or notebook file may have. A spec nests two or three levels and a fit
 * output about a dozen; serde_json's default recursion limit is 128.
 */
export const MAX_DOCUMENT_DEPTH = 128;

/**
 * Observed points, and raw points per learning-curve series, kept in a saved notebook's chart; beyond it
 * the saved copy is thinned (extremes kept) and says so. A run draws more (up to 3,000); the bound keeps
 * a `.scalenb` of a 100k-row log at tens of KB, small enough to share and to diff.
 */
export const MAX_SAVED_POINTS = 1_000;
