import { UserError } from '../types';
import type { LawInputs, Role } from '../types';

/** The input vector a law needs, or a UserError naming the missing role (never a NaN fit). */
export function requireInput(x: LawInputs, role: Role | 'x'): Float64Array {
  const values = x[role];
  if (!values) throw new UserError(`this law needs a ${role} column (map one with --map ${role}=COLUMN)`, 'missing-role');
  return values;
}
