/** The plan as Markdown (copy, notebook cell), from the rows the CLI and the panel's table show. */
import { markdownText } from '../src/core/escape';
import { MODE_LABEL, planColumns, planRows, planSummary } from '../src/core/optimal/planTable';
import type { PlanResult } from '../src/core/optimal/types';
import { pushAll } from '../src/core/arrays';

export { planColumns, planRows, planSummary };

/** The plan as a Markdown section (copy, notebook cell); names and warnings are escaped, the rest is ours. */
export function planMarkdown(result: PlanResult, lawLabel: string): string {
  const columns = planColumns(result);
  const lines = [
    `### Training plan (${MODE_LABEL[result.mode]})`,
    '',
    ...planSummary(result, lawLabel, markdownText).map((line) => `- ${line}`),
    '',
    `| | ${columns.map((c) => c.label).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...planRows(result, columns).map((row) => `| ${row.label} | ${row.cells.join(' | ')} |`),
  ];
  if (result.warnings.length > 0) pushAll(lines, ['', ...result.warnings.map((w) => `> **${markdownText(w.code)}**: ${markdownText(w.message)}`)]);
  lines.push('', '_Scaling Laws compute-optimal calculator (same numbers as `scaling-laws optimal`)._');
  return lines.join('\n');
}
