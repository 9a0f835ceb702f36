/**
 * Size limits of every expression the user or a file can give (filters, formulas, custom laws, clause
 * values) — the one place they are set. Expressions are parsed on the extension host (the law picker
 * validates on every keystroke, hovers re-evaluate fits), so each parse must take bounded time, and
 * the compilers, the LaTeX renderer and the filter closures recurse once per nesting level, so the
 * depth must stay far below the JavaScript stack (≈10,000 frames; fewer on a busy extension host).
 */

/**
 * Characters in one expression. The longest catalogue law is under 150 characters; a generated filter
 * listing a few hundred runs (`run == 'a' or run == 'b' or …`) still fits.
 */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * Nesting levels of an expression tree. A chain of operators nests too: `a + b + c` is `(a + b) + c`,
 * so 1,000 terms of a sum are 1,000 levels (SQLite's default expression depth limit is the same 1,000).
 */
export const MAX_EXPRESSION_DEPTH = 1_000;

/**
 * Characters in a custom law (formula and clauses). The law picker validates the formula on the
 * extension host at every keystroke, so this bounds that work to a few milliseconds; the largest
 * catalogue law written out (BNSL with three breaks) is about 150 characters.
 */
export const MAX_LAW_LENGTH = 2_000;
