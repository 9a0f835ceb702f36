import type { Role, RunLogFormat } from '../types';
import { closeJsonPrefix } from './jsonPrefix';
import { detectFormat, readRunLog } from './reader';

export interface RunLogSniff {
  isRunLog: boolean;
  format: RunLogFormat;
  roles: Partial<Record<Role, string>>;
}

const TARGETS: readonly Role[] = ['loss', 'N', 'D', 'C'];

/** A header plus rows enough to tell column kinds, of delimited text and JSONL. */
export const SNIFF_CHARS = 16 * 1024;
/**
 * Of a JSON document: its first records. A trainer_state entry is ~170 characters (indent 2), so this is
 * some 380 of them, and the keys sorted before `log_history` fit many times over.
 */
export const SNIFF_JSON_CHARS = 64 * 1024;

/**
 * The head the sniff reads from a file of `length` characters: `read(n)` gives its first n characters.
 * One definition for the editor and the tests, so both sniff the same text; `whole` when it is all of it.
 */
export function sniffHeadOf(read: (chars: number) => string, length: number, fileName?: string): { head: string; whole: boolean } {
  const head = read(SNIFF_CHARS);
  if (length <= SNIFF_CHARS) return { head, whole: true };
  const format = detectFormat(head.charCodeAt(0) === 0xfeff ? head.slice(1) : head, fileName);
  if (format !== 'json' && format !== 'trainer-state') return { head, whole: false };
  return { head: read(SNIFF_JSON_CHARS), whole: length <= SNIFF_JSON_CHARS };
}

/**
 * The part of a head that can be read as it is: a JSON document closed after its last complete member
 * (a whole file too: one caught mid-write by the trainer rewriting it is still recognised), whole lines
 * of anything else unless the head is the whole file.
 */
function readable(head: string, fileName: string | undefined, whole: boolean): string {
  const format = detectFormat(head.charCodeAt(0) === 0xfeff ? head.slice(1) : head, fileName);
  if (format === 'json' || format === 'trainer-state') return closeJsonPrefix(head) ?? head;
  // Only whole lines: a row cut in the middle would look ragged or hold a truncated number.
  const cut = whole ? -1 : head.lastIndexOf('\n');
  return cut > 0 ? head.slice(0, cut + 1) : head;
}

/**
 * Cheap check on the head of a file (sniffHeadOf): is it a run log, in which format, with which roles?
 * `whole` says the head is the entire file (read as it is: no trailing newline needed); otherwise it
 * may end mid-row or mid-document. The extension calls it to decide whether to offer "Fit scaling
 * law". Never throws.
 */
export function sniffRunLog(head: string, fileName?: string, whole = false): RunLogSniff {
  try {
    const table = readRunLog(readable(head, fileName, whole), { fileName });
    const roles: Partial<Record<Role, string>> = {};
    for (const [role, binding] of Object.entries(table.roles)) if (!binding.derived) roles[role as Role] = binding.column;
    const bound = Object.keys(roles).length;
    const isRunLog = table.format === 'trainer-state' || (TARGETS.some((r) => roles[r] !== undefined) && bound >= 2);
    return { isRunLog, format: table.format, roles };
  } catch {
    return { isRunLog: false, format: 'csv', roles: {} };
  }
}
