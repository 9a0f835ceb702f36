/**
 * The plan as rows × columns, shared by the panel's results table and the Markdown it copies or
 * inserts into a notebook, so both read the same. Numbers go through core/format like the CLI's table.
 */
import { markdownText } from '../src/core/escape';
import { formatCount, formatNumber, formatPercent } from '../src/core/format';
import type { PlanMode, PlanPoint, PlanResult } from '../src/core/optimal/types';
import { pushAll } from '../src/core/arrays';

export interface PlanColumn {
  label: string;
  point: PlanPoint;
}

export interface PlanRow {
  /** The PlanPoint field; also the `data-output` attribute tests read. */
  key: keyof PlanPoint;
  label: string;
  cells: string[];
}

const MODE_LABEL: Record<PlanMode, string> = {
  'compute-optimal': 'compute-optimal',
  'inference-aware': 'inference-aware',
  'fixed-ratio': 'fixed ratio',
  'target-loss': 'for target loss',
};

const ROWS: Array<{ key: keyof PlanPoint; label: string; format: (value: number) => string }> = [
  { key: 'N', label: 'N (params)', format: (v) => formatCount(v) },
  { key: 'D', label: 'D (tokens)', format: (v) => formatCount(v) },
  { key: 'tokensPerParam', label: 'tokens/param', format: (v) => formatNumber(v, 3) },
  { key: 'loss', label: 'predicted loss', format: (v) => formatNumber(v, 5) },
  { key: 'flops', label: 'training FLOPs', format: (v) => formatNumber(v) },
  { key: 'gpuHours', label: 'GPU-hours', format: (v) => formatCount(v) },
  { key: 'wallClockDays', label: 'wall-clock days', format: (v) => formatNumber(v, 3) },
  { key: 'cost', label: 'cost', format: (v) => formatCount(v) },
];

/** The plan, the compute-optimal model (inference-aware mode) and the 20 tokens/param rule of thumb. */
export function planColumns(result: PlanResult): PlanColumn[] {
  const columns: PlanColumn[] = [{ label: MODE_LABEL[result.mode], point: result }];
  if (result.inference) columns.push({ label: 'compute-optimal', point: result.inference.computeOptimal });
  columns.push({ label: '20 tokens/param', point: result.ruleOfThumb });
  return columns;
}

/** Rows with at least one value (GPU count, price … are optional). */
export function planRows(columns: PlanColumn[]): PlanRow[] {
  return ROWS.flatMap(({ key, label, format }) => {
    const values = columns.map((c) => c.point[key]);
    if (values.every((v) => v === undefined)) return [];
    return [{ key, label, cells: values.map((v) => (v === undefined ? '' : format(v))) }];
  });
}

/**
 * One-line context: budget, hardware and method. `text` renders the names in it (the law label names
 * the fitted file, the GPU may be typed in): identity for the panel's DOM text, markdownText for Markdown.
 */
export function planSummary(result: PlanResult, lawLabel: string, text: (name: string) => string = (name) => name): string[] {
  const lines = [`Law: ${text(lawLabel)} (${text(result.law.id)}), ${result.method === 'closed-form' ? 'closed form' : 'numeric optimum'}, C = ${result.flopsPerToken}·N·D`];
  if (result.budgetFlops !== undefined) lines.push(`Budget: ${formatNumber(result.budgetFlops)} FLOPs`);
  const hw = result.hardware;
  if (hw) lines.push(`Hardware: ${text(hw.gpu)}${hw.gpus ? ` × ${formatCount(hw.gpus)}` : ''}, ${formatNumber(hw.peakFlops)} FLOP/s peak, MFU ${formatPercent(hw.mfu)}`);
  const inf = result.inference;
  if (inf) {
    lines.push(
      `Inference: ${formatCount(inf.tokens)} tokens at loss ${formatNumber(inf.targetLoss, 5)} → total ${formatNumber(inf.totalFlops)} FLOPs ` +
        `vs ${formatNumber(inf.computeOptimal.totalFlops)} for the compute-optimal model (${formatPercent(inf.savedFraction)} saved)`,
    );
  }
  return lines;
}

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
    ...planRows(columns).map((row) => `| ${row.label} | ${row.cells.join(' | ')} |`),
  ];
  if (result.warnings.length > 0) pushAll(lines, ['', ...result.warnings.map((w) => `> **${markdownText(w.code)}**: ${markdownText(w.message)}`)]);
  lines.push('', '_Scaling Laws compute-optimal calculator (same numbers as `scaling-laws optimal`)._');
  return lines.join('\n');
}
