import { formatCount, formatInterval, formatNumber } from '../format';
import type { FitOutput, Frontier, PlotKind } from '../../shared/fitOutput';
import type { Role } from '../types';
import { inTetrad } from '../fit/tetrad';
import { fitSeries } from '../fitSeries';
import { formatRole, ROLE_TITLES } from './labels';
import { themeConfig } from './theme';
import { maxOf, minOf, pushAll } from '../arrays';
import { learningCurvePlot } from './learningCurveSpec';
import { type Axes, BUDGET, Context, type Layer, logChannel, lossAxes, roleChannel, type Row, SCHEMA, type SpecOptions, titled, type VegaLiteSpec, xy, zoomParams } from './specContext';

export { BUDGET, fitLabels, HIDDEN, type SpecOptions, TIP, type VegaLiteSpec, ZOOM } from './specContext';

/** The Vega-Lite spec of one plot of a fit output. */
export function buildSpec(output: FitOutput, kind: PlotKind, options: SpecOptions = {}): VegaLiteSpec {
  const ctx = new Context(output, options);
  const body = BUILDERS[kind](ctx);
  return ctx.finish(body);
}

/**
 * View names exist for the interactive single-plot specs (selections and the renderer address layers by
 * name); stacked in one spec, equal names in different plots make Vega-Lite merge their marks and scales.
 */
function withoutViewNames(view: VegaLiteSpec): VegaLiteSpec {
  const { name: _name, layer, ...rest } = view as VegaLiteSpec & { name?: string; layer?: VegaLiteSpec[] };
  const { vconcat } = rest as { vconcat?: VegaLiteSpec[] };
  if (vconcat) return { ...rest, vconcat: vconcat.map(withoutViewNames) };
  return layer ? { ...rest, layer: layer.map(withoutViewNames) } : rest;
}

/** Every plot of an output stacked vertically, without interactions (CLI `--plot`, Jupyter's fallback item). */
export function buildStaticSpec(output: FitOutput, options: Omit<SpecOptions, 'interactive'> = {}): VegaLiteSpec {
  // One context for all plots: datasets are top-level in Vega-Lite, and their names are unique per plot.
  const ctx = new Context(output, { ...options, interactive: false });
  const size = { width: options.width ?? 560, height: options.height ?? 360 };
  // Every plot has its own axes: Vega-Lite would otherwise merge same-named scales across the stack.
  const independent = {
    scale: { x: 'independent', y: 'independent', color: 'independent', shape: 'independent' },
    axis: { x: 'independent', y: 'independent' },
    legend: { color: 'independent', shape: 'independent' },
  };
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    vconcat: output.plots.map((kind) => withoutViewNames(ctx.sized(BUILDERS[kind](ctx), size))),
    resolve: independent,
    spacing: 32,
    datasets: ctx.datasets,
  };
  if (options.theme) spec.config = themeConfig(options.theme);
  return spec;
}

/** Shaded region beyond the observed x range (curves there are extrapolations). */
function extrapolationLayers(ctx: Context, axes: Axes, name: string, from: number, to: number): Layer[] {
  if (!(to > from * 1.0001)) return [];
  const data = ctx.dataset(name, [{ x0: from, x1: to, label: 'extrapolation' }]);
  return [
    { name: 'extrapolation', data, mark: { type: 'rect', style: 'extrapolation' }, encoding: { x: { ...axes.x, field: 'x0' }, x2: { field: 'x1' } } },
    {
      data,
      mark: { type: 'text', style: 'extrapolation-label', align: 'right', baseline: 'top', dx: -4, dy: 4, y: 0 },
      encoding: { x: { ...axes.x, field: 'x1' }, text: { field: 'label' } },
    },
  ];
}

/** Height of a line of the budget and crosshair readouts, px. */
const READOUT_LINE = 14;
/** The extrapolation label takes the plot's top row; the budget readout's three lines start under it. */
const BUDGET_TOP = 22;
const BUDGET_LINES = 3;

/**
 * Where each sample of the compute-optimal frontier sits on a chart's x axis: C, or N*, D* and their ratio on a
 * fit chart drawn along N, D or M (spec `x:`); undefined along any other role.
 */
function frontierAlong(frontier: Frontier, role: Role): number[] | undefined {
  if (role === 'C') return frontier.C;
  if (role === 'N') return frontier.N;
  if (role === 'D') return frontier.D;
  return role === 'M' ? frontier.D.map((d, j) => d / frontier.N[j]) : undefined;
}

