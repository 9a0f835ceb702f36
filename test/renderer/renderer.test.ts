/**
 * The BUILT renderer bundle in Chromium under a CSP without 'unsafe-eval': every plot type of a real
 * fit, mark counts against the payload, the interactions, theming, export messages and disposal. A
 * negative control proves the page would catch a bundle that needs eval.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { FitOutput, PlotKind } from '../../src/shared/fitOutput';
import { buildWithoutInterpreter, chromiumMissing, ensureBundle, Harness, render, SCREENSHOTS } from './harness';
import { chinchillaFit, isoflopGroups, misfittingFit, olmoTargets, overTrainingFit, predict } from './fixtures';
import { chartWidth, lowContrastMarks, overlappingTexts, pointsOutsidePlot } from './chartChecks';
import { compareWithFits } from '../../src/core/fit';
import { buildFitOutput } from '../../src/core/plot';
import { comparisonView } from '../../src/core/plot/comparisonView';

interface Marks {
  points: number;
  hiddenPoints: number;
  curves: number[];
  bands: number;
  frontier: number[];
  reference: number;
  optima: number;
  extrapolation: number;
  crosshairRules: number;
  readouts: string[];
  budgetLabel: string;
  axisLabels: string[];
  background: string;
  titleFill: string;
}

/** Counts what the chart of output `id` drew, by Vega-Lite layer name. */
function marks(page: Page, id: string): Promise<Marks> {
  return page.evaluate((id) => {
    const root = document.getElementById(id)!.shadowRoot!;
    const all = (selector: string) => Array.from(root.querySelectorAll(selector));
    const vertices = (selector: string) => all(selector).map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0);
    const svg = root.querySelector('.sl-chart svg')!;
    return {
      points: all('g.points_marks > path').length,
      hiddenPoints: all('g.points_marks > path').filter((p) => p.getAttribute('opacity') === '0').length,
      curves: vertices('g.curves_marks > path'),
      bands: all('g.band_marks > path').length,
      frontier: vertices('g.frontier_marks > path'),
      reference: all('g.reference_marks > path').length,
      optima: all('g.optima_marks > path').length,
      extrapolation: all('g.extrapolation_marks > path').length,
      crosshairRules: all('g.crosshair_rule_marks > line').length,
      // The x, then each curve's line from the top down.
      readouts: all('g.crosshair_heading_marks > text, g.crosshair_readout_marks > text')
        .map((t) => ({ text: t.textContent ?? '', y: t.getBoundingClientRect().y }))
        .sort((a, b) => a.y - b.y)
        .map((t) => t.text),
      budgetLabel: all('g.budget_label_marks > text').map((t) => t.textContent ?? '').join(''),
      axisLabels: all('g.role-axis .role-axis-label text').map((t) => t.textContent ?? ''),
      background: getComputedStyle(svg).backgroundColor,
      titleFill: root.querySelector('g.role-title-text text')?.getAttribute('fill') ?? '',
    };
  }, id);
}

async function show(page: Page, id: string, kind: PlotKind): Promise<void> {
  await page.locator(`#${id} button[data-plot="${kind}"]`).click();
  await page.waitForFunction(([id, kind]) => document.getElementById(id)?.shadowRoot?.querySelector(`.sl-chart[data-kind="${kind}"]`), [id, kind] as const);
}

/** Centre of the observed points in page coordinates (inside the plot, where the curves are). */
async function plotCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(`#${id} g.points_marks`).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function expected(output: FitOutput, kind: PlotKind) {
  const points = output.points.line.length;
  switch (kind) {
    case 'fit':
      return { points, curves: output.curves.map((c) => c.xs.length) };
    case 'residuals':
    case 'parity':
      // A point per fit that predicts it (with several targets each fit predicts its own target's points).
      return { points: output.points.predicted.flatMap((ys) => ys.filter(Number.isFinite)).length, curves: [] };
    case 'isoflop':
      return {
        points: output.points.budget!.filter((b) => b >= 0).length,
        curves: output.isoflops!.flatMap((g) => g.curves.map((c) => c.N.length)),
        optima: output.isoflops!.flatMap((g) => g.curves).filter((c) => Number.isFinite(c.optimum.N)).length,
      };
    case 'frontier':
      return { points: 0, curves: [], frontier: [output.frontiers![0].C.length, output.frontiers![0].C.length] };
    case 'loss-curve':
      return { points, curves: output.points.groups.map((g) => output.points.group.filter((x) => x === g).length) };
    case 'learning-curve':
      throw new Error('the learning-curve view is counted in learningCurve.test.ts');
  }
}

