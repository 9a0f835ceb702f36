/**
 * The calculator's small chart: loss vs N at the plan's compute (the IsoFLOP curve), with the optimum,
 * the 20 tokens/param point and, in inference-aware mode, the inference-aware model marked and named
 * in a legend. Colours come from the chart theme's named styles (core/plot/theme), like every other
 * chart of the extension; numbers from core/format, as in the plan table beside it.
 */
import { formatCount, formatNumber } from '../src/core/format';
import { ROLE_TITLES, tickLabels } from '../src/core/plot/labels';
import { type ChartTheme, themeConfig } from '../src/core/plot/theme';
import type { IsoflopPoint, PlanResult } from '../src/core/optimal/types';

type Spec = Record<string, unknown>;

/** From this plot width the legend's entries fit on one row. */
const WIDE_LEGEND_PX = 360;

export function isoflopSpec(curve: IsoflopPoint[], result: PlanResult, theme: ChartTheme, width: number): Spec {
  const optimumLabel = result.mode === 'compute-optimal' || result.mode === 'target-loss' ? 'optimum' : 'compute-optimal';
  const optimum = result.inference?.computeOptimal ?? (result.mode === 'fixed-ratio' ? undefined : result);
  const marks = [
    ...(optimum ? [marker(optimumLabel, optimum.N, optimum.loss)] : []),
    ...(result.mode === 'fixed-ratio' ? [marker(`${formatNumber(result.tokensPerParam, 3)} tokens/param`, result.N, result.loss)] : []),
    ...(result.inference ? [marker('inference-aware', result.N, result.loss)] : []),
    marker('20 tokens/param', result.ruleOfThumb.N, result.ruleOfThumb.loss),
  ];
  const x = { field: 'N', type: 'quantitative', scale: { type: 'log' }, title: ROLE_TITLES.N, axis: { labelExpr: tickLabels('count'), labelSeparation: 8, tickCount: 4 } };
  const y = { field: 'loss', type: 'quantitative', scale: { zero: false }, title: 'predicted loss' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height: 160,
    title: { text: `Loss vs N at ${formatNumber(result.budgetFlops ?? result.flops, 3)} FLOPs`, anchor: 'start' },
    config: { ...themeConfig(theme), background: 'transparent' },
    layer: [
      {
        data: { values: curve.map((p) => ({ N: p.N, loss: p.loss, t_N: formatCount(p.N), t_D: formatCount(p.D), t_loss: formatNumber(p.loss, 5) })) },
        mark: { type: 'line', clip: true },
        encoding: {
          x,
          y,
          tooltip: [
            { field: 't_N', title: 'N' },
            { field: 't_D', title: 'D' },
            { field: 't_loss', title: 'loss' },
          ],
        },
      },
      {
        data: { values: marks },
        // Named in a legend under the plot, not beside each marker: at side-view widths the optimum and
        // the 20 tokens/param point sit a few pixels apart and their labels overprinted or ran off the edge.
        mark: { type: 'point', filled: true, size: 60, style: 'optimum' },
        encoding: {
          x,
          y,
          shape: { field: 'label', type: 'nominal', sort: null, title: null, legend: { orient: 'bottom', direction: 'horizontal', columns: width >= WIDE_LEGEND_PX ? marks.length : 2 } },
          tooltip: { field: 'tip' },
        },
      },
    ],
  };
}

function marker(label: string, N: number, loss: number): Record<string, string | number> {
  return { label, N, loss, tip: `${label}: N = ${formatCount(N)}, loss ${formatNumber(loss, 5)}` };
}