/** The frontier sample nearest a value along the fit chart's x (log distance). */
function nearestSample(along: number[], value: number): number {
  let best = 0;
  along.forEach((v, j) => {
    if (Math.abs(Math.log(v / value)) < Math.abs(Math.log(along[best] / value))) best = j;
  });
  return best;
}

/**
 * The budget slider (interactive only): picks a frontier sample by log10 C and marks the predicted
 * optimum there, at `xs` (the samples' places on this chart's x). The label is pre-formatted so no Vega
 * format expressions are needed.
 */
function budgetLayers(ctx: Context, axes: Axes, y: 'loss' | 'N', xs: number[]): Layer[] {
  const frontier = ctx.output.frontiers?.[0];
  if (!ctx.interactive || !frontier) return [];
  // The frontier grid is on round log10 steps (buildFitOutput); round away float noise for the slider.
  const logs = frontier.C.map((c) => Number(Math.log10(c).toFixed(3)));
  const step = Number(((logs[logs.length - 1] - logs[0]) / (logs.length - 1)).toFixed(3));
  // It starts at the extrapolation target (in the fit chart's x unit) when the spec set one, else a decade
  // past the data. A saved payload is untrusted: a target that is no positive number is ignored.
  const target = Number(ctx.output.extrapolateTo);
  const along = frontierAlong(frontier, ctx.output.xRole);
  const start = along && target > 0 && Number.isFinite(target) ? logs[nearestSample(along, target)] : Math.min(logs[logs.length - 1], Math.log10(frontier.observed[1]) + 1);
  const near = logs.reduce((best, v) => (Math.abs(v - start) < Math.abs(best - start) ? v : best), logs[0]);
  ctx.params.push({
    name: BUDGET,
    value: near,
    bind: { input: 'range', min: logs[0], max: logs[logs.length - 1], step, name: 'compute budget, log10 FLOPs ' },
  });
  const data = ctx.dataset(
    'optimum',
    frontier.C.map((C, j) => ({
      logC: logs[j],
      x: xs[j],
      loss: frontier.loss[j],
      N: frontier.N[j],
      // Three short lines, not one long one: at a 600 px notebook width one line ran into the
      // extrapolation label and the legend.
      label: [
        `C = ${formatRole('C', C)}`,
        `N* = ${formatRole('N', frontier.N[j])}, D* = ${formatRole('D', frontier.D[j])} (${formatNumber(frontier.D[j] / frontier.N[j], 3)} tok/param)`,
        `L* = ${formatNumber(frontier.loss[j])}`,
      ].join('\n'),
    })),
  );
  const at = [{ filter: `abs(datum.logC - ${BUDGET}) < ${step / 2 + 1e-12}` }];
  const pos = xy(axes, 'x', y);
  return [
    { name: 'budget_rule', data, transform: at, mark: { type: 'rule', style: 'crosshair' }, encoding: { x: pos.x } },
    { name: 'budget_optimum', data, transform: at, mark: { type: 'point', shape: 'diamond', size: 140, filled: true, style: 'optimum' }, encoding: pos },
    // The readout sits in the plot's top-left corner, clear of the data, under the extrapolation label's row.
    {
      name: 'budget_label',
      data,
      transform: at,
      mark: { type: 'text', style: 'optimum-label', align: 'left', baseline: 'top', lineBreak: '\n', lineHeight: READOUT_LINE, x: 6, y: BUDGET_TOP },
      encoding: { text: { field: 'label' } },
    },
  ];
}


/**
 * Crosshair: the curve samples nearest the pointer's x, read out as a list at the top of the plot — the
 * x, then a line per curve from the highest loss down (labels at each curve's height overprinted one
 * another where curves run close). Each curve's line is its own text, so hiding a series in the legend
 * hides its line. The hit targets are one invisible point per sampled x on a constant y, so their
 * Voronoi cells are vertical strips (nearest in x) and there are 200 of them, not one per curve sample.
 */
