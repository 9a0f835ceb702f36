/**
 * Several series of fits in one cell — targets (spec `loss: [colA, colB, …]`, each read as the table's
 * loss) or groups (`group: COLUMN`, each fitted to its rows): each series' fits drawn by buildFitOutput on
 * its table, then put in one chart coloured by series. Fit f of a series predicts only that series'
 * points (NaN at the others), so residuals and parity pair each point with its own series' fits.
 */
import type { FitOutput, ObservedPoints, PlotKind } from '../../shared/fitOutput';
import type { FitResult, Role, RunTable } from '../types';
import { buildFitOutput, DEFAULT_MAX_POINTS, type FitOutputOptions, type Predictor } from './buildFitOutput';

export interface SeriesFits {
  /** The series' name in the legend: its loss column, or its group's label. */
  label: string;
  /** The file as this series reads it (with its target as the loss role). */
  table: RunTable;
  fits: FitResult[];
  /** Rows the spec's `where` keeps in that table (default: the rows its fits' own `where` keeps). */
  rows?: number[];
}

/** The plots that read the points and curves alone (IsoFLOP and learning-curve views are one target's). */
const MERGED_PLOTS: readonly PlotKind[] = ['fit', 'residuals', 'parity', 'frontier'];

/** `by` names the legend: 'loss' for targets ("loss: c4_loss, wiki_loss"), 'group' for groups. */
export function buildSeriesOutput(parts: readonly SeriesFits[], predict: Predictor, options: FitOutputOptions = {}, by: 'loss' | 'group' = 'loss'): FitOutput {
  const fitted = parts.filter((part) => part.fits.length > 0);
  // The targets share the point budget of one chart.
  const maxPoints = Math.ceil((options.maxPoints ?? DEFAULT_MAX_POINTS) / Math.max(1, fitted.length));
  const outputs = fitted.map((part) => buildFitOutput(part.table, part.fits, predict, { ...options, maxPoints, ...(part.rows ? { rows: part.rows } : {}) }));
  return mergeSeries(
    fitted.map((part) => part.label),
    outputs,
    by,
  );
}

function mergeSeries(labels: string[], outputs: FitOutput[], by: 'loss' | 'group'): FitOutput {
  const first = outputs[0];
  const notes: string[] = [];
  // Series are of one file fitted with the same laws, so their charts share an axis; one that
  // does not (its x came from another role) cannot be drawn with the others.
  const kept = outputs.flatMap((output, t) => {
    if (output.xRole === first.xRole) return [t];
    notes.push(`${labels[t]}: not drawn (its chart runs along ${output.xRole}, the others' along ${first.xRole}).`);
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
  const frontiers = kept.flatMap((t) => (outputs[t].frontiers ?? []).map((frontier) => ({ ...frontier, fit: frontier.fit + fitOffset[t] })));
  return {
    version: 1,
    fits: kept.flatMap((t) => outputs[t].fits),
    xRole: first.xRole,
    groupRole: by,
    // Colour is by series: a series' own groups (iso-N lines, runs) stay apart as lines, not as colours.
    points: mergedPoints(kept.map((t) => ({ points: outputs[t].points, label: labels[t] })), points),
    curves: kept.flatMap((t) => outputs[t].curves.map((curve) => ({ ...curve, fit: curve.fit + fitOffset[t], group: labels[t] }))),
    ...(frontiers.length > 0 ? { frontiers } : {}),
    plots: first.plots.filter((kind) => MERGED_PLOTS.includes(kind) && (kind !== 'frontier' || frontiers.length > 0)),
    ...(first.extrapolateTo !== undefined ? { extrapolateTo: first.extrapolateTo } : {}),
    notes: [...kept.flatMap((t) => outputs[t].notes.map((note) => `${labels[t]}: ${note}`)), ...notes],
  };
}

interface PointsPart {
  points: ObservedPoints;
  label: string;
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
    group: parts.flatMap((part) => part.points.group.map(() => part.label)),
    groups: parts.map((part) => part.label),
    line: parts.flatMap((part) => part.points.line),
    heldOut,
    predicted,
    total: parts.reduce((sum, part) => sum + part.points.total, 0),
  };
}
