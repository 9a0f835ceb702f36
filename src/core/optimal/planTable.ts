/**
 * A plan as rows × columns and its context lines: one source for `scaling-laws optimal`'s table, the
 * calculator's results table and the Markdown it copies or inserts into a notebook, so all three read the
 * same. Numbers go through core/format.
 */
import { formatCount, formatNumber, formatPercent } from '../format';
import { hparamPreset } from '../hparams/presets';
import type { PlanMode, PlanPoint, PlanResult } from './types';

export interface PlanColumn {
  label: string;
  point: PlanPoint;
}

export interface PlanRow {
  /** The PlanPoint field (`bsSequences`: the batch size in sequences); also the `data-output` attribute tests read. */
  key: keyof PlanPoint | 'bsSequences';
  label: string;
  cells: string[];
}

export const MODE_LABEL: Record<PlanMode, string> = {
  'compute-optimal': 'compute-optimal',
  'inference-aware': 'inference-aware',
  'fixed-ratio': 'fixed ratio',
  'target-loss': 'for target loss',
};

type RowSpec = { key: PlanRow['key']; label: (r: PlanResult) => string; value: (p: PlanPoint, r: PlanResult) => number | undefined; format: (value: number) => string };

const field = (key: keyof PlanPoint) => (p: PlanPoint) => p[key] as number | undefined;

const ROWS: RowSpec[] = [
  { key: 'N', label: () => 'N (params)', value: field('N'), format: (v) => formatCount(v) },
  { key: 'D', label: () => 'D (tokens)', value: field('D'), format: (v) => formatCount(v) },
  { key: 'tokensPerParam', label: () => 'tokens/param', value: field('tokensPerParam'), format: (v) => formatNumber(v, 3) },
  { key: 'loss', label: () => 'predicted loss', value: field('loss'), format: (v) => formatNumber(v, 5) },
  { key: 'flops', label: () => 'training FLOPs', value: field('flops'), format: (v) => formatNumber(v) },
  { key: 'gpuHours', label: () => 'GPU-hours', value: field('gpuHours'), format: (v) => formatCount(v) },
  { key: 'wallClockDays', label: () => 'wall-clock days', value: field('wallClockDays'), format: (v) => formatNumber(v, 3) },
  { key: 'cost', label: () => 'cost', value: field('cost'), format: (v) => formatCount(v) },
  { key: 'lr', label: () => 'peak learning rate', value: field('lr'), format: (v) => formatNumber(v, 3) },
  { key: 'bsTokens', label: () => 'batch size (tokens)', value: field('bsTokens'), format: (v) => formatCount(v) },
  {
    key: 'bsSequences',
    label: (r) => `batch size (sequences of ${r.hparams?.seqLen.toLocaleString('en-US')})`,
    value: (p, r) => (p.bsTokens === undefined || !r.hparams ? undefined : p.bsTokens / r.hparams.seqLen),
    format: (v) => formatCount(v),
  },
];

/** The plan, the compute-optimal model (inference-aware mode) and the 20 tokens/param rule of thumb. */
export function planColumns(result: PlanResult): PlanColumn[] {
  const columns: PlanColumn[] = [{ label: MODE_LABEL[result.mode], point: result }];
  if (result.inference) columns.push({ label: 'compute-optimal', point: result.inference.computeOptimal });
  columns.push({ label: '20 tokens/param', point: result.ruleOfThumb });
  return columns;
}

/** Rows with at least one value (GPU count, price, a hyperparameter law … are optional). */
export function planRows(result: PlanResult, columns: PlanColumn[] = planColumns(result)): PlanRow[] {
  return ROWS.flatMap(({ key, label, value, format }) => {
    const values = columns.map((c) => value(c.point, result));
    if (values.every((v) => v === undefined)) return [];
    return [{ key, label: label(result), cells: values.map((v) => (v === undefined ? '' : format(v))) }];
  });
}

/**
 * One-line context: law, budget, hyperparameter law, hardware, inference. `text` renders the names in it
 * (the law label names the fitted file, the GPU may be typed in): identity for text, markdownText for Markdown.
 */
export function planSummary(result: PlanResult, lawLabel: string, text: (name: string) => string = (name) => name): string[] {
  const lines = [`Law: ${text(lawLabel)} (${text(result.law.id)}), ${result.method === 'closed-form' ? 'closed form' : 'numeric optimum'}, C = ${result.flopsPerToken}·N·D`];
  if (result.budgetFlops !== undefined) lines.push(`Budget: ${formatNumber(result.budgetFlops)} FLOPs`);
  if (result.hparams) {
    const preset = hparamPreset(result.hparams.name);
    lines.push(`Learning rate and batch size: ${text(preset ? `${preset.name} [${preset.status}]` : result.hparams.name)}`);
  }
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