function crosshairLayers(ctx: Context, axes: Axes, curves: { name: string }, rows: Row[], heading: (x: number) => string): Layer[] {
  if (!ctx.interactive || rows.length === 0) return [];
  const pos = xy(axes, 'x', 'loss');
  const ys = rows.map((r) => Number(r.loss)).sort((a, b) => a - b);
  const byX = new Map<number, Row[]>();
  for (const row of rows) byX.set(Number(row.x), [...(byX.get(Number(row.x)) ?? []), row]);
  for (const at of byX.values()) at.sort((a, b) => Number(b.loss) - Number(a.loss)).forEach((row, i) => (row.offset = (i + 1) * READOUT_LINE));
  const targets = ctx.dataset('crosshair', [...byX.keys()].map((x) => ({ x, loss: ys[Math.floor(ys.length / 2)], heading: heading(x) })));
  const at = [{ filter: { param: 'hover', empty: false } }];
  // Below the extrapolation label and, when the chart has one, the budget readout.
  const top = ctx.output.frontiers?.length ? BUDGET_TOP + BUDGET_LINES * READOUT_LINE + 4 : BUDGET_TOP + 4;
  const text = { type: 'text', style: 'readout', align: 'left', baseline: 'top', dx: 6, y: top };
  return [
    {
      name: 'crosshair_target',
      data: targets,
      mark: { type: 'point', opacity: 0, size: 1, aria: false },
      encoding: pos,
      params: [{ name: 'hover', select: { type: 'point', encodings: ['x'], on: 'pointermove', nearest: true, clear: 'pointerout' } }],
    },
    { name: 'crosshair_rule', data: targets, transform: at, mark: { type: 'rule', style: 'crosshair' }, encoding: { x: pos.x } },
    { name: 'crosshair_heading', data: targets, transform: at, mark: text, encoding: { x: pos.x, text: { field: 'heading' } } },
    {
      name: 'crosshair_readout',
      data: curves,
      transform: at,
      mark: text,
      encoding: { x: pos.x, yOffset: { field: 'offset', type: 'quantitative', scale: null }, text: { field: 'readout' }, opacity: ctx.hideable(1) },
    },
  ];
}

/** Fitted lines: one per fit and group, dashed by law when several laws are compared. */
function lineLayer(ctx: Context, axes: Axes, data: { name: string }, color: Layer, extra: Layer = {}): Layer {
  return {
    name: 'curves',
    data,
    mark: { type: 'line', clip: true, aria: false },
    encoding: {
      ...xy(axes, 'x', 'loss'),
      color,
      detail: { field: 'key' },
      ...(ctx.output.fits.length > 1 ? { strokeDash: { field: 'law', type: 'nominal', title: 'law' } } : {}),
      opacity: ctx.hideable(1),
      ...extra,
    },
  };
}

/** The two parts of a target's curve (spec `loss: [a, b]`): solid over its data, dashed beyond. */
const OVER_DATA = 'over its data';
const EXTRAPOLATED = 'extrapolated';

/** Room above and below the losses on the log loss axis, as a fraction of its decades. */
const LOSS_MARGIN = 0.05;

/**
 * The fit plot's loss axis: the observed losses and the predictions from each curve's own data onwards
 * (through the extrapolation, and the frontier's L*), with a margin. Bootstrap bands and a curve's
 * rise left of its group's data (small C for a large model) are clipped, not allowed to stretch the
 * axis until the data is a strip.
 */
function fitLossDomain(output: FitOutput): [number, number] | undefined {
  return paddedLossDomain([
    ...(output.points.values.loss ?? []),
    ...output.curves.flatMap((c) => c.ys.filter((_, i) => c.xs[i] >= c.observed[0])),
    ...(output.frontiers?.[0] && frontierAlong(output.frontiers[0], output.xRole) ? output.frontiers[0].loss : []),
  ]);
}

/** The range of the positive losses given, widened by LOSS_MARGIN so no point sits on the frame. */
function paddedLossDomain(values: number[]): [number, number] | undefined {
  const losses = values.filter((v) => v > 0 && Number.isFinite(v));
  if (losses.length === 0) return undefined;
  const [lo, hi] = [minOf(losses), maxOf(losses)];
  const pad = Math.max((hi / lo) ** LOSS_MARGIN, 1.02);
  return [lo / pad, hi * pad];
}

