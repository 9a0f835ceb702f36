import { MAX_QUOTED_CHARS } from './limits';

// Names a user typed (a column, a law, an option) checked against the known ones, at every layer.

/** Edit distance counting a swap of neighbours as one edit (`annd`→`and`, `alpah`→`alpha`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/** Up to `limit` candidates that look like a misspelling of `name`, closest first. */
export function closeMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const scored: Array<[number, string]> = [];
  for (const candidate of new Set(candidates)) {
    const other = candidate.toLowerCase();
    // The distance is at least the length difference: skip the quadratic table when it cannot be near
    // (a 40 KB name against 10,000 columns would take minutes).
    const most = Math.max(1, Math.floor(Math.max(lower.length, other.length) / 3));
    if (Math.abs(lower.length - other.length) > most || Math.max(lower.length, other.length) > MAX_QUOTED_CHARS) {
      if (Math.min(lower.length, other.length) >= 3 && (other.includes(lower) || lower.includes(other))) scored.push([10 + Math.abs(lower.length - other.length), candidate]);
      continue;
    }
    const distance = editDistance(lower, other);
    const near = distance <= Math.max(1, Math.floor(Math.max(lower.length, other.length) / 3));
    const contains = Math.min(lower.length, other.length) >= 3 && (other.includes(lower) || lower.includes(other));
    if (near || contains) scored.push([near ? distance : distance + 10, candidate]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, limit)
    .map(([, candidate]) => candidate);
}

/** " (did you mean `a`, `b`?)" or "" — appended to unknown-name messages. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const matches = closeMatches(name, candidates);
  return matches.length ? ` (did you mean ${matches.map((m) => `\`${m}\``).join(', ')}?)` : '';
}
