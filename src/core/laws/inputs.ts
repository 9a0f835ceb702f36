import { UserError } from '../types';
import type { LawInputs, Role } from '../types';

/** The input vector a law needs, or a UserError naming the missing role (never a NaN fit). */
export function requireInput(x: LawInputs, role: Role | 'x'): Float64Array {
  const values = x[role];
  if (!values) throw new UserError(`this law needs a ${role} column (map one with --map ${role}=COLUMN)`, 'missing-role');
  return values;
}

/**
 * ln x per input array, taken once: a fit evaluates the same rows thousands of times (a warm refit of a
 * million-row curve spent half its time in pow), and the engine never mutates an input array once passed
 * to a law.
 */
const logCache = new WeakMap<Float64Array, Float64Array>();

export function logOf(x: Float64Array): Float64Array {
  let ln = logCache.get(x);
  if (!ln) {
    ln = x.map(Math.log);
    logCache.set(x, ln);
  }
  return ln;
}
