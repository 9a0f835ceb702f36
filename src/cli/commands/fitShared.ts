/**
 * What `fit` and `compare` share: the flags that shape a fit request and the rule that a fit that
 * cannot be done exits 1 while bad flags or expressions exit 2 (product.md).
 */
import { UserError, type FitRequest, type ObjectiveKind, type Role } from '../../core/types';
import { OBJECTIVES, ROLES } from '../../core/types';
import { quoteText } from '../../core/quote';
import { MAX_SMOOTH_WINDOW, parseWholeNumber } from '../../core/limits';
import { parseOptionValue, type LawOptionValues } from '../../core/lawOptions';

/** UserError codes that mean the command line itself is wrong (exit 2); any other fit error exits 1. */
const USAGE_CODES = new Set(['usage', 'bad-expression', 'unknown-law', 'bad-request', 'unreadable-input', 'bad-option', 'input-is-target']);

export function isUsageError(error: unknown): boolean {
  return error instanceof UserError && USAGE_CODES.has(error.code);
}

/** A non-negative number flag (`--delta 0.001`); the empty string is a usage error, not 0. */
export function parseNumberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(`--${name} expects a non-negative number, got ${quoteText(value)}`, 'usage');
  return n;
}

/** A whole-number flag in 0 … max (`--bootstrap`, `--seed`), written in digits: see core/limits. */
export function parseWholeFlag(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseWholeNumber(value, max);
  if (typeof parsed === 'string') throw new UserError(`--${name} ${parsed}`, 'usage');
  return parsed;
}

/** An expression flag: given but empty is a mistake (a shell variable that was unset), not "no filter". */
function expressionFlag(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UserError(`--${name} needs an expression, got an empty string`, 'usage');
  return value;
}

export function parseObjective(value: string | undefined): ObjectiveKind | undefined {
  if (value === undefined) return undefined;
  if (!(OBJECTIVES as readonly string[]).includes(value)) {
    throw new UserError(`--objective must be one of ${OBJECTIVES.join(', ')}; got ${quoteText(value)}`, 'usage');
  }
  return value as ObjectiveKind;
}

export function parseRole(value: string | undefined): Role | undefined {
  if (value === undefined) return undefined;
  if (!(ROLES as readonly string[]).includes(value)) throw new UserError(`--x must be a role (${ROLES.join(', ')}); got ${quoteText(value)}`, 'usage');
  return value as Role;
}

/**
 * `--option KEY=VALUE`, repeatable: law options, VALUE read as a number or true/false when it is one.
 * Whether the law has the option is the engine's check (checkLawOptions).
 */
export function parseOptionFlags(flags: readonly string[] | undefined): LawOptionValues | undefined {
  if (!flags?.length) return undefined;
  const options: LawOptionValues = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? '' : flag.slice(0, eq).trim();
    if (!key || eq === flag.length - 1) throw new UserError(`--option expects KEY=VALUE (e.g. --option breaks=2), got ${quoteText(flag)}`, 'usage');
    if (Object.hasOwn(options, key)) throw new UserError(`--option ${key} is given twice`, 'usage');
    options[key] = parseOptionValue(flag.slice(eq + 1));
  }
  return options;
}

/** Request fields common to fit and compare. */
export function requestFlags(values: { objective?: string; delta?: string; where?: string; holdout?: string; x?: string; option?: string[] }): Omit<FitRequest, 'law'> {
  const options = parseOptionFlags(values.option);
  return {
    ...(values.x !== undefined ? { x: parseRole(values.x) } : {}),
    ...(options ? { options } : {}),
    ...(values.objective !== undefined ? { objective: parseObjective(values.objective) } : {}),
    ...(values.delta !== undefined ? { delta: parseNumberFlag('delta', values.delta) } : {}),
    ...(expressionFlag('where', values.where) !== undefined ? { where: values.where } : {}),
    ...(expressionFlag('holdout', values.holdout) !== undefined ? { holdout: values.holdout } : {}),
  };
}

/** `--skip-first F` (a fraction in [0, 1)), `--until X` (> 0), `--smooth N` (a whole number ≥ 1). */
export function curveFlags(values: { 'skip-first'?: string; until?: string; smooth?: string }): { skipFirst?: number; until?: number; smooth?: number } {
  const skipFirst = parseNumberFlag('skip-first', values['skip-first']);
  if (skipFirst !== undefined && !(skipFirst < 1)) throw new UserError(`--skip-first expects a fraction in [0, 1) of the run, got ${quoteText(values['skip-first']!)}`, 'usage');
  const until = parseNumberFlag('until', values.until);
  if (until !== undefined && !(until > 0)) throw new UserError(`--until expects a positive step or token count, got ${quoteText(values.until!)}`, 'usage');
  const smooth = parseWholeFlag('smooth', values.smooth, MAX_SMOOTH_WINDOW);
  if (smooth !== undefined && smooth < 1) throw new UserError('--smooth expects a window of at least 1 row', 'usage');
  return { ...(skipFirst !== undefined ? { skipFirst } : {}), ...(until !== undefined ? { until } : {}), ...(smooth !== undefined ? { smooth } : {}) };
}
