import { compileFilter } from '../expr/filter';
import { predictTable } from '../fit/predict';
import { type FitResult, type LawInputs, type Role, type RunTable, UserError } from '../types';
import type { Frontier, FitOutput, IsoflopGroup, LearningCurveOutput, ObservedPoints, PlotKind, SampledCurve, ThemeSetting } from '../../shared/fitOutput';
import { maxOf, pushAll } from '../arrays';
import { isTrainingLog, PROGRESS_ROLES } from '../fit/lawInputs';
import { buildLearningCurve } from './learningCurve';
import { pointsNote, thinningNote } from './thinning';
import { optimaAlongCompute } from '../optimal/alongCompute';
import { interval95 } from '../fit/bootstrap';
import { DEFAULT_FLOPS_PER_TOKEN } from '../optimal/chinchilla';
import { lawModel } from '../optimal/lawModel';
import { planOfFit } from '../optimal/planOfFit';
import { formatRole } from './labels';
import { fitLabels } from './specContext';
import { completedFromFit, fitInputRoles, labelColumn, lawInputs, readsNAndD, roleColumn } from '../fit/roles';
import { fixesTetrad, inTetrad, isoRole, TETRAD, tetradPoint } from '../fit/tetrad';
import { isDataRow } from '../runlog/table';
import { describeRows } from '../describeRows';
import { clusterLog, geometricMean, logSpace, quantileBins, strideSample } from './sampling';

/** ŷ of a fit at every point of the given input vectors. */
export type Predictor = (fit: FitResult, inputs: LawInputs) => Float64Array;

/** A Predictor from a one-point predictor such as the engine's `predictWith`. */
export function pointwise(predictOne: (fit: FitResult, point: Partial<Record<Role | 'x', number>>) => number): Predictor {
  return (fit, inputs) => {
    const keys = Object.keys(inputs) as Array<Role | 'x'>;
    const n = keys.length > 0 ? inputs[keys[0]]!.length : 0;
    const out = new Float64Array(n);
    const point: Partial<Record<Role | 'x', number>> = {};
    for (let i = 0; i < n; i++) {
      for (const key of keys) point[key] = inputs[key]![i];
      out[i] = predictOne(fit, point);
    }
    return out;
  };
}

export interface FitOutputOptions {
  /** Row indices to plot; default: every 'ok' row matching the first fit's `where`, with a positive loss. */
  rows?: ArrayLike<number>;
  /** Above this many rows the points are thinned (held-out rows are always kept). */
  maxPoints?: number;
  /** Samples per fitted curve. */
  curveSamples?: number;
  /** How far curves run past the largest observed x, as a factor (the shaded extrapolation region). */
  extrapolate?: number;
  /** How far the compute-optimal frontier runs past the largest observed C, as a factor. */
  frontierExtrapolate?: number;
  /**
   * The extrapolation target (spec `extrapolate:`), in the x role's unit: curves, bands and, on a compute
   * axis, the frontier end there instead of at the factors above. A learning curve takes it as `until`.
   */
  extrapolateTo?: number;
  /**
   * The fit chart's x for a law that reads two of N, D, C, M (spec `x:`, CLI `--x`): any of the four, the
   * curves then iso-lines of another (tetrad.ts isoRole). Ignored for other laws: a one-variable law is
   * drawn against the role it was fitted on.
   */
  x?: Role;
  theme?: ThemeSetting;
  /** Learning curves: where the fitted curves end (default: the trainer's max_steps, else the last row). */
  until?: number;
  /** Learning curves: EMA window in rows (default 1 % of the rows). */
  smooth?: number;
}

/** About this many budgets carry the frontier's bootstrap band (a band is smooth; its tooltip needs no more). */
const FRONTIER_BAND_BUDGETS = 40;
/** Most observed points one chart draws. */
export const DEFAULT_MAX_POINTS = 3000;
const DEFAULTS = { maxPoints: DEFAULT_MAX_POINTS, curveSamples: 200, extrapolate: 10, frontierExtrapolate: 1000 };
/** More labelled groups (runs) than this make an unreadable legend. */
const MAX_LABEL_GROUPS = 12;
/** Numeric groups (model sizes) beyond this fall back to fewer equal-count bins. */
const MAX_NUMERIC_GROUPS = 8;
/**
 * A cluster wider than this is no ladder of values but a continuum (D or M of runs at many budgets): its
 * mean would stand for values a decade apart, so such values fall back to equal-count bins too.
 */
