/**
 * What `fit` and `compare` share: the flags that shape a fit request and the rule that a fit that
 * cannot be done exits 1 while bad flags or expressions exit 2 (product.md).
 */
import { UserError, type FitRequest, type ObjectiveKind, type Role } from '../../core/types';
import { OBJECTIVES, ROLES } from '../../core/types';
import { quoteText } from '../../core/quote';

/** UserError codes that mean the command line itself is wrong (exit 2); any other fit error exits 1. */
const USAGE_CODES = new Set(['usage', 'bad-expression', 'unknown-law', 'bad-request', 'unreadable-input']);

export function isUsageError(error: unknown): boolean {
  return error instanceof UserError && USAGE_CODES.has(error.code);
}

export function parseNumberFlag(name: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw new UserError(`--${name} expects a ${integer ? 'non-negative integer' : 'non-negative number'}, got ${quoteText(value)}`, 'usage');
  }
  return n;
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

/** Request fields common to fit and compare. */
export function requestFlags(values: { objective?: string; delta?: string; where?: string; holdout?: string }): Omit<FitRequest, 'law'> {
  return {
    ...(values.objective ? { objective: parseObjective(values.objective) } : {}),
    ...(values.delta ? { delta: parseNumberFlag('delta', values.delta) } : {}),
    ...(values.where ? { where: values.where } : {}),
    ...(values.holdout ? { holdout: values.holdout } : {}),
  };
}
