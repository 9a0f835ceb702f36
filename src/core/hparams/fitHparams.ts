/**
 * `scaling-laws hparams`: a hyperparameter law fitted from a learning-rate × batch-size sweep, its
 * bootstrap intervals, the loss its recommendations cost on the fitted groups and on held-out ones, and
 * the same for every published preset on the same groups, so a user sees whether their fit beats them.
 */
import type { RowAccount, RunTable } from '../types';
import { bootstrapHparamLaw, DEFAULT_TOLERANCE, fitHparamLaw, type GroupOptimum, type HparamIntervals, type HparamMethod } from './estimate';
import type { HparamLaw } from './law';
import { penalties, type PenaltySummary } from './penalty';
import { HPARAM_PRESETS } from './presets';
import { readHparamGrid, type BatchUnit, type GridRequest } from './grid';

export interface HparamRequest extends GridRequest {
  method?: HparamMethod;
  tolerance?: number;
  /** Bootstrap replicates (0: none). */
  bootstrap?: number;
  seed?: number;
}

export const DEFAULT_HPARAM_BOOTSTRAP = 1000;

export interface HparamResult {
  method: HparamMethod;
  /** The threshold estimator's plateau (a fraction); absent for `surface`. */
  tolerance?: number;
  bsUnit: BatchUnit;
  seqSource?: string;
  groups: { fitted: number; heldOut: number };
  rows: RowAccount;
  lr: HparamLaw['lr'] & { ci95?: HparamIntervals['lr'] };
  bs: HparamLaw['bs'] & { ci95?: HparamIntervals['bs'] };
  bootstrap?: { replicates: number; seed: number };
  /** Per fitted group, where the estimator put its optimum (threshold: how many runs it kept). */
  optima: Array<{ N: number; D: number; points: number; how: GroupOptimum['how'] }>;
  penalty: PenaltySummary;
  holdout?: PenaltySummary;
  presets: Array<{ id: string; status: 'R' | 'S' | 'U'; penalty: Omit<PenaltySummary, 'groups'>; holdout?: Omit<PenaltySummary, 'groups'> }>;
}

const summary = ({ mean, max }: PenaltySummary) => ({ mean, max });

export function fitHparams(table: RunTable, request: HparamRequest = {}, signal?: { cancelled: boolean }): HparamResult {
  const method = request.method ?? 'threshold';
  const tolerance = request.tolerance ?? DEFAULT_TOLERANCE;
  const grid = readHparamGrid(table, request);
  const { law, optima } = fitHparamLaw(grid.fit, method, tolerance);
  const replicates = request.bootstrap ?? DEFAULT_HPARAM_BOOTSTRAP;
  const seed = request.seed ?? 0;
  const boot = replicates > 0 ? bootstrapHparamLaw(grid.fit, method, tolerance, replicates, seed, signal) : undefined;
  const perGroup = new Map<string, { N: number; D: number; points: number; how: GroupOptimum['how'] }>();
  for (const o of optima) {
    const key = `${o.N}|${o.D}`;
    const entry = perGroup.get(key);
    if (entry) entry.points++;
    else perGroup.set(key, { N: o.N, D: o.D, points: 1, how: o.how });
  }
  const held = grid.heldOut.length > 0;
  return {
    method,
    ...(method === 'threshold' ? { tolerance } : {}),
    bsUnit: grid.bsUnit,
    ...(grid.seqSource ? { seqSource: grid.seqSource } : {}),
    groups: { fitted: grid.fit.length, heldOut: grid.heldOut.length },
    rows: grid.rows,
    lr: { ...law.lr, ...(boot ? { ci95: boot.intervals.lr } : {}) },
    bs: { ...law.bs, ...(boot ? { ci95: boot.intervals.bs } : {}) },
    ...(boot ? { bootstrap: { replicates: boot.replicates, seed } } : {}),
    optima: [...perGroup.values()],
    penalty: penalties(law, grid.fit),
    ...(held ? { holdout: penalties(law, grid.heldOut) } : {}),
    presets: HPARAM_PRESETS.map((preset) => ({
      id: preset.id,
      status: preset.status,
      penalty: summary(penalties(preset.law, grid.fit)),
      ...(held ? { holdout: summary(penalties(preset.law, grid.heldOut)) } : {}),
    })),
  };
}
