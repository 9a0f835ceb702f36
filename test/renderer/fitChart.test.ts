/**
 * The fit chart as a person reads it (issue 13 item 6), on two real files — Epoch's Chinchilla sweep
 * (bootstrapped, held-out rows) and the (Mis)Fitting checkpoints (11 runs, 3,000 of 4,852 points) — in
 * the light, dark and high-contrast editor themes: no two texts overprint, every mark and legend symbol
 * stands out from the background (WCAG non-text contrast ≥ 3:1), every point lies inside the plot.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { lowContrastMarks, overlappingTexts, pointsOutsidePlot } from './chartChecks';
import { chinchillaFit, misfittingFit } from './fixtures';
import { chromiumMissing, ensureBundle, Harness, render, SCREENSHOTS } from './harness';

const THEMES = [
  ['light', 'vscode-light'],
  ['dark', 'vscode-dark'],
  ['high-contrast', 'vscode-high-contrast'],
] as const;

async function setTheme(page: Page, id: string, kind: string, bodyClass: string): Promise<void> {
  await page.evaluate((c) => {
    document.body.className = c;
    document.body.dataset.vscodeThemeKind = c;
  }, bodyClass);
  await page.waitForFunction(([id, kind]) => document.getElementById(id)?.shadowRoot?.querySelector(`.sl-chart[data-kind="fit"][data-theme="${kind}"]`), [id, kind] as const);
}

const missing = chromiumMissing();
if (missing) console.log(`skipping fit-chart renderer tests: ${missing}`);

describe('the fit chart on real files in every theme', { skip: missing }, () => {
  const harness = new Harness();
  let page: Page;

  before(async () => {
    ensureBundle();
    await harness.start();
    page = await harness.open();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(() => harness.stop());

  for (const [name, fixture] of [
    ['chinchilla', chinchillaFit],
    ['misfitting', misfittingFit],
  ] as const) {
    test(`${name}: no overlapping texts, marks at ≥ 3:1 contrast, every point inside the plot — light, dark, high contrast`, async () => {
      const { output } = fixture();
      assert.equal(output.plots[0], 'fit');
      await render(page, name, output);
      for (const [kind, bodyClass] of THEMES) {
        await setTheme(page, name, kind, bodyClass);
        await page.locator(`#${name}`).screenshot({ path: join(SCREENSHOTS, `fit-${name}-${kind}.png`) });
        assert.deepEqual(await overlappingTexts(page, name), [], `${name}, ${kind}: overlapping texts`);
        assert.deepEqual(await lowContrastMarks(page, name), [], `${name}, ${kind}: marks below 3:1`);
        assert.deepEqual(await pointsOutsidePlot(page, name), { total: output.points.line.length, outside: 0 }, `${name}, ${kind}: points outside the plot`);
      }
      await setTheme(page, name, 'light', 'vscode-light');
    });
  }
});