/** Vega orders faceted lines its own way. */
function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Hoffmann's closed form (laws.md §2.1): N_opt = G (C/6)^a with G = (αA/(βB))^(1/(α+β)), a = β/(α+β). */
function closedFormNOpt(params: Record<string, number>, C: number): number {
  const { A, B, alpha, beta } = params;
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  return G * (C / 6) ** (beta / (alpha + beta));
}

/** "65.4B" → 6.54e10 (the label uses the product's count format). */
function parseCount(text: string): number {
  const m = /^([\d.]+)([KMBTQ]?)$/.exec(text)!;
  return Number(m[1]) * { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12, Q: 1e15 }[m[2] as 'K']!;
}

const THEMES = [
  ['light', 'vscode-light'],
  ['dark', 'vscode-dark'],
  ['high-contrast', 'vscode-high-contrast'],
] as const;

/** Switches the editor theme the way VS Code does and waits until the chart of `id` is redrawn in it. */
async function setEditorTheme(page: Page, id: string, kind: string, bodyClass: string, plot: PlotKind = 'fit'): Promise<void> {
  await page.evaluate((c) => {
    document.body.className = c;
    document.body.dataset.vscodeThemeKind = c;
  }, bodyClass);
  await page.waitForFunction(([id, kind, plot]) => document.getElementById(id)?.shadowRoot?.querySelector(`.sl-chart[data-kind="${plot}"][data-theme="${kind}"]`), [id, kind, plot] as const);
}

const missing = chromiumMissing();
if (missing) console.log(`skipping renderer tests: ${missing}`);

