/**
 * Split a list of expressions at `separator` where it is not inside parentheses, brackets, braces,
 * quotes or backticks: `chinchilla,E + A/max(N, 1)^a; a in [0, 1]` is two laws, not four pieces.
 * Pieces are trimmed; empty pieces are dropped. Unbalanced closers are treated as text (the parser
 * of each piece reports them with a caret).
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === separator && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((piece) => piece.trim()).filter(Boolean);
}
