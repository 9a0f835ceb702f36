/**
 * The learning-curve view in the BUILT renderer bundle (Chromium, CSP without 'unsafe-eval'), on real
 * logs: LLM360 Mamba-3B (44,174 rows, 3,000 drawn) and GPT-3 XL's train and validation curves. Mark
 * counts against the payload, the x-scale switch, label overlap at two widths, tooltips and themes;
 * screenshots go to test-results/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeForecast } from '../../src/core/curve/describe';
import { chromiumMissing, ensureBundle, Harness, render, SCREENSHOTS } from './harness';
import { gpt3Curve, mambaCurve, predict } from './fixtures';
import { chartWidth, overlappingTexts } from './chartChecks';
import { compareWithFits } from '../../src/core/fit';
import { buildFitOutput } from '../../src/core/plot';
import { comparisonView } from '../../src/core/plot/comparisonView';

interface CurveMarks {
  trainPoints: number;
  evalPoints: number;
  smooth: number[];
  curves: number[];
  curveDash: string[];
  bands: number;
  extrapolation: number;
  until: number;
  forecast: number;
  forecastLabel: string;
  residuals: number;
  legend: string[];
  xLabels: string[];
  pointFills: string[];
  evalFills: string[];
}

function curveMarks(page: Page, id: string): Promise<CurveMarks> {
  return page.evaluate((id) => {
    const root = document.getElementById(id)!.shadowRoot!;
    const all = (selector: string) => Array.from(root.querySelectorAll(selector));
    const vertices = (selector: string) => all(selector).map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0);
    return {
      trainPoints: all('g.points_marks > path').length,
      evalPoints: all('g.eval_points_marks > path').length,
      smooth: vertices('g.smooth_marks > path'),
      curves: vertices('g.curves_marks > path'),
      curveDash: all('g.curves_marks > path').map((p) => p.getAttribute('stroke-dasharray') ?? ''),
      bands: all('g.band_marks > path').length,
      extrapolation: all('g.extrapolation_marks > path').length,
      until: all('g.until_marks > line').length,
      forecast: all('g.forecast_marks > path').length,
      forecastLabel: all('g.forecast_label_marks > text').map((t) => t.textContent ?? '').join(''),
      residuals: all('g.residuals_marks > path').length,
      legend: all('g.role-legend-entry text').map((t) => t.textContent ?? ''),
      // The first x axis drawn is the residual panel's (the main plot's shares its scale).
      xLabels: all('g.role-axis .role-axis-label text').map((t) => t.textContent ?? ''),
      pointFills: [...new Set(all('g.points_marks > path').map((p) => p.getAttribute('fill') ?? ''))],
      evalFills: [...new Set(all('g.eval_points_marks > path').map((p) => p.getAttribute('fill') ?? ''))],
    };
  }, id);
}

const missing = chromiumMissing();
if (missing) console.log(`skipping learning-curve renderer tests: ${missing}`);

describe('learning-curve view in the renderer bundle', { skip: missing }, () => {
  const harness = new Harness();
  let page: Page;
  const mamba = mambaCurve();
  const gpt3 = gpt3Curve();

  before(async () => {
    ensureBundle();
    await harness.start();
    page = await harness.open();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(() => harness.stop());

  test('Mamba-3B: 3,000 raw points, the EMA, the fit solid then dashed with its band, the forecast, residuals', async () => {
    const train = mamba.curve.series[0];
    assert.ok(train.xs.length > 2900 && train.xs.length <= 3000, `${train.xs.length} points drawn`);
    assert.equal(mamba.output.plots[0], 'learning-curve');
    const ms = await render(page, 'mamba', mamba.output);
    console.log(`learning-curve view, ${train.xs.length}-point series + ${mamba.output.points.line.length} residuals: first render ${ms.toFixed(0)} ms`);
    const got = await curveMarks(page, 'mamba');
    assert.equal(got.trainPoints, train.xs.length);
    assert.deepEqual(got.smooth, [train.xs.length], 'one EMA line through every drawn x');
    const fit = mamba.curve.fitCurves[0];
    const fitted = fit.xs.filter((x) => x <= fit.fittedTo).length;
    // The sample at or just past fittedTo ends the solid part and starts the dashed one.
    assert.deepEqual([...got.curves].sort((a, b) => a - b), [fit.xs.length - fitted + 1, fitted].sort((a, b) => a - b));
    assert.equal(got.curveDash.filter((d) => d === '6,4').length, 1, 'the extrapolated part is dashed');
    assert.equal(got.bands, 1);
    assert.equal(got.extrapolation, 1, 'the extrapolation is shaded (the residual panel shades it too, unnamed)');
    assert.equal(got.until, 1);
    assert.equal(got.forecast, 1);
    // One text, broken before "at" when long: the same words as the CLI and the status bar.
    assert.equal(got.forecastLabel.replace('at step', ' at step').replace('  ', ' '), describeForecast(mamba.curve.forecasts[0]));
    assert.match(got.forecastLabel, /^final loss ≈ 0\.\d+ .*at step 177K \(last logged row\)$/);
    assert.equal(got.residuals, mamba.output.points.line.length);
    assert.deepEqual(got.legend.slice(0, 2), ['loss', 'saturating-power']);
    await page.locator('#mamba').screenshot({ path: join(SCREENSHOTS, 'learning-curve-mamba-light.png') });
  });

  test('tooltip of a raw point: step, loss, EMA and the prediction there', async () => {
    const box = (await page.locator('#mamba g.points_marks > path').nth(1500).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = page.locator('#mamba .sl-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    const text = await tooltip.innerText();
    assert.match(text, /step\s+\d+/);
    assert.match(text, /loss\s+\d/);
    assert.match(text, new RegExp(`EMA \\(${mamba.curve.smoothing.window} rows\\)\\s+\\d`));
    assert.match(text, /predicted \(saturating-power\)\s+\d/);
    await page.mouse.move(1, 1);
  });

  test('the x-scale switch redraws on a log axis and back, with every mark kept', async () => {
    assert.equal(await page.locator('#mamba .sl-chart').getAttribute('data-x-scale'), 'linear', 'steps logged every 4: linear by default');
    const linear = await curveMarks(page, 'mamba');
    assert.ok(linear.xLabels.includes('100K'));
    await page.locator('#mamba button[data-x-scale="log"]').click();
    await page.waitForFunction(() => document.getElementById('mamba')!.shadowRoot!.querySelector('.sl-chart')!.getAttribute('data-x-scale') === 'log');
    const log = await curveMarks(page, 'mamba');
    assert.equal(await page.locator('#mamba button[data-x-scale="log"]').getAttribute('aria-pressed'), 'true');
    for (const tick of ['20K', '50K', '100K']) assert.ok(log.xLabels.includes(tick), `log axis labels ${log.xLabels.join(',')}`);
    // The log axis starts where the curve enters the loss axis: the decades before are above it.
    assert.ok(!log.xLabels.includes('1K'));
    // Vega draws a multi-line subtitle as one text of tspans.
    const subtitle = await page.evaluate(() =>
      Array.from(document.getElementById('mamba')!.shadowRoot!.querySelectorAll('g.role-title-subtitle text'))
        .map((t) => (t.querySelector('tspan') ? Array.from(t.querySelectorAll('tspan'), (s) => s.textContent).join(' ') : t.textContent))
        .join(' '),
    );
    assert.match(subtitle, /log x axis \(from [\d.]+K\)/);
    assert.equal(log.trainPoints, linear.trainPoints);
    assert.deepEqual(log.curves, linear.curves);
    await page.locator('#mamba').screenshot({ path: join(SCREENSHOTS, 'learning-curve-mamba-log.png') });
    await page.locator('#mamba button[data-x-scale="linear"]').click();
    await page.waitForFunction(() => document.getElementById('mamba')!.shadowRoot!.querySelector('.sl-chart')!.getAttribute('data-x-scale') === 'linear');
    assert.equal(await page.locator('#mamba button[data-x-scale="log"]').isVisible(), true);
    await page.locator('#mamba button[data-plot="fit"]').click();
    await page.waitForFunction(() => document.getElementById('mamba')!.shadowRoot!.querySelector('.sl-chart[data-kind="fit"]'));
    assert.equal(await page.locator('#mamba button[data-x-scale="log"]').isVisible(), false, 'the switch belongs to the learning curve');
  });

  test('GPT-3 XL: train and eval drawn apart, eval points larger and in their own colour', async () => {
    await render(page, 'gpt3', gpt3.output);
    const got = await curveMarks(page, 'gpt3');
    const [train, evals] = gpt3.curve.series;
    assert.equal(got.trainPoints, train.xs.length);
    assert.equal(got.evalPoints, evals.xs.length);
    assert.deepEqual(got.smooth.sort((a, b) => a - b), [train.xs.length, evals.xs.length].sort((a, b) => a - b));
    assert.equal(got.pointFills.length, 1);
    assert.equal(got.evalFills.length, 1);
    assert.notEqual(got.pointFills[0], got.evalFills[0]);
    assert.deepEqual(got.legend.slice(0, 3), ['train_loss', 'val_loss', 'saturating-power']);
    assert.equal(got.bands, 0, 'no bootstrap, no band');
    assert.match(got.forecastLabel, /^final loss ≈ 2\.\d+ ?at step 300 \(until\)$/);
    await page.locator('#gpt3').screenshot({ path: join(SCREENSHOTS, 'learning-curve-gpt3-light.png') });
  });

  test('clicking a legend entry hides that series (eval points), clicking again shows it', async () => {
    const label = (await page.locator('#gpt3 g.role-legend-entry text', { hasText: 'val_loss' }).first().boundingBox())!;
    const click = () => page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
    const hidden = () =>
      page.evaluate(() => Array.from(document.getElementById('gpt3')!.shadowRoot!.querySelectorAll('g.eval_points_marks > path')).filter((p) => p.getAttribute('opacity') === '0').length);
    await click();
    await page.waitForFunction((n) => Array.from(document.getElementById('gpt3')!.shadowRoot!.querySelectorAll('g.eval_points_marks > path')).filter((p) => p.getAttribute('opacity') === '0').length === n, gpt3.curve.series[1].xs.length);
    const train = await page.evaluate(() => Array.from(document.getElementById('gpt3')!.shadowRoot!.querySelectorAll('g.points_marks > path')).filter((p) => p.getAttribute('opacity') === '0').length);
    assert.equal(train, 0, 'the train series stays');
    await click();
    await page.waitForFunction(() => Array.from(document.getElementById('gpt3')!.shadowRoot!.querySelectorAll('g.eval_points_marks > path')).every((p) => p.getAttribute('opacity') !== '0'));
    assert.equal(await hidden(), 0);
  });

  for (const width of [600, 1200]) {
    test(`no two labels overlap at a ${width} px wide output, and the chart fits it`, async () => {
      const narrow = await harness.open('renderer.js', { viewport: { width, height: 760 } });
      for (const [id, fixture] of [
        ['mamba', mamba],
        ['gpt3', gpt3],
      ] as const) {
        await render(narrow, id, fixture.output);
        assert.deepEqual(await overlappingTexts(narrow, id), [], `${id} at ${width} px`);
        assert.ok((await chartWidth(narrow, id)) <= width - 16, `${id} chart ${await chartWidth(narrow, id)} px in a ${width} px page`);
        await narrow.locator(`#${id}`).screenshot({ path: join(SCREENSHOTS, `learning-curve-${id}-${width}px.png`) });
      }
      await narrow.close();
    });
  }

  test('dark and high-contrast themes: text in the theme foreground, screenshots', async () => {
    const themed = await harness.open();
    await render(themed, 'dark', mamba.output, { theme: 'dark' });
    const fill = () => themed.evaluate(() => document.getElementById('dark')!.shadowRoot!.querySelector('g.forecast_label_marks > text')!.getAttribute('fill'));
    assert.equal(await fill(), '#cccccc');
    await themed.locator('#dark').screenshot({ path: join(SCREENSHOTS, 'learning-curve-mamba-dark.png') });
    await render(themed, 'gpt3dark', gpt3.output, { theme: 'dark' });
    await themed.locator('#gpt3dark').screenshot({ path: join(SCREENSHOTS, 'learning-curve-gpt3-dark.png') });
    await themed.evaluate(() => {
      document.body.className = 'vscode-high-contrast';
      document.body.dataset.vscodeThemeKind = 'vscode-high-contrast';
    });
    await render(themed, 'hc', gpt3.output);
    assert.equal(await themed.evaluate(() => document.getElementById('hc')!.shadowRoot!.querySelector('g.forecast_label_marks > text')!.getAttribute('fill')), '#ffffff');
    await themed.locator('#hc').screenshot({ path: join(SCREENSHOTS, 'learning-curve-gpt3-high-contrast.png') });
    assert.deepEqual(await themed.evaluate(() => (window as unknown as { violations: unknown[] }).violations), []);
    await themed.close();
  });

  // Issue 12 item 6 on a learning curve: the default set of a curve compared, every law drawn over the run.
  test('a comparison of the GPT-3 XL curve: its default set ranked, each law drawn as its own curve, the same law with an offset told apart', async () => {
    const { comparison, fits } = compareWithFits(gpt3.table, undefined, { where: "model == 'xl'", holdout: 'step > 150' });
    const drawn = fits.flatMap((fit) => (fit ? [fit] : []));
    const output = { ...buildFitOutput(gpt3.table, drawn, predict, { until: 300 }), comparison: comparisonView({ comparison, fits }) };
    await render(page, 'cmp-curve', output, { comparison: 'c' });
    const rows = await page.locator('#cmp-curve .sl-compare tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-law')));
    assert.deepEqual(rows, ['saturating-power', 'saturating-power (offset)', 'bnsl']);
    assert.equal(await page.locator('#cmp-curve tr.sl-recommended').count(), 1);
    const curves = await page.locator('#cmp-curve g.curves_marks > path').count();
    assert.ok(curves >= drawn.length, `${curves} fitted lines for ${drawn.length} laws`);
    const legend = await page.locator('#cmp-curve g.role-legend text').allTextContents();
    for (const label of ['saturating-power', 'saturating-power (offset)', 'bnsl']) assert.ok(legend.includes(label), `legend: ${legend.join(' | ')}`);
    await page.locator('#cmp-curve').screenshot({ path: join(SCREENSHOTS, 'comparison-curve-gpt3-xl.png') });
  });

  test('nothing above violated the page CSP', async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: unknown[] }).violations), []);
  });
});
