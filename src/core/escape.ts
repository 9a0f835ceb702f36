/**
 * Text from a run log or a spec (column names, values, file names, formulas, error messages that
 * quote them) is untrusted: a shared file can name a column `<img src=x onerror=…>` or
 * `[Show details](command:…)`. Every sink that interprets text gets it through the one function
 * here for its kind, which makes the sink show the text literally:
 *
 * - `escapeHtml`: HTML text and attribute values.
 * - `markdownText` / `markdownCode`: inline markdown (notebook outputs and cells, tables, copied plans).
 * - `notificationText`: VS Code notifications and progress titles, which turn `[label](command:…)`
 *   into a clickable link that runs the command.
 * - `terminalText` / `terminalJson`: what the CLI prints, which a terminal would otherwise obey
 *   (title change, screen clear, clipboard write through OSC 52).
 *
 * Our own markup (headings, tables, bold labels) is written around the escaped text, never through it.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `& < > " '` as entities: safe as HTML text and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** Line breaks of any kind: a table cell or a heading is one line, and a break could start a block. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/** C0 and C1 control characters and DEL, except tab and newline (which every text sink shows as such). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\0-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * ASCII punctuation that markdown gives a meaning (CommonMark lets any of it be backslash-escaped):
 * emphasis `* _ ~`, code `` ` ``, links and images `[ ] ( ) !`, headings `#`, lists `- +`, tables `|`,
 * math `$`, braces, and `.` `:` so that linkify sees no `http:` scheme or `domain.tld` in a name.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]()!#+\-|$.:{}]/g;

/**
 * Untrusted text as inline markdown that renders as exactly that text: HTML characters become
 * entities (no tag, comment or autolink can open), markdown punctuation is backslash-escaped (no
 * emphasis, link, image, code or linkified URL), and line breaks become spaces (safe in a table cell
 * or heading).
 */
export function markdownText(text: string): string {
  // Backslashes first: the entities written after them must stay intact (`&#39;`, not `&\#39;`).
  return escapeHtml(text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`));
}

/**
 * Untrusted text as a markdown code span. Inside a code span nothing is interpreted (no HTML, no
 * links), so only its own delimiter matters: the fence is one backtick longer than the longest run
 * of backticks in the text, padded with spaces so a leading or trailing backtick stays content.
 */
export function markdownCode(text: string): string {
  const flat = text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '');
  let longest = 0;
  for (const run of flat.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || flat.startsWith(' ') || flat.endsWith(' ') ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/**
 * Text for a VS Code notification or progress title. These render `[label](command:…)`,
 * `[label](https://…)` and `[label](file:…)` as links, and a command link runs any command with any
 * arguments. A link needs `](` with nothing between: a zero-width space goes there, so no link can
 * form and the text reads exactly the same (a full-width ］ showed as a missing glyph in some fonts).
 * Control characters go first, so that none can hide a `](` from this; line breaks become spaces.
 */
export function notificationText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').replace(/\](?=\()/g, ']\u200b');
}

/**
 * Text for a QuickPick label, description or detail. These draw `$(name)` as a codicon, so a column
 * named `$(warning) loss` would show an icon: a zero-width space between `$` and `(` keeps the text as
 * written. Line breaks become spaces and control characters go, as for notifications.
 */
export function quickPickText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').replace(/\$(?=\()/g, '$\u200b');
}

/**
 * Text for a terminal: every C0/C1 control character except tab and newline (ESC, CSI `\x9b`,
 * BEL, carriage return …) becomes U+FFFD, so no escape sequence from data can reach the terminal
 * and the reader still sees that a character was there.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, '\ufffd');
}

/**
 * JSON for a terminal, with the same value: JSON.stringify already writes C0 controls as `\u00XX`
 * but leaves DEL and C1 (`\x9b` introduces a CSI sequence on many terminals) raw; they become
 * `\u00XX` escapes too, so parsing the output still gives the exact strings.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
