/**
 * Charts of a hyperparameter law (issue 15): per (N, D) group, the sweep's loss over (learning rate,
 * batch size) with the group's best run and the law's recommendation marked — whether the law lands on
 * the plateau is what a pre-training lead checks — and lr* against N with the law drawn at a few data
 * sizes (iso-D lines) over the groups' best learning rates.
 */
import { formatCount } from '../format';
import { recommendHparams, type HparamLaw } from '../hparams/law';
import type { GridGroup } from '../hparams/grid';
import { logChannel } from './specContext';
import { SCHEMA, type VegaLiteSpec } from './specContext';
import { themeConfig, type ChartTheme } from './theme';
import { roleNotation, tickLabels } from './labels';

/** Groups a row of the heat-map facet holds. */
const FACET_COLUMNS = 4;
/** Iso-D lines drawn in the lr* chart: the data's smallest, middle and largest D. */
const ISO_D_LINES = 3;
const LR_POINTS = 40;

const groupTitle = (g: GridGroup) => `N ${formatCount(g.N)} · D ${formatCount(g.D)}`;

/**
 * Each grid value's cell on a log axis: from half-way (in logs) to the value below to half-way to the one
 * above, so a sweep's uneven grid (batch sizes ×1.4 here, ×2 there) tiles without gaps or overlaps.
 */
function gridCells(values: readonly number[]): Map<number, [number, number]> {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const mid = (a: number, b: number) => Math.sqrt(a * b);
  return new Map(
    sorted.map((v, i) => {
      const below = i > 0 ? mid(sorted[i - 1], v) : v / Math.sqrt(sorted[1] / v || 2);
      const above = i < sorted.length - 1 ? mid(v, sorted[i + 1]) : v * Math.sqrt(v / sorted[i - 1] || 2);
      return [v, [below, above]];
    }),
  );
}

