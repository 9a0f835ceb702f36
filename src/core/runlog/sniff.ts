import type { Role, RunLogFormat } from '../types';
import { readRunLog } from './reader';

export interface RunLogSniff {
  isRunLog: boolean;
  format: RunLogFormat;
  roles: Partial<Record<Role, string>>;
}

const TARGETS: readonly Role[] = ['loss', 'N', 'D', 'C'];

/**
 * Cheap check on the first few KB of a file: is it a run log, in which format, with which roles?
 * The extension calls it to decide whether to offer "Fit scaling law". Never throws.
 */
export function sniffRunLog(head: string, fileName?: string): RunLogSniff {
  // Only whole lines: a row cut in the middle would look ragged or hold a truncated number.
  const cut = head.length > 4096 ? head.lastIndexOf('\n') : -1;
  const text = cut > 0 ? head.slice(0, cut + 1) : head;
  try {
    const table = readRunLog(text, { fileName });
    const roles: Partial<Record<Role, string>> = {};
    for (const [role, binding] of Object.entries(table.roles)) if (!binding.derived) roles[role as Role] = binding.column;
    const bound = Object.keys(roles).length;
    const isRunLog = table.format === 'trainer-state' || (TARGETS.some((r) => roles[r] !== undefined) && bound >= 2);
    return { isRunLog, format: table.format, roles };
  } catch {
    return { isRunLog: false, format: 'csv', roles: {} };
  }
}
