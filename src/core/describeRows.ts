/**
 * A fit's row account in words (FitResult.rows), for the CLI, the notebook summary and the chart
 * caption. No engine imports: the extension host bundles this.
 */
import { formatLines } from './format';
import { quoteText } from './quote';
import type { RowAccount, RowGroup } from './types';

/** One group of left-out rows: "non-positive C in 'flops' (23: lines 5, 9, 12, 14, 20, …)". */
export function describeRowGroup(group: RowGroup): string {
  return `${group.why}${group.column !== undefined ? ` in ${quoteText(group.column)}` : ''} (${group.count.toLocaleString('en-US')}: ${formatLines(group.lines, group.count)})`;
}

/** The one-line account of a fit's rows: "rows: 104 read · 78 used · 3 held out · 23 left out — …". */
export function describeRows(rows: RowAccount): string {
  const left = rows.left.reduce((sum, group) => sum + group.count, 0);
  const parts = [`${rows.read.toLocaleString('en-US')} read`, `${rows.used.toLocaleString('en-US')} used`];
  if (rows.heldOut > 0) parts.push(`${rows.heldOut.toLocaleString('en-US')} held out`);
  if (left > 0) parts.push(`${left.toLocaleString('en-US')} left out`);
  const why = rows.left.map(describeRowGroup).join('; ');
  return `rows: ${parts.join(' · ')}${why ? ` — ${why}` : ''}`;
}
