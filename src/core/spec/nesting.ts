/**
 * Nesting limits for the documents a notebook is made of: the `.scalenb` JSON and its YAML spec cells.
 * The yaml package composes, and JSON.stringify writes, one stack frame (or several) per level, so a
 * document nested a few thousand levels deep overflows the stack — after seconds of work, with a
 * RangeError for a message. These scans run first, in one linear pass, and say where the nesting
 * goes too deep.
 */
import { MAX_DOCUMENT_DEPTH } from '../limits';


export interface TooDeep {
  /** 1-based line and column of the opening that goes one level too deep. */
  line: number;
  column: number;
}

function positionOf(text: string, offset: number): TooDeep {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A quote opens a quoted scalar only where a YAML token starts (`it's` is plain text). */
function startsScalar(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && text.charCodeAt(i) === 0x20) i--;
  return i < 0 || '\n:-?[{,'.includes(text[i]);
}

/** Where JSON text first nests deeper than `limit` arrays/objects, or undefined. */
export function jsonTooDeep(text: string, limit = MAX_DOCUMENT_DEPTH): TooDeep | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      if (++depth > limit) return positionOf(text, i);
    } else if ((ch === 0x5d /* ] */ || ch === 0x7d) /* } */ && depth > 0) depth--;
  }
  return undefined;
}

/**
 * Where YAML text first nests deeper than `limit`, or undefined. It counts flow collections (`[`, `{`),
 * block indentation levels and compact block entries (`- - x`, `? ? x`); quoted scalars and comments
 * are skipped. It may count more than the YAML parser would (a bracket inside a plain scalar or a
 * block scalar), which is harmless at this limit.
 */
export function yamlTooDeep(text: string, limit = MAX_DOCUMENT_DEPTH): TooDeep | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    let ch = text.charCodeAt(i);
    if (lineStart) {
      lineStart = false;
      let indent = 0;
      while (text.charCodeAt(i + indent) === 0x20) indent++;
      i += indent;
      ch = text.charCodeAt(i);
      if (ch === 0x0a || ch === 0x0d || ch === 0x23 /* # */ || i >= text.length) {
        i--;
        continue;
      }
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // Compact entries nest without new lines: `- - - x` is three sequences deep.
      let compact = 0;
      while ((ch === 0x2d /* - */ || ch === 0x3f) /* ? */ && (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x0a)) {
        compact++;
        if (indents.length + compact > limit) return positionOf(text, i);
        i += 2;
        while (text.charCodeAt(i) === 0x20) i++;
        ch = text.charCodeAt(i);
      }
      if (indents.length + compact > limit) return positionOf(text, i);
      if (i >= text.length) break;
    }
    if (ch === 0x0a) {
      // A line break inside a quoted scalar does not start a line of the structure.
      lineStart = quote === 0;
      continue;
    }
    if (quote !== 0) {
      if (quote === 0x22 && ch === 0x5c) i++;
      else if (ch === quote) quote = 0;
    } else if ((ch === 0x22 || ch === 0x27) && startsScalar(text, i)) quote = ch;
    else if (ch === 0x23 && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === 0x5b || ch === 0x7b) {
      if (indents.length + ++flow > limit) return positionOf(text, i);
    } else if ((ch === 0x5d || ch === 0x7d) && flow > 0) flow--;
  }
  return undefined;
}
