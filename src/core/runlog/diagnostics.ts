import { pushAll } from '../arrays';
import { quoteText as quoteExcerpt } from '../quote';
import type { Diagnostic } from '../types';

/** Per code, at most this many diagnostics are kept; the rest are counted in one summary. */
const MAX_PER_CODE = 100;
/** Cells and names quoted in the reader's messages: shorter than the default, there are many per file. */
const MAX_TEXT = 60;

/** Quote a cell or name for a message without echoing a 2 MB cell whole. */
export function quoteText(text: string): string {
  return quoteExcerpt(text, MAX_TEXT);
}

/** Column names for a message: the first few, then how many more. */
export function listNames(names: readonly string[], most = 8): string {
  const shown = names.slice(0, most).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return names.length > most ? `${shown.join(', ')}, … (${names.length - most} more)` : shown.join(', ');
}

/**
 * Collects diagnostics with a cap per code, so a million-row file with one systematic problem yields a
 * readable list (first 100 + "… and 999,900 more") instead of a million messages.
 */
export class DiagnosticList {
  private readonly items: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();

  add(diagnostic: Diagnostic): void {
    const n = (this.counts.get(diagnostic.code) ?? 0) + 1;
    this.counts.set(diagnostic.code, n);
    if (n <= MAX_PER_CODE) this.items.push(diagnostic);
  }

  /** A copy that later additions to either list do not reach (a growing log's table so far). */
  clone(): DiagnosticList {
    const copy = new DiagnosticList();
    pushAll(copy.items, this.items);
    for (const [code, n] of this.counts) copy.counts.set(code, n);
    return copy;
  }

  list(): Diagnostic[] {
    const out = [...this.items];
    for (const [code, n] of this.counts) {
      if (n > MAX_PER_CODE) {
        out.push({
          severity: 'info',
          code: `${code}-more`,
          message: `… and ${(n - MAX_PER_CODE).toLocaleString('en-US')} more '${code}' diagnostics not listed`,
        });
      }
    }
    return out;
  }
}