function fitPlot(ctx: Context): Layer {
  const { output } = ctx;
  const x = output.xRole;
  const axes = lossAxes(x, fitLossDomain(output));
  const curveRows: Row[] = [];
  const bandRows: Row[] = [];
  // Several targets are told apart by colour; the dash then says where each one's curve leaves its data.
  const segmented = fitSeries(output.fits) !== undefined;
  const lineRows: Row[] = [];
  for (const [c, curve] of output.curves.entries()) {
    const group = curve.group || ctx.labels[curve.fit];
    // One line per curve: several series' curves can share a fit's group name (a series' iso-N lines).
    const key = `${c}|${curve.fit}|${group}`;
    let previous: Row | undefined;
    curve.xs.forEach((v, i) => {
      const row: Row = { x: v, loss: curve.ys[i], group, law: ctx.labels[curve.fit], key };
      if (ctx.interactive) row.readout = `${ctx.labels[curve.fit]}${curve.group && !segmented ? `, ${curve.group}` : ''}: ${formatNumber(curve.ys[i])}`;
      curveRows.push(row);
      if (curve.lo && curve.hi) bandRows.push({ x: v, lo: curve.lo[i], hi: curve.hi[i], group, key });
      if (!segmented) return;
      const part = v <= curve.observed[1] ? OVER_DATA : EXTRAPOLATED;
      // The first sample past the data also starts the dashed part, so the two parts meet.
      if (previous && previous.part !== part) lineRows.push({ ...previous, part, key: `${key}|${part}` });
      previous = { ...row, part, key: `${key}|${part}` };
      lineRows.push(previous);
    });
  }
  const domain = [...new Set([...output.points.groups, ...curveRows.map((r) => String(r.group))])];
  // Iso-lines of a size (N, D, C, M) are ordered: a ramp, smallest to largest.
  const color = ctx.groupColor(output.groupRole ? ROLE_TITLES[output.groupRole] : 'series', domain, output.groupRole !== undefined && inTetrad(output.groupRole));
  const curves = ctx.dataset('curves', curveRows);
  const maxObserved = maxOf(output.points.values[x]!);
  const frontier = output.frontiers?.[0];
  const frontierXs = frontier && frontierAlong(frontier, x);
  const maxDrawn = Math.max(maxOf(output.curves.flatMap((c) => c.xs)), maxOf(frontierXs ?? []));
  const layers: Layer[] = [...extrapolationLayers(ctx, axes, 'extrapolation', maxObserved, maxDrawn)];
  if (bandRows.length > 0) {
    layers.push({
      name: 'band',
      data: ctx.dataset('band', bandRows),
      mark: { type: 'area', clip: true },
      encoding: { ...xy(axes, 'x', 'lo'), y2: { field: 'hi' }, color, detail: { field: 'key' }, opacity: ctx.hideable(0.18) },
    });
  }
  layers.push(
    segmented
      ? lineLayer(ctx, axes, ctx.dataset('curve-lines', lineRows), color, {
          strokeDash: { field: 'part', type: 'nominal', title: 'curve', scale: { domain: [OVER_DATA, EXTRAPOLATED], range: [[1, 0], [5, 3]] } },
        })
      : lineLayer(ctx, axes, curves, color),
  );
  if (frontier && frontierXs) {
    layers.push({
      data: ctx.dataset('frontier-loss', frontierXs.map((v, j) => ({ x: v, loss: frontier.loss[j] }))),
      mark: { type: 'line', style: 'reference', clip: true },
      encoding: xy(axes, 'x', 'loss'),
    });
  }
  // The crosshair's hit areas (Voronoi cells) go under the points, so hovering a point still shows its tooltip.
  const [target, ...crosshair] = crosshairLayers(ctx, axes, curves, curveRows, (v) => `${x} = ${formatRole(x, v)}`);
  if (target) layers.push(target);
  layers.push(ctx.pointLayer(ctx.dataset('points', ctx.pointRows(x)), color, xy(axes, 'x', 'loss')));
  pushAll(layers, crosshair);
  if (frontierXs) pushAll(layers, budgetLayers(ctx, axes, 'loss', frontierXs));
  return { title: titled(ctx, `Loss vs ${ROLE_TITLES[x]}`), layer: layers };
}

/** One row per (point, fit) with the fit's prediction and log residual. */
function predictionRows(ctx: Context): Row[] {
  const base = ctx.pointRows(ctx.output.xRole);
  return ctx.labels.flatMap((law, f) =>
    base.map((row) => {
      const predicted = Number(row[`p${f}`]);
      return { ...row, group: law, predicted, residual: Math.log(Number(row.loss) / predicted) };
    }),
  );
}

function residualPlot(ctx: Context): Layer {
  const rows = predictionRows(ctx).filter((r) => Number.isFinite(r.residual));
  const axes: Axes = { x: roleChannel(ctx.output.xRole), y: { type: 'quantitative', title: 'ln(observed / predicted)' } };
  return {
    title: titled(ctx, 'Residuals'),
    layer: [
      { data: ctx.dataset('zero', [{ y: 0 }]), mark: { type: 'rule', style: 'reference' }, encoding: { y: { ...axes.y, field: 'y' } } },
      ctx.pointLayer(ctx.dataset('residuals', rows), ctx.groupColor('law', ctx.labels, false), xy(axes, 'x', 'residual')),
    ],
  };
}