const MAX_CLUSTER_DECADES = 0.5;
/** Significant digits kept for sampled curves: far below plotting resolution, a third of the JSON. */
const CURVE_DIGITS = 6;
/** Digitised budgets scatter by a few hundredths of a decade; distinct budgets are ≥ 0.15 decades apart. */
const CLUSTER_GAP_DECADES = 0.08;
/** The roles a tooltip shows, when the table has them. */
const SHOWN_ROLES: Role[] = ['N', 'D', 'C', 'step', 'U', 'P', 'lr', 'loss'];

/**
 * Everything a notebook output or `--plot` needs to draw fits (see FitOutput): observed points with
 * each fit's prediction, ~200-sample curves per fit and group, the compute-optimal frontier and
 * IsoFLOP optima for N–D laws. Pure: the notebook controller, the CLI and tests all call it.
 */
export function buildFitOutput(
  table: RunTable,
  fits: FitResult[],
  predict: Predictor,
  options: FitOutputOptions = {},
): FitOutput {
  const opts = { ...DEFAULTS, ...options };
  const first = fits[0];
  const inputs = fitInputRoles(first);
  const tetrad = fixesTetrad(inputs);
  const xRole: Role =
    tetrad && options.x && inTetrad(options.x)
      ? options.x
      : inputs.includes('step')
        ? 'step'
        : readsNAndD(first) || inputs.includes('C')
          ? 'C'
          : (inputs[0] ?? 'C');
  // The role each curve holds fixed; a compute axis is grouped by model size for any law (kaplan-compute too).
  const iso = tetrad && inTetrad(xRole) ? isoRole(inputs, xRole) : xRole === 'C' ? 'N' : undefined;

  const columns: Partial<Record<Role, Float64Array>> = {};
  for (const role of new Set<Role>([...SHOWN_ROLES, ...fits.flatMap(fitInputRoles), xRole, ...(iso ? [iso] : [])])) {
    const values = roleColumn(table, role, first);
    if (values) columns[role] = values;
  }
  const loss = columns.loss;
  const xs = columns[xRole];
  const where = first.request?.where ? compileFilter(first.request.where, table) : () => true;
  const candidates = options.rows
    ? Array.from(options.rows)
    : table.rowStatus.flatMap((status, row) => (isDataRow(status) && where(row) ? [row] : []));
  const rows = candidates.filter((r) => loss && xs && loss[r] > 0 && xs[r] > 0 && Number.isFinite(loss[r]) && Number.isFinite(xs[r]));

  const heldOutRows = new Set(fits.flatMap((f) => f.holdout?.rows.map((h) => h.row) ?? []));
  const keep = new Set(rows.flatMap((r, i) => (heldOutRows.has(r) ? [i] : [])));
  const picked = strideSample(rows.length, opts.maxPoints, keep).map((i) => rows[i]);
  // Where each fit's rows went leads the notes: they are the chart's caption, so an export keeps them.
  const labels = fitLabels({ fits });
  const notes = fits.flatMap((fit, f) => (fit.rows ? [`${fits.length > 1 ? `${labels[f]} ` : ''}${describeRows(fit.rows)}`] : []));
  if (picked.length < rows.length) {
    notes.push(pointsNote(picked.length, rows.length));
  }

  const values: Partial<Record<Role, number[]>> = {};
  for (const [role, column] of Object.entries(columns) as Array<[Role, Float64Array]>) values[role] = picked.map((r) => column[r]);
  const grouping = groupPoints(table, picked, iso, values);
  // Observed rows are predicted through the whole table: a law reading the run's history (lr-annealing's
  // LR schedule) would see a one-row schedule if each point were predicted on its own.
  const predicted = fits.map((fit) => {
    const all = predictTable(fit, table);
    return picked.map((r) => all[r]);
  });
  const points: ObservedPoints = {
    values,
    derived: (Object.keys(values) as Role[]).filter((role) => first.roles[role]?.derived ?? (completedFromFit(role, first) || (table.roles[role]?.derived ?? !table.roles[role]))),
    group: grouping.labels,
    groups: grouping.order,
    line: picked.map((r) => table.lines[r]),
    heldOut: picked.flatMap((r, i) => (heldOutRows.has(r) ? [i] : [])),
    predicted,
    total: rows.length,
  };

  // A single run's curve (one group on a progress axis) is drawn to the end of the run, not only through its rows.
  const learningCurve =
    grouping.order.length === 1 && PROGRESS_ROLES.includes(xRole) && isTrainingLog(table)
      ? buildLearningCurve(table, fits, notes, { until: options.until ?? options.extrapolateTo, smooth: options.smooth, maxPoints: opts.maxPoints, curveSamples: opts.curveSamples })
      : undefined;
  if (learningCurve) for (const series of learningCurve.series) pushAll(notes, [thinningNote(series)].filter((n) => n !== undefined));
  const curves = fits.flatMap((fit, f) => {
    const run = learningCurve?.fitCurves.find((c) => c.fit === f);
    if (run) return [runCurveOf(run, points.groups[0], xRole, points)];
    return xRole === 'step' ? curvesThroughRows(f, points, opts.curveSamples) : sampledCurves(fit, f, points, { x: xRole, iso: tetrad ? iso : undefined }, opts, predict);
  });
  const ndFits = fits.flatMap((fit, f) => (readsNAndD(fit) && values.N && values.D && values.C ? [f] : []));
  const frontierTarget = xRole === 'C' ? opts.extrapolateTo : undefined;
  const frontiers = ndFits.flatMap((f) => frontierOf(fits[f], f, values.C!, opts, predict, frontierTarget));
  const isoflops = ndFits.length > 0 ? isoflopGroups(fits, ndFits, points, opts.curveSamples, predict) : [];

  // A run's learning curve leads: it is the chart a researcher watching that run opens the output for.
  // No x values: the law's x is a column, not a role (downstream-error's `input`); charts are role-keyed.
  const target = opts.extrapolateTo;
  if (xs && target !== undefined && !learningCurve && target <= maxOf(values[xRole] ?? [])) {
    notes.push(`extrapolate: ${formatRole(xRole, target)} is inside the data (largest ${xRole} ${formatRole(xRole, maxOf(values[xRole]!))}): the curves end at the data.`);
  }
  if (!xs) notes.push(`No chart: ${first.law.id} reads x from a column, not a role; the parameters and metrics stand.`);
  const plots: PlotKind[] = !xs ? [] : [...(learningCurve ? (['learning-curve'] as const) : []), 'fit', 'residuals', 'parity'];
  if (isoflops.length > 0) plots.push('isoflop');
  if (frontiers.length > 0) plots.push('frontier');
  if (xRole !== 'step' && values.step && grouping.role !== undefined && grouping.role !== 'N') plots.push('loss-curve');

  for (const c of curves) Object.assign(c, { xs: rounded(c.xs), ys: rounded(c.ys) }, c.lo && c.hi ? { lo: rounded(c.lo), hi: rounded(c.hi) } : {});
  for (const c of frontiers) {
    Object.assign(c, { C: rounded(c.C), N: rounded(c.N), D: rounded(c.D), loss: rounded(c.loss) });
    if (c.band) c.band = { C: rounded(c.band.C), nLo: rounded(c.band.nLo), nHi: rounded(c.band.nHi), dLo: rounded(c.band.dLo), dHi: rounded(c.band.dHi) };
  }
  for (const c of isoflops.flatMap((g) => g.curves)) Object.assign(c, { N: rounded(c.N), loss: rounded(c.loss) });
  return {
    version: 1,
    fits,
    xRole,
    ...(grouping.role ? { groupRole: grouping.role } : {}),
    points,
    curves,
    ...(frontiers.length > 0 ? { frontiers } : {}),
    ...(isoflops.length > 0 ? { isoflops } : {}),
    plots,
    ...(learningCurve ? { learningCurve } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    ...(target !== undefined && !learningCurve ? { extrapolateTo: target } : {}),
    notes,
  };
}

function rounded(values: number[]): number[] {
  return values.map((v) => Number(v.toPrecision(CURVE_DIGITS)));
}

interface Grouping {
  role?: Role;
  labels: string[];
  order: string[];
}

/**
 * Points are grouped by run/group label when the table has one with few labels; otherwise by the role
 * the curves hold fixed (clusters of it, or equal-count bins): model size on a compute axis gives one
 * curve per model size as in Hoffmann et al.'s figures, tokens per parameter Gadre et al.'s iso-M lines.
 */
function groupPoints(table: RunTable, picked: number[], iso: Role | undefined, values: Partial<Record<Role, number[]>>): Grouping {
  for (const role of ['run', 'group'] as const) {
    const all = labelColumn(table, role);
    if (!all) continue;
    const labels = picked.map((r) => all[r] || '(none)');
    const order = [...new Set(labels)];
    if (order.length <= MAX_LABEL_GROUPS) return { role, labels, order: order.sort(naturalOrder) };
  }
  const held = iso && values[iso];
  if (iso && held && held.length > 0) return numericGroups(iso, held);
  return { labels: picked.map(() => 'all rows'), order: ['all rows'] };
}

function numericGroups(role: Role, values: number[]): Grouping {
  let { ids, count } = clusterLog(values, CLUSTER_GAP_DECADES);
  if (count > MAX_NUMERIC_GROUPS || widestCluster(values, ids, count) > MAX_CLUSTER_DECADES) ({ ids, count } = quantileBins(values, MAX_NUMERIC_GROUPS - 2));
  const members: number[][] = Array.from({ length: count }, () => []);
  ids.forEach((id, i) => members[id].push(values[i]));
  const names = members.map((m) => `${role}≈${formatRole(role, geometricMean(m))}`);
  return { role, labels: Array.from(ids, (id) => names[id]), order: names };
}

/** Decades spanned by the widest cluster. */
function widestCluster(values: number[], ids: Int32Array, count: number): number {
  const lo = new Array<number>(count).fill(Infinity);
  const hi = new Array<number>(count).fill(0);
  ids.forEach((id, i) => {
    lo[id] = Math.min(lo[id], values[i]);
    hi[id] = Math.max(hi[id], values[i]);
  });
  return maxOf(hi.map((h, id) => Math.log10(h / lo[id])));
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Indices of the points in each group. */
function membersByGroup(points: ObservedPoints): Map<string, number[]> {
  const map = new Map<string, number[]>(points.groups.map((g) => [g, []]));
  points.group.forEach((g, i) => map.get(g)!.push(i));
  return map;
}

function rangeOf(values: number[], idx: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of idx) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return [lo, hi];
}

/** Median of the group's values of a role (the value an input not on the x axis is held at). */
function medianOf(values: number[], idx: number[]): number {
  const sorted = idx.map((i) => values[i]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Curves sampled along x. A law reading inputs other than x gets one curve per group with them held
 * at the group's typical value (geometric mean N, median otherwise). Along one of N, D, C, M, a law that
 * reads two of them holds the iso role at the group's geometric mean and the rest follows from C = 6ND
 * and M = D/N (held at a group median instead, an over-training curve would be flat in C).
 */
function sampledCurves(
  fit: FitResult,
  f: number,
  points: ObservedPoints,
  axis: { x: Role; iso?: Role },
  opts: typeof DEFAULTS & FitOutputOptions,
  predict: Predictor,
): SampledCurve[] {
  const { x: xRole, iso } = axis;
  const inputs = fitInputRoles(fit);
  const xValues = points.values[xRole];
  // A fit whose x is a column rather than a role (downstream-error's `input`) has no role axis to sample along.
  if (!xValues) return [];
  const all = xValues.map((_, i) => i);
  const [lo, hi] = rangeOf(xValues, all);
  const xs = logSpace(lo, opts.extrapolateTo !== undefined ? Math.max(hi, opts.extrapolateTo) : hi * opts.extrapolate, opts.curveSamples);
  const others = inputs.filter((r) => r !== xRole && (iso === undefined || !inTetrad(r)) && points.values[r]);
  const held = iso !== undefined && points.values[iso] ? [iso, ...others] : others;
  const groups = held.length > 0 ? [...membersByGroup(points)] : [['', all] as [string, number[]]];
  return groups.flatMap(([group, idx]) => {
    if (idx.length === 0) return [];
    const fixed: Partial<Record<Role, number>> = {};
    for (const role of held) {
      const v = points.values[role]!;
      fixed[role] = role === 'N' || role === iso ? geometricMean(idx.map((i) => v[i])) : medianOf(v, idx);
    }
    const along: Partial<Record<Role, number[]>> = { [xRole]: xs };
    for (const [role, v] of Object.entries(fixed) as Array<[Role, number]>) along[role] = xs.map(() => v);
    if (iso !== undefined && fixed[iso] !== undefined) {
      const at = xs.map((v) => tetradPoint(xRole, v, iso, fixed[iso]!));
      for (const role of TETRAD) along[role] = at.map((p) => p[role as keyof typeof p]);
    }
    const curve: SampledCurve = {
      fit: f,
      group,
      x: xRole,
      fixed,
      xs,
      ys: Array.from(predict(fit, lawInputs(fit, along))),
      observed: rangeOf(xValues, idx),
    };
    const band = bootstrapBand(fit, along, predict);
    return [{ ...curve, ...band }];
  });
}

/** Pointwise 2.5 / 97.5 % quantiles of the predictions of the fit's bootstrap replicates. */
function bootstrapBand(fit: FitResult, along: Partial<Record<Role, number[]>>, predict: Predictor): { lo?: number[]; hi?: number[] } {
  const replicates = fit.bootstrapSamples;
  if (!replicates || replicates.length < 20) return {};
  const inputs = lawInputs(fit, along);
  const runs = replicates.map((params) => predict({ ...fit, params }, inputs));
  const n = runs[0].length;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = runs.map((r) => r[i]).filter(Number.isFinite).sort((a, b) => a - b);
    lo.push(at[Math.floor(0.025 * (at.length - 1))]);
    hi.push(at[Math.ceil(0.975 * (at.length - 1))]);
  }
  return { lo, hi };
}

/** A learning-curve fit curve as the fit plot's curve of the run's only group. */
function runCurveOf(run: LearningCurveOutput['fitCurves'][number], group: string, xRole: Role, points: ObservedPoints): SampledCurve {
  const x = points.values[xRole]!;
  return { fit: run.fit, group, x: xRole, fixed: {}, xs: run.xs, ys: run.ys, ...(run.lo && run.hi ? { lo: run.lo, hi: run.hi } : {}), observed: rangeOf(x, x.map((_, i) => i)) };
}

/** For step-wise laws (LR schedules) a curve is the fit's prediction at each run's own rows, by step. */
function curvesThroughRows(f: number, points: ObservedPoints, samples: number): SampledCurve[] {
  const step = points.values.step!;
  return [...membersByGroup(points)].flatMap(([group, idx]) => {
    if (idx.length === 0) return [];
    const sorted = [...idx].sort((a, b) => step[a] - step[b]);
    const thin = strideSample(sorted.length, samples, new Set([sorted.length - 1])).map((k) => sorted[k]);
    return [{ fit: f, group, x: 'step', fixed: {}, xs: thin.map((i) => step[i]), ys: thin.map((i) => points.predicted[f][i]), observed: rangeOf(step, idx) }];
  });
}

/**
 * About `count` budgets on a grid of round log10 steps (0.01, 0.02, 0.05, 0.1 … decades), so the
 * budget slider reads 23.75 rather than 23.7468….
 */
function roundGrid(lo: number, hi: number, count: number): number[] {
  const span = Math.log10(hi / lo);
  const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].find((s) => span / s <= count) ?? 1;
  const first = Math.floor(Math.log10(lo) / step);
  const last = Math.ceil(Math.log10(hi) / step);
  return Array.from({ length: last - first + 1 }, (_, k) => 10 ** Number(((first + k) * step).toFixed(2)));
}

function lossAtND(fit: FitResult, predict: Predictor) {
  return (N: Float64Array, D: Float64Array) => predict(fit, lawInputs(fit, { N, D, C: N.map((n, i) => 6 * n * D[i]) }));
}

function frontierOf(fit: FitResult, f: number, C: number[], opts: typeof DEFAULTS, predict: Predictor, target: number | undefined): Frontier[] {
  const observed = rangeOf(C, C.map((_, i) => i));
  const end = target !== undefined ? Math.max(observed[1], target) : observed[1] * opts.frontierExtrapolate;
  const budgets = roundGrid(observed[0], end, opts.curveSamples);
  const optima = optimaAlongCompute(lossAtND(fit, predict), budgets);
  const keep = budgets.flatMap((_, j) => (Number.isFinite(optima.N[j]) ? [j] : []));
  if (keep.length < 2) return [];
  const kept = keep.map((j) => budgets[j]);
  const band = frontierBand(fit, kept);
  return [
    {
      fit: f,
      C: kept,
      N: keep.map((j) => optima.N[j]),
      D: keep.map((j) => optima.D[j]),
      loss: keep.map((j) => optima.loss[j]),
      observed,
      ...(band ? { band } : {}),
    },
  ];
}

/**
 * The 95 % range of N* and D* over the fit's bootstrap replicates: each replicate's own optimum along
 * C = 6ND (not the point estimate's N* pushed through the replicates' losses), so the band is the
 * uncertainty of the allocation itself. The planner's law model gives each optimum — a closed form for
 * the Chinchilla family, Kaplan and over-training, a scalar search otherwise — at about
 * FRONTIER_BAND_BUDGETS of the frontier's budgets (200 replicates × 142 budgets through the chart's
 * vectorised search took 5.8 s on the Epoch data; this takes milliseconds). Budgets where fewer than 20
 * replicates have an interior optimum are left out; a law the planner cannot allocate with has no band.
 */
function frontierBand(fit: FitResult, budgets: number[]): Frontier['band'] {
  const replicates = fit.bootstrapSamples ?? [];
  if (replicates.length === 0) return undefined;
  const stride = Math.max(1, Math.ceil(budgets.length / FRONTIER_BAND_BUDGETS));
  const at = budgets.filter((_, j) => j % stride === 0 || j === budgets.length - 1);
  let runs: Array<Array<{ N: number; D: number }>>;
  try {
    runs = replicates.map((params) => {
      const model = lawModel(planOfFit({ ...fit, params }).law, { flopsPerToken: DEFAULT_FLOPS_PER_TOKEN });
      return at.map((C) => {
        const optimum = model.optimum(C);
        return optimum.atBound ? { N: NaN, D: NaN } : optimum;
      });
    });
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
  const band: NonNullable<Frontier['band']> = { C: [], nLo: [], nHi: [], dLo: [], dHi: [] };
  at.forEach((C, j) => {
    const n = interval95(runs.map((r) => r[j].N));
    const d = interval95(runs.map((r) => r[j].D));
    if (!n || !d) return;
    band.C.push(C);
    band.nLo.push(n.lo);
    band.nHi.push(n.hi);
    band.dLo.push(d.lo);
    band.dHi.push(d.hi);
  });
  return band.C.length >= 2 ? band : undefined;
}

/**
 * IsoFLOP groups: clusters of nearly equal C with at least 3 points spanning some N. Data that is not
 * an IsoFLOP sweep (every run its own budget) yields no groups and the plot is not offered.
 */
function isoflopGroups(fits: FitResult[], ndFits: number[], points: ObservedPoints, samples: number, predict: Predictor): IsoflopGroup[] {
  const C = points.values.C!;
  const N = points.values.N!;
  const { ids, count } = clusterLog(C, CLUSTER_GAP_DECADES);
  const members: number[][] = Array.from({ length: count }, () => []);
  ids.forEach((id, i) => members[id].push(i));
  const usable = members.filter((idx) => {
    const [lo, hi] = rangeOf(N, idx);
    return idx.length >= 3 && hi / lo > 2;
  });
  if (usable.length < 2 || usable.length > MAX_LABEL_GROUPS) return [];
  const budget = new Array<number>(C.length).fill(-1);
  const groups = usable.map((idx, g): IsoflopGroup => {
    idx.forEach((i) => (budget[i] = g));
    const c = geometricMean(idx.map((i) => C[i]));
    const [lo, hi] = rangeOf(N, idx);
    const Ns = logSpace(lo / 2, hi * 2, samples);
    return {
      C: c,
      group: `C≈${formatRole('C', c)}`,
      curves: ndFits.map((f) => {
        const lossAt = lossAtND(fits[f], predict);
        const best = optimaAlongCompute(lossAt, [c]);
        const loss = Array.from(lossAt(Float64Array.from(Ns), Float64Array.from(Ns, (n) => c / (6 * n))));
        return { fit: f, N: Ns, loss, optimum: { N: best.N[0], D: best.D[0], loss: best.loss[0] } };
      }),
    };
  });
  points.budget = budget;
  return groups;
}
