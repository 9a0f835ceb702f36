import { formatCount, formatNumber } from '../format';
import type { Role } from '../types';

/** Axis and tooltip titles of each role. */
export const ROLE_TITLES: Record<Role, string> = {
  N: 'parameters N',
  D: 'tokens D',
  C: 'compute C (FLOPs)',
  loss: 'loss',
  step: 'step',
  lr: 'learning rate',
  run: 'run',
  group: 'group',
  M: 'tokens per parameter',
  U: 'unique tokens U',
  P: 'precision (bits)',
};

/** A role's value the way the rest of the product prints it: counts as 70B / 1.4T, FLOPs as 5.76e23. */
export function formatRole(role: Role, value: number): string {
  return role === 'N' || role === 'D' || role === 'U' ? formatCount(value) : formatNumber(value);
}

