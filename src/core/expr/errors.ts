import { CARET_WINDOW_CHARS } from '../limits';
import { lengthNote } from '../quote';
import { UserError } from '../types';

/**
 * A problem in a user-typed expression (`--where`, `--holdout`, `--law "…"`). The message repeats the
 * source with a caret under `position` so a terminal user sees where it went wrong; editors use
 * `position` and `detail` for a squiggle instead.
 */
export class ExprError extends UserError {
  /** 0-based character offset into `source` (at most source.length: the end of the input). */
  readonly position: number;

  constructor(
    /** The bare message, without the source excerpt. */
    readonly detail: string,
    position: number,
    readonly source: string,
  ) {
    const at = Math.max(0, Math.min(position, source.length));
    super(`${detail}\n${caretExcerpt(source, at)}`, 'bad-expression');
    this.name = 'ExprError';
    this.position = at;
  }
}

/**
 * `  N >= 1e9 annd loss < 3` over `           ^`, indented two spaces, one line whatever the source. A
 * long source shows only a window of CARET_WINDOW_CHARS around the caret (a 40 KB formula is not echoed).
 */
function caretExcerpt(source: string, position: number): string {
  const width = CARET_WINDOW_CHARS;
  const start = source.length <= width ? 0 : Math.max(0, Math.min(position - width / 2, source.length - width));
  const end = Math.min(source.length, start + width);
  const before = start > 0 ? '…' : '';
  const after = end < source.length ? '…' : '';
  const total = before || after ? ` ${lengthNote(source)}` : '';
  // Tabs and line breaks become spaces so the caret stays under the right character.
  const line = `${before}${source.slice(start, end).replace(/[\t\r\n]/g, ' ')}${after}${total}`;
  return `  ${line}\n  ${' '.repeat(before.length + position - start)}^`;
}
