/**
 * The first part of a JSON document made whole: cut after the last complete element or member and close
 * what is still open. A 100 MB trainer_state.json is then recognised from its first records, as a CSV is
 * from its first rows, without parsing (or even reading) the rest.
 */

const CLOSER: Record<string, string> = { '{': '}', '[': ']' };

/**
 * `head` cut at the last point where every open array and object could be closed, with the closers
 * appended; undefined when no such point exists (not a JSON document, or no complete member yet).
 * Only strings and brackets are tracked: whatever the cut keeps is checked by the JSON parser.
 */
export function closeJsonPrefix(head: string): string | undefined {
  let open = '';
  let cut = -1;
  let openAtCut = '';
  for (let i = 0; i < head.length; i++) {
    const ch = head[i];
    if (ch === '"') {
      let j = head.indexOf('"', i + 1);
      // A quote preceded by an odd run of backslashes is escaped.
      for (; j !== -1; j = head.indexOf('"', j + 1)) {
        let slashes = 0;
        while (head[j - 1 - slashes] === '\\') slashes++;
        if (slashes % 2 === 0) break;
      }
      if (j === -1) break;
      i = j;
    } else if (ch === '{' || ch === '[') {
      // An element of an array is cut at the comma before it, not left behind as an empty `{}`.
      const inArray = open.endsWith('[');
      open += ch;
      if (!inArray || cut < 0) {
        cut = i + 1;
        openAtCut = open;
      }
    } else if (ch === '}' || ch === ']') {
      open = open.slice(0, -1);
      if (open === '') return head.slice(0, i + 1);
    } else if (ch === ',') {
      cut = i;
      openAtCut = open;
    }
  }
  if (cut < 0 || openAtCut === '') return undefined;
  let closers = '';
  for (let k = openAtCut.length - 1; k >= 0; k--) closers += CLOSER[openAtCut[k]];
  return head.slice(0, cut) + closers;
}
