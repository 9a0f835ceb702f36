/**
 * The learning-curve view's spec on real logs, in Node: the static spec of `--plot` stacks it first with
 * no interactive controls and renders to SVG with the forecast; the default x scale follows where the
 * points lie; the loss axis follows the curve, not the first steps. (The chart in a browser:
 * test/renderer/learningCurve.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { writeFitPlot } from '../../src/cli/plotOutput';
import { maxOf } from '../../src/core/arrays';
import { buildSpec, buildStaticSpec, LIGHT_THEME } from '../../src/core/plot';
import { describeForecast } from '../../src/core/curve/describe';
import { defaultXScale } from '../../src/core/plot/learningCurveSpec';
import type { LearningCurveOutput } from '../../src/shared/fitOutput';
import { gpt3Curve, readTable } from '../renderer/fixtures';
import { compileWarnings } from './plot-helpers';

type Spec = Record<string, unknown>;

/** Every view of a spec (concatenated and layered), depth first. */
function views(spec: Spec): Spec[] {
  const children = [...((spec.vconcat as Spec[] | undefined) ?? []), ...((spec.layer as Spec[] | undefined) ?? [])];
  return [spec, ...children.flatMap(views)];
}

/** The train-loss series of Mamba-3B's log at the given rows. */
function mambaSeries(pick: (steps: Float64Array) => number[]): LearningCurveOutput {
  const table = readTable('llm360-mamba/llm360Mamba3B.csv');
  const step = table.columns.find((c) => c.name === 'step')!.values;
  const loss = table.columns.find((c) => c.name === 'loss')!.values;
  const rows = pick(step);
  return {
    x: 'step',
    series: [{ name: 'loss', kind: 'train', column: 'loss', xs: rows.map((r) => step[r]), ys: rows.map((r) => loss[r]), total: table.rowCount }],
    smoothing: { kind: 'ema', window: 1 },
    fitCurves: [],
    until: { value: step[table.rowCount - 1], source: 'last-row' },
    forecasts: [],
  };
}

describe('learning-curve view spec', () => {
  const gpt3 = gpt3Curve();

  test('--plot stacks the learning curve first, without params or bindings, and the SVG carries the forecast', async () => {
    const spec = buildStaticSpec(gpt3.output, { theme: LIGHT_THEME });
    const stack = spec.vconcat as Spec[];
    assert.equal(gpt3.output.plots[0], 'learning-curve');
    assert.equal(stack.length, gpt3.output.plots.length);
    assert.match(String((stack[0].title as Spec).text), /^Learning curve: loss vs step/);
    assert.ok(views(spec).every((v) => v.params === undefined), 'no interactive params in static output');
    assert.doesNotMatch(JSON.stringify(spec), /"bind"|"tooltip"/);
    assert.deepEqual(await compileWarnings(spec), []);
    const dir = mkdtempSync(join(tmpdir(), 'lc-view-'));
    try {
      const path = join(dir, 'curve.svg');
      await writeFitPlot(path, gpt3.output);
      const svg = readFileSync(path, 'utf8');
      const label = describeForecast(gpt3.curve.forecasts[0]);
      assert.match(label, /^final loss ≈ 2\.\d+ at step 300 \(until\)$/);
      // Broken before "at" when longer than half the plot: both parts are on the chart.
      for (const part of label.split(/ (?=at step)/)) assert.ok(svg.includes(part), `"${part}" is written on the chart`);
      assert.ok(svg.includes('Learning curve: loss vs step'));
      assert.ok(svg.indexOf('Learning curve: loss vs step') < svg.indexOf('Loss vs step'), 'learning curve above the fit plot');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the interactive spec compiles on both x scales and keeps the y axis off the first steps', async () => {
    for (const xScale of ['linear', 'log'] as const) {
      const spec = buildSpec(gpt3.output, 'learning-curve', { xScale });
      assert.deepEqual(await compileWarnings(spec), [], xScale);
      const main = (spec.vconcat as Spec[])[0];
      const curves = (main.layer as Spec[]).find((l) => l.name === 'curves')!;
      const x = (curves.encoding as Spec).x as Spec;
      assert.equal((x.scale as Spec).type, xScale);
      const y = ((curves.encoding as Spec).y as Spec).scale as { domain: [number, number] };
      // GPT-3 XL's validation loss starts at 3.30, its train loss at 2.92; past the first 5 % of the run both stay below 2.66.
      assert.ok(maxOf(gpt3.curve.series[1].ys) > 3.2);
      assert.ok(y.domain[1] < 2.7 && y.domain[0] > 2.1, `loss axis ${y.domain}`);
      // Wrapped lines of a listed note are indented with no-break spaces.
      const subtitle = ((spec.title as Spec).subtitle as string[]).join(' ').replace(/\s+/g, ' ');
      assert.match(subtitle, /points lie outside \(up to 3\.\d+/);
    }
  });

  test('default x scale: linear for a log written every k steps, log for log-spaced checkpoints', () => {
    assert.equal(defaultXScale(gpt3.curve), 'linear');
    const every = mambaSeries((step) => Array.from({ length: Math.floor(step.length / 20) }, (_, i) => i * 20));
    assert.equal(defaultXScale(every), 'linear');
    // The same run's rows nearest to 4 · 1.25^k: the checkpoints of a log-spaced schedule.
    const logSpaced = mambaSeries((step) => {
      const rows = new Set<number>();
      for (let target = 4; target <= step[step.length - 1]; target *= 1.25) rows.add(Math.min(step.length - 1, Math.round(target / 4) - 1));
      return [...rows];
    });
    assert.equal(defaultXScale(logSpaced), 'log');
  });
});