function parityPlot(ctx: Context): Layer {
  const rows = predictionRows(ctx).filter((r) => Number(r.predicted) > 0);
  const all = rows.flatMap((r) => [Number(r.loss), Number(r.predicted)]);
  const axes: Axes = { x: logChannel('predicted loss'), y: logChannel('observed loss') };
  return {
    title: titled(ctx, 'Predicted vs observed loss'),
    layer: [
      { data: ctx.dataset('diagonal', [{ v: minOf(all) }, { v: maxOf(all) }]), mark: { type: 'line', style: 'reference' }, encoding: xy(axes, 'v', 'v') },
      ctx.pointLayer(ctx.dataset('parity', rows), ctx.groupColor('law', ctx.labels, false), xy(axes, 'predicted', 'loss')),
    ],
  };
}

function isoflopPlot(ctx: Context): Layer {
  const { output } = ctx;
  const groups = output.isoflops ?? [];
  const budget = output.points.budget ?? [];
  const names = groups.map((g) => g.group);
  const points = ctx.pointRows('N').flatMap((row, i) => (budget[i] >= 0 ? [{ ...row, group: names[budget[i]] }] : []));
  const curveRows = groups.flatMap((g) =>
    g.curves.flatMap((c) => c.N.map((n, i) => ({ x: n, loss: c.loss[i], group: g.group, law: ctx.labels[c.fit], key: `${c.fit}|${g.group}` }))),
  );
  const axes = lossAxes('N', paddedLossDomain([...(output.points.values.loss ?? []).filter((_, i) => budget[i] >= 0), ...curveRows.map((r) => r.loss)]));
  const optima = groups.flatMap((g) =>
    g.curves.flatMap((c) =>
      Number.isFinite(c.optimum.N)
        ? [{ x: c.optimum.N, loss: c.optimum.loss, group: g.group, label: `${g.group}: N* = ${formatRole('N', c.optimum.N)}, L* = ${formatNumber(c.optimum.loss)} (${ctx.labels[c.fit]})` }]
        : [],
    ),
  );
  const color = ctx.groupColor('budget C', names, true);
  return {
    title: titled(ctx, 'IsoFLOP curves: loss vs parameters at fixed compute'),
    layer: [
      lineLayer(ctx, axes, ctx.dataset('isoflop-curves', curveRows), color),
      ctx.pointLayer(ctx.dataset('isoflop-points', points), color, xy(axes, 'x', 'loss')),
      {
        name: 'optima',
        data: ctx.dataset('isoflop-optima', optima),
        mark: { type: 'point', shape: 'diamond', size: 110, filled: true, style: 'optimum' },
        encoding: { ...xy(axes, 'x', 'loss'), tooltip: [{ field: 'label', title: 'optimum' }], opacity: ctx.hideable(1) },
      },
    ],
  };
}

const REFERENCE_RULE = 'N, D at 20 tokens/param';

