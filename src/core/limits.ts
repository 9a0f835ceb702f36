/**
 * Limits on what a user or a file may ask of the engine, in one place so the CLI, the notebook spec,
 * the settings (package.json) and the readers agree. A request outside them is refused with a message,
 * never silently clamped: a result must be reproducible from what was asked.
 */

/**
 * Most bootstrap resamples one fit may run: each is a full refit, so 10,000 is already minutes on a
 * large law, and beyond it a 95 % interval does not get meaningfully tighter. Also the maximum of the
 * `scalingLaws.bootstrap` setting in package.json (a unit test checks they agree).
 */
export const MAX_BOOTSTRAP = 10_000;

/**
 * Largest seed: the bootstrap PRNG (fit/random.ts, mulberry32) has a 32-bit state, so every integer
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