export function buildHparamsSpec(law: HparamLaw, groups: readonly GridGroup[], heldOut: readonly GridGroup[], theme: ChartTheme): VegaLiteSpec {
  const all = [...groups.map((g) => ({ g, held: false })), ...heldOut.map((g) => ({ g, held: true }))];
  const runs = all.flatMap(({ g, held }) => {
    const best = g.runs.reduce((a, b) => (b.loss < a.loss ? b : a)).loss;
    const group = `${groupTitle(g)}${held ? ' (held out)' : ''}`;
    const lrCell = gridCells(g.runs.map((r) => r.lr));
    const bsCell = gridCells(g.runs.map((r) => r.bsTokens));
    return g.runs.map((r) => {
      const [lr0, lr1] = lrCell.get(r.lr)!;
      const [bs0, bs1] = bsCell.get(r.bsTokens)!;
      return { group, lr: r.lr, bs: r.bsTokens, lr0, lr1, bs0, bs1, penalty: Math.max(r.loss / best - 1, 1e-5), what: 'run' };
    });
  });
  const marks = all.flatMap(({ g, held }) => {
    const group = `${groupTitle(g)}${held ? ' (held out)' : ''}`;
    const best = g.runs.reduce((a, b) => (b.loss < a.loss ? b : a));
    const rec = recommendHparams(law, g);
    return [
      { group, lr: best.lr, bs: best.bsTokens, what: 'best run' },
      { group, lr: rec.lr, bs: rec.bsTokens, what: 'law' },
    ];
  });
  const order = all.map(({ g, held }) => `${groupTitle(g)}${held ? ' (held out)' : ''}`);
  const x = { field: 'lr', ...logChannel('peak learning rate', roleNotation('lr')) };
  const y = { field: 'bs', ...logChannel('batch size (tokens)', 'count') };
  const heat = {
    data: { name: 'sweep' },
    facet: { field: 'group', type: 'nominal', sort: order, title: null, header: { labelFontSize: theme.fontSize } },
    columns: FACET_COLUMNS,
    spec: {
      width: 170,
      height: 140,
      layer: [
        {
          transform: [{ filter: "datum.what == 'run'" }],
          mark: { type: 'rect', opacity: 1 },
          encoding: {
            x: { ...x, field: 'lr0' },
            x2: { field: 'lr1' },
            y: { ...y, field: 'bs0' },
            y2: { field: 'bs1' },
            color: {
              field: 'penalty',
              type: 'quantitative',
              title: ['loss over', 'the group best'],
              scale: { type: 'log', scheme: 'viridis', reverse: true, domain: [1e-4, 0.1], clamp: true },
              legend: { format: '.2~%', orient: 'right' },
            },
          },
        },
        {
          transform: [{ filter: "datum.what != 'run'" }],
          mark: { type: 'point', filled: false, size: 140, strokeWidth: 2.5, opacity: 1 },
          encoding: {
            x,
            y,
            shape: { field: 'what', type: 'nominal', title: null, scale: { domain: ['best run', 'law'], range: ['circle', 'cross'] } },
            color: { value: theme.accent },
          },
        },
      ],
    },
    title: { text: 'Loss over the sweep, per (N, D) group', subtitle: 'circle: the group\u2019s best run; cross: the law\u2019s recommendation' },
  };
  const sizes = [...new Set(all.map(({ g }) => g.N))].sort((a, b) => a - b);
  const data = [...new Set(all.map(({ g }) => g.D))].sort((a, b) => a - b);
  const isoD = ISO_D_LINES >= data.length ? data : [data[0], data[Math.floor(data.length / 2)], data[data.length - 1]];
  const [lo, hi] = [sizes[0] / 1.5, sizes[sizes.length - 1] * 1.5];
  const lines = isoD.flatMap((D) =>
    Array.from({ length: LR_POINTS }, (_, i) => {
      const N = lo * (hi / lo) ** (i / (LR_POINTS - 1));
      return { N, lr: recommendHparams(law, { N, D }).lr, D, label: i === LR_POINTS - 1 ? `D ${formatCount(D)}` : '' };
    }),
  );
  const optima = all.map(({ g, held }) => ({ N: g.N, lr: g.runs.reduce((a, b) => (b.loss < a.loss ? b : a)).lr, D: g.D, held: held ? 'held out' : 'fitted' }));
  // One continuous colour for D, shared by the law's lines and the groups' points.
  // The theme's ramp (viridis cut where it meets the background), so the top D stays legible as a line.
  const colourD = {
    field: 'D',
    type: 'quantitative',
    title: 'D (tokens)',
    scale: { type: 'log', domain: [data[0], data[data.length - 1]] },
    legend: { type: 'gradient', labelExpr: tickLabels('count') },
  };
  const lrChart = {
    width: 560,
    height: 320,
    title: { text: 'Optimal learning rate against N', subtitle: 'lines: the law at three data sizes (iso-D); points: each group\u2019s best run' },
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line' },
        encoding: {
          // Room right of the lines for their D labels.
          x: { field: 'N', ...logChannel('N (parameters)', 'count', false), scale: { type: 'log', nice: false, domain: [lo, hi * 4] } },
          y: { field: 'lr', ...logChannel('peak learning rate', roleNotation('lr')) },
          color: colourD,
          detail: { field: 'D', type: 'nominal' },
        },
      },
      {
        data: { values: lines },
        transform: [{ filter: "datum.label != ''" }],
        mark: { type: 'text', align: 'left', dx: 4 },
        encoding: { x: { field: 'N', type: 'quantitative' }, y: { field: 'lr', type: 'quantitative' }, text: { field: 'label' }, color: colourD },
      },
      {
        data: { values: optima },
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          x: { field: 'N', type: 'quantitative' },
          y: { field: 'lr', type: 'quantitative' },
          color: colourD,
          shape: { field: 'held', type: 'nominal', title: null, scale: { domain: ['fitted', 'held out'], range: ['circle', 'triangle-up'] } },
        },
      },
    ],
  };
  return {
    $schema: SCHEMA,
    // One dataset, so the facet splits the runs and the markers of each group alike.
    datasets: { sweep: [...runs, ...marks] },
    vconcat: [heat, lrChart],
    resolve: { scale: { color: 'independent', shape: 'independent' }, legend: { color: 'independent', shape: 'independent' } },
    spacing: 32,
    config: themeConfig(theme),
  };
}