function frontierPlot(ctx: Context): Layer {
  const { output } = ctx;
  const frontier = output.frontiers![0];
  const law = ctx.labels[frontier.fit];
  const axes: Axes = { x: roleChannel('C'), y: roleChannel('N', 'N*, D* (parameters, tokens)') };
  const pos = xy(axes, 'x', 'N');
  const nLabel = `N* (${law})`;
  const dLabel = `D* (${law})`;
  const band = frontier.band;
  const bandAt = new Map(band?.C.map((C, k) => [C, k]));
  // N* and D* with the bootstrap's 95 % range where the fit has one ("32.2B (95 % 27.9B – 37.1B)").
  const value = (v: number, lo: number[] | undefined, hi: number[] | undefined, C: number) => {
    const k = bandAt.get(C);
    return `${formatCount(v)}${formatInterval(v, k === undefined ? undefined : { lo: lo?.[k], hi: hi?.[k] }, formatCount)}`;
  };
  const rows: Row[] = frontier.C.flatMap((C, j) => [
    { x: C, N: frontier.N[j], group: nLabel, t: value(frontier.N[j], band?.nLo, band?.nHi, C) },
    { x: C, N: frontier.D[j], group: dLabel, t: value(frontier.D[j], band?.dLo, band?.dHi, C) },
  ]);
  const bandRows: Row[] = band
    ? band.C.flatMap((C, k) => [
        { x: C, lo: band.nLo[k], hi: band.nHi[k], group: nLabel },
        { x: C, lo: band.dLo[k], hi: band.dHi[k], group: dLabel },
      ])
    : [];
  // Reference: 20 tokens per parameter, C = 6·N·20N, so N = √(C/120).
  const reference: Row[] = [frontier.C[0], frontier.C[frontier.C.length - 1]].flatMap((C) => [
    { x: C, N: Math.sqrt(C / 120), group: 'N', rule: REFERENCE_RULE },
    { x: C, N: 20 * Math.sqrt(C / 120), group: 'D', rule: REFERENCE_RULE },
  ]);
  const color = ctx.groupColor('quantity', [nLabel, dLabel], false);
  const optima = (output.isoflops ?? []).flatMap((g) =>
    g.curves
      .filter((c) => c.fit === frontier.fit && Number.isFinite(c.optimum.N))
      .flatMap((c) => [
        { x: g.C, N: c.optimum.N, group: nLabel, t: `IsoFLOP optimum ${formatRole('N', c.optimum.N)}` },
        { x: g.C, N: c.optimum.D, group: dLabel, t: `IsoFLOP optimum ${formatRole('D', c.optimum.D)}` },
      ]),
  );
  const tooltip = [
    { field: 'group', title: 'quantity' },
    { field: 't', title: 'value' },
  ];
  const replicates = output.fits[frontier.fit]?.bootstrapSamples?.length ?? 0;
  const bandNote = band ? [`Shaded: the 95 % range of N* and D* over ${replicates} bootstrap refits, each at its own optimum.`] : [];
  return {
    title: titled(ctx, 'Compute-optimal allocation', bandNote),
    layer: [
      ...extrapolationLayers(ctx, axes, 'frontier-extrapolation', frontier.observed[1], frontier.C[frontier.C.length - 1]),
      // Named in a legend of its own, not by labels at the lines' ends (they overprinted the extrapolation label).
      {
        name: 'reference',
        data: ctx.dataset('reference', reference),
        mark: { type: 'line', style: 'reference' },
        encoding: { ...pos, detail: { field: 'group' }, strokeDash: { field: 'rule', type: 'nominal', title: 'reference', scale: { range: [[4, 4]] } } },
      },
      ...(bandRows.length > 0
        ? [
            {
              name: 'band',
              data: ctx.dataset('frontier-band', bandRows),
              mark: { type: 'area', clip: true },
              encoding: { ...xy(axes, 'x', 'lo'), y2: { field: 'hi' }, color, detail: { field: 'group' }, opacity: ctx.hideable(0.18) },
            },
          ]
        : []),
      {
        name: 'frontier',
        data: ctx.dataset('frontier', rows),
        mark: { type: 'line' },
        encoding: { ...pos, color, tooltip },
        ...(ctx.interactive ? { params: zoomParams() } : {}),
      },
      ...(optima.length > 0 ? [{ name: 'optima', data: ctx.dataset('frontier-optima', optima), mark: { type: 'point', shape: 'diamond', filled: true, size: 60, opacity: 1 }, encoding: { ...pos, color, tooltip } }] : []),
      ...budgetLayers(ctx, axes, 'N', frontier.C),
    ],
  };
}

function lossCurvePlot(ctx: Context): Layer {
  const { output } = ctx;
  const axes = lossAxes('step');
  const points = ctx.pointRows('step');
  const lines = ctx.labels.flatMap((law, f) => points.map((r) => ({ x: r.x, loss: r[`p${f}`], group: r.group, law, key: `${f}|${r.group}` })));
  const color = ctx.groupColor(output.groupRole ? ROLE_TITLES[output.groupRole] : 'run', output.points.groups, false);
  return {
    title: titled(ctx, 'Loss curves with the fit'),
    layer: [
      lineLayer(ctx, axes, ctx.dataset('loss-curve-fit', lines), color, { order: { field: 'x', type: 'quantitative' } }),
      ctx.pointLayer(ctx.dataset('loss-curve-points', points), color, { ...xy(axes, 'x', 'loss'), size: { value: 12 } }),
    ],
  };
}

const BUILDERS: Record<PlotKind, (ctx: Context) => Layer> = {
  fit: fitPlot,
  residuals: residualPlot,
  parity: parityPlot,
  isoflop: isoflopPlot,
  frontier: frontierPlot,
  'loss-curve': lossCurvePlot,
  'learning-curve': learningCurvePlot,
};
