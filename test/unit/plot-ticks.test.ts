/**
 * Tick labels of the fit charts on a real fit (Epoch Chinchilla), drawn by Vega in Node at the data's
 * range and zoomed in and out through the zoom selection's own signals: one notation per axis, as the
 * core formatter prints the tick value, never Vega's own "10000000000" or "1e+18".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCount, formatNumber } from '../../src/core/format';
import { buildSpec } from '../../src/core/plot';
import { ROLE_TITLES } from '../../src/core/plot/labels';
import type { PlotKind } from '../../src/shared/fitOutput';
import { chinchillaFit } from '../renderer/fixtures';
import { axisLabels } from './plot-helpers';

const { output } = chinchillaFit();

/** formatNumber's scientific form at any size (3 digits): 1e18, 2.5e18. */
function scientific(value: number): string {
  const [mantissa, exponent] = value.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

function assertLabels(kind: PlotKind, axes: Map<string, Array<{ value: number; text: string }>>, title: string, expected: (v: number) => string, where: string): void {
  const labels = axes.get(title);
  assert.ok(labels && labels.length >= 2, `${kind} ${where}: axis "${title}" has labels (axes: ${[...axes.keys()].join(', ')})`);
  for (const { value, text } of labels) assert.equal(text, expected(value), `${kind} ${where}: tick ${value} on "${title}"`);
}

type Zoom = [string, { x?: [number, number]; y?: [number, number] }];

describe('tick labels of the Chinchilla fit charts', () => {
  const zooms: Zoom[] = [
    ['unzoomed', {}],
    ['zoomed into 1e18–3e18 FLOPs', { x: [1e18, 3e18] }],
    ['zoomed into 1e20–2e20 FLOPs', { x: [1.05e20, 1.9e20] }],
    ['zoomed out to 1e15–1e27 FLOPs', { x: [1e15, 1e27] }],
  ];

  for (const kind of ['fit', 'residuals'] as const) {
    test(`${kind}: C in powers of ten at every zoom, loss in decimals`, async () => {
      const spec = buildSpec(output, kind, { interactive: true });
      for (const [where, zoom] of zooms) {
        const axes = await axisLabels(spec, zoom);
        assertLabels(kind, axes, ROLE_TITLES.C, scientific, where);
        if (zoom.x) assert.ok(axes.get(ROLE_TITLES.C)!.every(({ value }) => value >= zoom.x![0] && value <= zoom.x![1]), `${kind} ${where}: the zoom took`);
        if (kind === 'fit') assertLabels(kind, axes, ROLE_TITLES.loss, (v) => String(Number(v.toPrecision(3))), where);
      }
    });
  }

  test('IsoFLOP: N in SI suffixes (formatCount) at every zoom', async () => {
    const spec = buildSpec(output, 'isoflop', { interactive: true });
    const isoflopZooms: Zoom[] = [
      ['unzoomed', {}],
      ['zoomed into 1e8–4e8', { x: [1e8, 4e8] }],
      ['zoomed into 1.1e10–1.9e10', { x: [1.1e10, 1.9e10] }],
    ];
    for (const [where, zoom] of isoflopZooms) {
      const axes = await axisLabels(spec, zoom);
      assertLabels('isoflop', axes, ROLE_TITLES.N, (v) => formatCount(v), where);
    }
  });

  test('the frontier: C in powers of ten, N* and D* in SI suffixes', async () => {
    const axes = await axisLabels(buildSpec(output, 'frontier', { interactive: true }));
    assertLabels('frontier', axes, ROLE_TITLES.C, scientific, 'unzoomed');
    assertLabels('frontier', axes, 'N*, D* (parameters, tokens)', (v) => formatCount(v), 'unzoomed');
    // formatNumber prints these the same way: the chart and the tables agree.
    assert.equal(scientific(5.76e23), formatNumber(5.76e23, 3));
  });
});
