/**
 * How much loss a recommendation costs (RR-15's metric): in each (N, D) group, the run nearest the law's
 * (lr*, bs*) in (ln lr, ln bs) stands for "training with the recommendation", and its loss over the
 * group's best, minus 1, is the penalty. A sweep only has its grid, so the nearest grid run is the honest
 * reading of a recommendation that falls between grid points.
 */
import { recommendHparams, type HparamLaw } from './law';
import type { GridGroup, GridRun } from './grid';

export interface RunPoint {
  lr: number;
  bsTokens: number;
  loss: number;
  line: number;
}

export interface GroupPenalty {
  N: number;
  D: number;
  /** The law's recommendation for this group. */
  lr: number;
  bsTokens: number;
  nearest: RunPoint;
  best: RunPoint;
  /** nearest.loss / best.loss − 1 (a fraction). */
  penalty: number;
}

export interface PenaltySummary {
  mean: number;
  max: number;
  groups: GroupPenalty[];
}

const point = (r: GridRun): RunPoint => ({ lr: r.lr, bsTokens: r.bsTokens, loss: r.loss, line: r.line });

export function penalties(law: HparamLaw, groups: readonly GridGroup[]): PenaltySummary {
  const out = groups.map((group): GroupPenalty => {
    const rec = recommendHparams(law, group);
    const [u, v] = [Math.log(rec.lr), Math.log(rec.bsTokens)];
    const distance = (r: GridRun) => (Math.log(r.lr) - u) ** 2 + (Math.log(r.bsTokens) - v) ** 2;
    const nearest = group.runs.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    const best = group.runs.reduce((a, b) => (b.loss < a.loss ? b : a));
    return { N: group.N, D: group.D, lr: rec.lr, bsTokens: rec.bsTokens, nearest: point(nearest), best: point(best), penalty: nearest.loss / best.loss - 1 };
  });
  const values = out.map((g) => g.penalty);
  return { mean: values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1), max: values.reduce((m, v) => Math.max(m, v), 0), groups: out };
}
