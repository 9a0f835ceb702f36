/**
 * The one way a message quotes text that came from a file or the command line: at most a bounded
 * excerpt, on one line, with the total length when cut. An error must not echo a 40 KB formula or a
 * 100 MB header line back to the user.
 */
import { MAX_QUOTED_CHARS } from './limits';

function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** `(40,000 characters)`: the total a cut excerpt stands for. */
export function lengthNote(text: string): string {
  return `(${text.length.toLocaleString('en-US')} characters)`;
}

/** The text on one line, cut to `max` characters with "…" and the total length when longer. */
export function excerpt(text: string, max = MAX_QUOTED_CHARS): string {
  // Only the kept part is flattened, so a 100 MB text costs no 100 MB copy.
  return text.length <= max ? oneLine(text) : `${oneLine(text.slice(0, max))}… ${lengthNote(text)}`;
}

/** An excerpt in single quotes: `'café'`, `'aaaa…' (40,000 characters)`. */
export function quoteText(text: string, max = MAX_QUOTED_CHARS): string {
  return text.length <= max ? `'${oneLine(text)}'` : `'${oneLine(text.slice(0, max))}…' ${lengthNote(text)}`;
}
