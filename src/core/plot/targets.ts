/**
 * Several targets in one cell (spec `loss: [colA, colB, …]`): each target's fits drawn by buildFitOutput
 * on the table read with that target as its loss, then put in one chart coloured by target. Fit f of a
 * target predicts only that target's points (NaN at the others), so residuals and parity pair each point
 * with its own target's fits.
 */
import type { FitOutput, ObservedPoints, PlotKind } from '../../shared/fitOutput';
import type { FitResult, Role, RunTable } from '../types';
import { buildFitOutput, DEFAULT_MAX_POINTS, type FitOutputOptions, type Predictor } from './buildFitOutput';

export interface TargetFits {
  /** The loss column. */
  target: string;
  /** The file read with `target` as its loss role. */
  table: RunTable;
  fits: FitResult[];
  /** Rows the spec's `where` keeps in that table. */
  rows?: number[];
}

/** The plots that read the points and curves alone (IsoFLOP and learning-curve views are one target's). */
const MERGED_PLOTS: readonly PlotKind[] = ['fit', 'residuals', 'parity', 'frontier'];

export function buildTargetsOutput(parts: readonly TargetFits[], predict: Predictor, options: FitOutputOptions = {}): FitOutput {
  const fitted = parts.filter((part) => part.fits.length > 0);
  // The targets share the point budget of one chart.
  const maxPoints = Math.ceil((options.maxPoints ?? DEFAULT_MAX_POINTS) / Math.max(1, fitted.length));
  const outputs = fitted.map((part) => buildFitOutput(part.table, part.fits, predict, { ...options, maxPoints, ...(part.rows ? { rows: part.rows } : {}) }));
  return mergeTargets(
    fitted.map((part) => part.target),
    outputs,
  );
}

function mergeTargets(targets: string[], outputs: FitOutput[]): FitOutput {
  const first = outputs[0];
  const notes: string[] = [];
  // Targets are columns of one file fitted with the same laws, so their charts share an axis; one that
  // does not (its x came from another role) cannot be drawn with the others.
  const kept = outputs.flatMap((output, t) => {
    if (output.xRole === first.xRole) return [t];
    notes.push(`${targets[t]}: not drawn (its chart runs along ${output.xRole}, the others' along ${first.xRole}).`);
    return [];
  });
  const fitOffset: number[] = [];
  const pointOffset: number[] = [];
  let fits = 0;
  let points = 0;
  for (const t of kept) {
    fitOffset[t] = fits;
    pointOffset[t] = points;
    fits += outputs[t].fits.length;
    points += outputs[t].points.group.length;
  }
  const groupName = (t: number, group: string) => (outputs[t].points.groups.length > 1 && group ? `${targets[t]} · ${group}` : targets[t]);
  const frontiers = kept.flatMap((t) => (outputs[t].frontiers ?? []).map((frontier) => ({ ...frontier, fit: frontier.fit + fitOffset[t] })));
  return {
    version: 1,
    fits: kept.flatMap((t) => outputs[t].fits),
    xRole: first.xRole,
    // The legend reads "loss: c4_loss, wiki_loss".
    groupRole: 'loss',
    points: mergedPoints(kept.map((t) => ({ points: outputs[t].points, groupOf: (group: string) => groupName(t, group) })), points),
    curves: kept.flatMap((t) => outputs[t].curves.map((curve) => ({ ...curve, fit: curve.fit + fitOffset[t], group: groupName(t, curve.group) }))),
    ...(frontiers.length > 0 ? { frontiers } : {}),
    plots: first.plots.filter((kind) => MERGED_PLOTS.includes(kind) && (kind !== 'frontier' || frontiers.length > 0)),
    ...(first.extrapolateTo !== undefined ? { extrapolateTo: first.extrapolateTo } : {}),
    notes: [...kept.flatMap((t) => outputs[t].notes.map((note) => `${targets[t]}: ${note}`)), ...notes],
  };
}

interface PointsPart {
  points: ObservedPoints;
  groupOf: (group: string) => string;
}

function mergedPoints(parts: PointsPart[], total: number): ObservedPoints {
  const roles = [...new Set(parts.flatMap((part) => Object.keys(part.points.values) as Role[]))];
  const values: Partial<Record<Role, number[]>> = {};
  for (const role of roles) values[role] = parts.flatMap((part) => part.points.values[role] ?? part.points.group.map(() => NaN));
  const predicted: number[][] = [];
  let offset = 0;
  const heldOut: number[] = [];
  for (const part of parts) {
    const n = part.points.group.length;
    for (const ys of part.points.predicted) predicted.push([...new Array<number>(offset).fill(NaN), ...ys, ...new Array<number>(total - offset - n).fill(NaN)]);
    for (const i of part.points.heldOut) heldOut.push(i + offset);
    offset += n;
  }
  return {
    values,
    derived: [...new Set(parts.flatMap((part) => part.points.derived ?? []))],
    group: parts.flatMap((part) => part.points.group.map(part.groupOf)),
    groups: [...new Set(parts.flatMap((part) => part.points.groups.map(part.groupOf)))],
    line: parts.flatMap((part) => part.points.line),
    heldOut,
    predicted,
    total: parts.reduce((sum, part) => sum + part.points.total, 0),
  };
}