describe('notebook renderer bundle under a CSP without unsafe-eval', { skip: missing }, () => {
  const harness = new Harness();
  let page: Page;
  const real = chinchillaFit();
  const chinchilla = real.output;
  const misfitting = misfittingFit().output;
  // `extrapolate: 1e25`: curves, bands and frontier run two and a half decades past the data.
  const extrapolated = buildFitOutput(real.table, [real.fit], predict, { extrapolateTo: 1e25 });
  // `x: D` (iso-N lines along tokens) and over-training's iso-M lines along C.
  const alongD = buildFitOutput(real.table, [real.fit], predict, { x: 'D' });
  const overTraining = overTrainingFit();
  const overTrainingAlongC = buildFitOutput(overTraining.table, [overTraining.fit], predict, { x: 'C' });
  const targets = olmoTargets();
  const groups = isoflopGroups();

  before(async () => {
    ensureBundle();
    await buildWithoutInterpreter();
    await harness.start();
    page = await harness.open();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(() => harness.stop());

  test('draws every plot of the Chinchilla fit: one mark per point, one line per curve with every sample', async () => {
    await render(page, 'chin', chinchilla);
    assert.deepEqual(chinchilla.plots, ['fit', 'residuals', 'parity', 'isoflop', 'frontier']);
    for (const kind of chinchilla.plots) {
      await show(page, 'chin', kind);
      const got = await marks(page, 'chin');
      const want = expected(chinchilla, kind);
      assert.equal(got.points, want.points, `${kind}: points`);
      assert.deepEqual(sorted(got.curves), sorted(want.curves), `${kind}: curve vertices`);
      if (want.optima !== undefined) assert.equal(got.optima, want.optima, `${kind}: optima`);
      if (want.frontier) {
        assert.deepEqual(got.frontier, want.frontier, 'frontier: N* and D* lines');
        assert.equal(got.reference, 2, 'frontier: the 20 tokens/param reference lines');
      }
      await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, `chinchilla-${kind}.png`) });
    }
    await show(page, 'chin', 'fit');
    const fit = await marks(page, 'chin');
    assert.equal(fit.extrapolation, 1, 'the extrapolation region is shaded');
    assert.equal(fit.bands, chinchilla.curves.filter((c) => c.lo && c.hi).length, 'one bootstrap band per curve');
    assert.ok(fit.bands > 0, 'the bootstrapped fit has bands');
    assert.deepEqual(await pointsOutsidePlot(page, 'chin'), { total: chinchilla.points.line.length, outside: 0 }, 'every point inside the plot');
    assert.ok(chinchilla.points.heldOut.length > 0, 'C ≥ 1e21 rows are held out');
  });

  test('draws loss curves per run for 4,852 checkpoints, thinned to 3,000 with a note', async () => {
    await render(page, 'mis', misfitting);
    assert.ok(misfitting.plots.includes('loss-curve'));
    await show(page, 'mis', 'loss-curve');
    const got = await marks(page, 'mis');
    const want = expected(misfitting, 'loss-curve');
    assert.equal(got.points, want.points);
    assert.equal(got.points, 3000);
    assert.deepEqual(sorted(got.curves), sorted(want.curves));
    assert.match((await page.locator('#mis svg text').allTextContents()).join(' '), /Showing 3K of 4\.85K points/, 'the note is in the chart, where an export keeps it');
    await page.locator('#mis').screenshot({ path: join(SCREENSHOTS, 'misfitting-loss-curve.png') });
  });

  test('tooltip shows the row and the prediction; the crosshair reads every curve at the cursor', async () => {
    await show(page, 'chin', 'fit');
    const point = (await page.locator('#chin g.points_marks > path').first().boundingBox())!;
    await page.mouse.move(point.x + point.width / 2, point.y + point.height / 2);
    const tooltip = page.locator('#chin .sl-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    const text = await tooltip.innerText();
    assert.match(text, /line/);
    assert.match(text, /predicted \(chinchilla\)/);
    const centre = await plotCentre(page, 'chin');
    await page.mouse.move(centre.x, centre.y);
    await page.waitForFunction(() => document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.crosshair_readout_marks > text').length > 0);
    const got = await marks(page, 'chin');
    assert.equal(got.crosshairRules, 1, 'one rule at the cursor x');
    assert.equal(got.readouts.length, chinchilla.curves.length + 1, 'the x, then a line per curve');
    assert.match(got.readouts[0], /^C = [\d.]+e\d+$/);
    const losses = got.readouts.slice(1).map((line) => Number(/^chinchilla, N≈[\d.]+[MB]: ([\d.]+)$/.exec(line)![1]));
    assert.deepEqual(losses, [...losses].sort((a, b) => b - a), 'highest loss first, as the curves lie');
    assert.deepEqual(await overlappingTexts(page, 'chin'), [], 'the readout overprints no other text');
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-crosshair.png') });
    await page.mouse.move(1, 1);
  });

  test('clicking a legend entry hides that series, clicking again shows it', async () => {
    const group = chinchilla.points.groups[0];
    const size = chinchilla.points.group.filter((g) => g === group).length;
    const label = (await page.locator('#chin g.role-legend-entry text', { hasText: group }).first().boundingBox())!;
    // Vega hit-tests its own scene graph, so click the label's position rather than the DOM node.
    const entry = { click: () => page.mouse.click(label.x + label.width / 2, label.y + label.height / 2) };
    await entry.click();
    await page.waitForFunction((n) => Array.from(document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.points_marks > path')).filter((p) => p.getAttribute('opacity') === '0').length === n, size);
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-legend-hidden.png') });
    await entry.click();
    await page.waitForFunction(() => Array.from(document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.points_marks > path')).every((p) => p.getAttribute('opacity') !== '0'));
  });

  test('the budget slider moves along the frontier and shows the compute-optimal N* (closed form within 1 %)', async () => {
    const slider = page.locator('#chin .sl-bindings input[type="range"]');
    await slider.fill('23.75');
    await page.waitForFunction(() => /C = 5\.623e23/.test(document.getElementById('chin')!.shadowRoot!.querySelector('g.budget_label_marks > text')?.textContent ?? ''));
    const label = (await marks(page, 'chin')).budgetLabel;
    const nStar = parseCount(/N\* = ([\d.]+[KMBTQ]?)/.exec(label)![1]);
    const want = closedFormNOpt(real.fit.params, 10 ** 23.75);
    assert.ok(Math.abs(nStar / want - 1) < 0.01, `N* ${nStar} vs closed form ${want}`);
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-budget.png') });
  });

  test('extrapolate: the budget slider reaches the target and starts there; the curves are drawn to it', async () => {
    await render(page, 'extrapolated', extrapolated);
    const slider = page.locator('#extrapolated .sl-bindings input[type="range"]');
    assert.equal(Number(await slider.getAttribute('max')), 25);
    assert.equal(Number(await slider.inputValue()), 25);
    await page.waitForFunction(() => /^C = 1e25(?![\d.])/.test(document.getElementById('extrapolated')!.shadowRoot!.querySelector('g.budget_label_marks > text')?.textContent ?? ''));
    const drawn = await marks(page, 'extrapolated');
    assert.deepEqual(sorted(drawn.curves), sorted(expected(extrapolated, 'fit').curves));
    assert.equal(drawn.extrapolation, 1);
  });

  test('a plain wheel scrolls the page, Ctrl + wheel zooms, Reset zoom restores the axes, and a theme flip keeps the zoom', async () => {
    const labels = () => marks(page, 'chin').then((m) => m.axisLabels.join(','));
    const labelsOtherThan = (previous: string) =>
      page.waitForFunction(
        (b) => Array.from(document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.role-axis .role-axis-label text')).map((t) => t.textContent).join(',') !== b,
        previous,
      );
    const initial = await labels();
    // Room to scroll whichever outputs the page holds.
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '2000px';
      document.body.append(spacer);
      window.scrollTo(0, 0);
    });
    let centre = await plotCentre(page, 'chin');
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, 120);
    // Vega filters wheel events synchronously as they are dispatched, so once the page scrolled the chart has seen it.
    await page.waitForFunction(() => window.scrollY > 0);
    assert.equal(await labels(), initial, 'a plain wheel leaves the axes alone');

    centre = await plotCentre(page, 'chin');
    await page.mouse.move(centre.x, centre.y);
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await labelsOtherThan(initial);
    const zoomed = await labels();
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'Ctrl + wheel does not scroll the page');
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-zoomed.png') });

    await page.locator('#chin button[data-reset-zoom]').click();
    await page.waitForFunction(
      (b) => Array.from(document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.role-axis .role-axis-label text')).map((t) => t.textContent).join(',') === b,
      initial,
    );

    centre = await plotCentre(page, 'chin');
    await page.mouse.move(centre.x, centre.y);
    await page.keyboard.down('Meta');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Meta');
    await labelsOtherThan(initial);
    assert.equal(await labels(), zoomed, 'Cmd + wheel zooms like Ctrl + wheel');
    await setEditorTheme(page, 'chin', 'dark', 'vscode-dark');
    assert.equal(await marks(page, 'chin').then((m) => m.background), 'rgb(31, 31, 31)');
    assert.equal(await labels(), zoomed, 'the restyled chart keeps the zoomed axes');
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-zoomed-dark.png') });
    await setEditorTheme(page, 'chin', 'light', 'vscode-light');
    await page.locator('#chin button[data-reset-zoom]').click();
    await page.waitForFunction(
      (b) => Array.from(document.getElementById('chin')!.shadowRoot!.querySelectorAll('g.role-axis .role-axis-label text')).map((t) => t.textContent).join(',') === b,
      initial,
    );
  });

  test('follows the editor theme (dark, high contrast) without re-rendering, and honours a pinned light theme', async () => {
    const light = await marks(page, 'chin');
    assert.equal(light.background, 'rgb(255, 255, 254)');
    const setTheme = (kind: string) =>
      page.evaluate((kind) => {
        document.body.className = kind;
        document.body.dataset.vscodeThemeKind = kind;
      }, kind);
    await setTheme('vscode-dark');
    const background = (rgb: string) => page.waitForFunction((rgb) => getComputedStyle(document.getElementById('chin')!.shadowRoot!.querySelector('.sl-chart svg')!).backgroundColor === rgb, rgb);
    await background('rgb(31, 31, 31)');
    assert.equal((await marks(page, 'chin')).titleFill, '#cccccc');
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-dark.png') });
    await render(page, 'pinned', chinchilla, { theme: 'light' });
    assert.equal((await marks(page, 'pinned')).background, 'rgb(255, 255, 255)');
    await setTheme('vscode-high-contrast');
    await background('rgb(0, 0, 0)');
    assert.equal((await marks(page, 'pinned')).background, 'rgb(255, 255, 255)', 'a pinned theme ignores the editor');
    await page.locator('#chin').screenshot({ path: join(SCREENSHOTS, 'chinchilla-high-contrast.png') });
    await setTheme('vscode-light');
  });

  test('exports SVG and PNG through a message with resolved colours', async () => {
    await page.locator('#chin button[data-export="svg"]').click();
    await page.locator('#chin button[data-export="png"]').click();
    await page.waitForFunction(() => (window as unknown as { messages: unknown[] }).messages.length >= 2);
    const messages = await page.evaluate(() => (window as unknown as { messages: Array<Record<string, string>> }).messages);
    const [svg, png] = messages;
    assert.equal(svg.type, 'export');
    assert.equal(svg.outputId, 'chin');
    assert.equal(svg.format, 'svg');
    assert.equal(svg.suggestedName, 'scaling-law-fit.svg');
    assert.match(svg.data, /^<svg/);
    assert.doesNotMatch(svg.data, /var\(--/);
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(join(SCREENSHOTS, 'export.svg'), svg.data);
    writeFileSync(join(SCREENSHOTS, 'export.png'), bytes);
    await page.evaluate(() => (window as unknown as { sendToRenderer(m: unknown): void }).sendToRenderer({ type: 'exportResult', outputId: 'chin', ok: true, message: '/tmp/fit.svg' }));
    assert.equal(await page.locator('#chin .sl-status').innerText(), 'Saved /tmp/fit.svg');
  });

  // Issue 12 item 6: a comparison cell's output, from a real comparison of two laws on the same rows.
  test('a comparison shows its ranking above the overlay: recommended row marked, file text as text, "Use this law" posts its row', async () => {
    const { comparison, fits } = compareWithFits(real.table, ['chinchilla', 'kaplan-compute'], { where: real.fit.request?.where });
    const drawn = fits.flatMap((fit) => (fit ? [fit] : []));
    assert.equal(drawn.length, 2);
    const view = comparisonView({ comparison, fits });
    const hostile = '<img src=x onerror="window.pwned=1">';
    const output = { ...buildFitOutput(real.table, drawn, predict), comparison: { ...view, rows: view.rows.map((row, i) => (i === 1 ? { ...row, label: hostile } : row)) } };
    await render(page, 'cmp', output, { comparison: 'cmp-1' });
    const rows = await page.locator('#cmp .sl-compare tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.ok(rows[1].includes(hostile), 'the label is shown as text');
    assert.equal(await page.locator('#cmp img').count(), 0);
    const recommended = view.recommended!.row;
    assert.equal(await page.locator('#cmp tr.sl-recommended').getAttribute('data-law'), output.comparison.rows[recommended].label);
    assert.match(await page.locator('#cmp .sl-verdict').innerText(), /^★ Recommended: /);
    await page.locator('#cmp tr').nth(2).locator('button[data-use-law]').click();
    const used = await page.waitForFunction(() => (window as unknown as { messages: Array<{ type: string }> }).messages.find((m) => m.type === 'useLaw'));
    assert.deepEqual(await used.jsonValue(), { type: 'useLaw', outputId: 'cmp', comparison: 'cmp-1', row: 1 });
    assert.equal(await page.locator('#cmp button[data-use-law]:disabled').count(), 2, 'the buttons wait for the host');
    await page.evaluate(() => (window as unknown as { sendToRenderer(m: unknown): void }).sendToRenderer({ type: 'useLawResult', outputId: 'cmp', ok: true, message: 'kaplan-compute is now the current fit of runs.csv.' }));
    assert.equal(await page.locator('#cmp .sl-status').innerText(), 'kaplan-compute is now the current fit of runs.csv.');
    assert.equal(await page.locator('#cmp button[data-use-law]:disabled').count(), 0);
    await page.locator('#cmp').screenshot({ path: join(SCREENSHOTS, 'comparison-light.png') });
    await page.evaluate(() => {
      document.body.className = 'vscode-dark';
      document.body.dataset.vscodeThemeKind = 'vscode-dark';
    });
    await page.waitForFunction(() => getComputedStyle(document.getElementById('cmp')!.shadowRoot!.querySelector('.sl-chart svg')!).backgroundColor === 'rgb(31, 31, 31)');
    await page.locator('#cmp').screenshot({ path: join(SCREENSHOTS, 'comparison-dark.png') });
    await page.evaluate(() => {
      document.body.className = 'vscode-light';
      document.body.dataset.vscodeThemeKind = 'vscode-light';
    });
    // Without the id the host finds the cell by (an output from elsewhere), there is nothing to use.
    await render(page, 'cmp-plain', output);
    assert.equal(await page.locator('#cmp-plain .sl-compare tbody tr').count(), 2);
    assert.equal(await page.locator('#cmp-plain button[data-use-law]').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });

  test('a payload that is not a fit output shows a message instead of throwing', async () => {
    await render(page, 'bad', { version: 2 } as unknown as FitOutput);
    assert.match(await page.locator('#bad .sl-error').innerText(), /not a version-1 fit output/);
  });

  // Issue 13 items 1 and 6: each chart as a person reads it, on two real files in three editor themes, in
  // a narrow (600 px) and a wide (1,400 px) notebook: the chart fits the output and uses its width.
  for (const width of [600, 1400]) {
    for (const [name, output] of [
      ['chinchilla', chinchilla],
      ['misfitting', misfitting],
      ['chinchilla-extrapolated', extrapolated],
      ['chinchilla-along-D', alongD],
      ['over-training-along-C', overTrainingAlongC],
      ['olmo-targets', targets],
      ['isoflop-groups-shared-alpha', groups],
    ] as const) {
      test(`every chart of ${name} at ${width} px: no overlapping texts, marks at ≥ 3:1 contrast, every point inside the plot, the width used — light, dark, high contrast`, async () => {
        const sized = await harness.open('renderer.js', { viewport: { width, height: 900 } });
        const id = `all-${name}`;
        await render(sized, id, output);
        const outputWidth = await sized.evaluate((id) => document.getElementById(id)!.clientWidth, id);
        const problems: string[] = [];
        for (const kind of output.plots) {
          await show(sized, id, kind);
          const drawn = await chartWidth(sized, id);
          if (drawn > outputWidth) problems.push(`${kind}: chart ${drawn} px in a ${outputWidth} px output`);
          if (drawn < 0.75 * outputWidth) problems.push(`${kind}: chart ${drawn} px leaves most of a ${outputWidth} px output empty`);
          for (const [theme, bodyClass] of THEMES) {
            await setEditorTheme(sized, id, theme, bodyClass, kind);
            await sized.locator(`#${id}`).screenshot({ path: join(SCREENSHOTS, `${name}-${kind}-${theme}-${width}px.png`) });
            for (const text of await overlappingTexts(sized, id)) problems.push(`${kind}, ${theme}: overlapping ${text}`);
            for (const mark of await lowContrastMarks(sized, id)) problems.push(`${kind}, ${theme}: ${mark}`);
            const { total, outside } = await pointsOutsidePlot(sized, id);
            assert.equal(total, expected(output, kind).points, `${kind}: points drawn`);
            if (outside > 0) problems.push(`${kind}, ${theme}: ${outside} of ${total} points outside the plot`);
          }
          await setEditorTheme(sized, id, 'light', 'vscode-light', kind);
        }
        assert.deepEqual(await sized.evaluate(() => (window as unknown as { violations: unknown[] }).violations), []);
        await sized.close();
        assert.deepEqual(problems, []);
      });
    }
  }

  test('disposeOutputItem clears one output, and all of them without an id', async () => {
    const rootSize = (id: string) => page.evaluate((id) => document.getElementById(id)!.shadowRoot!.childElementCount, id);
    const dispose = (id?: string) => page.evaluate((id) => (window as unknown as { dispose(id?: string): Promise<void> }).dispose(id), id);
    await dispose('mis');
    assert.equal(await rootSize('mis'), 0);
    assert.ok((await rootSize('chin')) > 0);
    await dispose();
    assert.equal(await rootSize('chin'), 0);
    assert.equal(await rootSize('pinned'), 0);
  });

  test('nothing above violated the page CSP', async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: unknown[] }).violations), []);
  });

  test('negative control: the same renderer without the expression interpreter is refused by the CSP', async () => {
    const control = await harness.open('renderer-no-interpreter.js');
    await assert.rejects(render(control, 'eval', chinchilla), /unsafe-eval/);
    const violations = await control.evaluate(() => (window as unknown as { violations: Array<{ blocked: string }> }).violations);
    assert.ok(violations.some((v) => v.blocked === 'eval'), JSON.stringify(violations));
    await control.close();
  });
});
