/**
 * The BUILT calculator webview (dist/calculator.js, media/calculator.css) in Chromium under its CSP, as
 * the side view (300 px) and the editor panel (1,000 px) show it: one column in the view, inputs beside
 * the results in the panel, nothing wider than the page, chart texts that do not overprint, the chart's
 * N ticks in the table's suffixes, and the workspace's fits offered in a list.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fitTable } from '../../src/core/fit';
import { planOfFit } from '../../src/core/optimal/planOfFit';
import { readRunLog } from '../../src/core/runlog';
import type { CalculatorFit, CalculatorFits, CalculatorInputs, CalculatorToHost, HostToCalculator } from '../../src/shared/messages';
import { dataFile } from '../dataPath';
import { overlappingTexts } from './chartChecks';
import { chromiumMissing, ensureBundle, Harness, SCREENSHOTS } from './harness';

const missing = chromiumMissing();
if (missing) console.log(`skipping calculator page tests: ${missing}`);

/** A fit of a real file as the host lists it, under a label as long as a filtered fit's name gets. */
function listed(file: string): CalculatorFit {
  const fit = fitTable(readRunLog(readFileSync(dataFile(file), 'utf8'), { fileName: file }), { law: 'chinchilla', bootstrap: 0 });
  return { id: `file:///${file}#0`, ...planOfFit(fit), label: `chinchilla on loss, where dataset == 'c4' (${file.split('/').pop()})` };
}

/** The widest plan: inference-aware mode has three result columns, and every optional row. */
const INPUTS: Partial<CalculatorInputs> = { lawSource: 'current-fit', fit: '', mode: 'inference-aware', inferenceTokens: '10T', flops: '5.76e23', gpus: '1,024', price: '2' };

async function send(page: Page, message: HostToCalculator): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Sends the fits and inputs, and waits for the plan they give and its chart. */
async function planned(page: Page, fits: CalculatorFits): Promise<void> {
  await send(page, { type: 'init', fits });
  await send(page, { type: 'setInputs', inputs: INPUTS });
  await page.waitForFunction(() =>
    (window as unknown as { messages: CalculatorToHost[] }).messages.some((m) => m.type === 'computed' && m.inputs.mode === 'inference-aware' && m.outputs.ok),
  );
  await page.waitForSelector('.chart svg g.role-legend');
}

interface Layout {
  pageWidth: number;
  scrollWidth: number;
  /** Right edges of the plan table's cells and of the chart, in px. */
  cellsRight: number;
  chartRight: number;
  /** Fields whose control is not under its label (the one-column layout). */
  sideBySide: number;
  formRight: number;
  resultsLeft: number;
  tableN: string[];
  ticksN: string[];
  fitOptions: string[];
  violations: string[];
}

function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    // In the page, where core/arrays is not loaded; a table's few dozen cells.
    const right = (elements: Element[]) => elements.reduce((edge, e) => Math.max(edge, e.getBoundingClientRect().right), 0);
    const fields = Array.from(document.querySelectorAll('#calculator .field:not([hidden])'));
    return {
      pageWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      cellsRight: right(Array.from(document.querySelectorAll('table.plan th, table.plan td'))),
      chartRight: right(Array.from(document.querySelectorAll('.chart svg'))),
      sideBySide: fields.filter((f) => f.querySelector('input, select')!.getBoundingClientRect().top < f.querySelector('label')!.getBoundingClientRect().bottom).length,
      formRight: document.getElementById('calculator')!.getBoundingClientRect().right,
      resultsLeft: document.getElementById('results')!.getBoundingClientRect().left,
      tableN: Array.from(document.querySelectorAll('tr[data-output="N"] td')).map((td) => td.textContent ?? ''),
      ticksN: Array.from(document.querySelectorAll('.chart svg g.role-axis'))
        .filter((axis) => axis.querySelector('.role-axis-title text')?.textContent === 'N (parameters)')
        .flatMap((axis) => Array.from(axis.querySelectorAll('.role-axis-label text')).map((t) => t.textContent ?? '')),
      fitOptions: Array.from(document.querySelectorAll('#in-fit option')).map((o) => o.textContent ?? ''),
      violations: (window as unknown as { violations: string[] }).violations,
    };
  });
}

describe('calculator webview at side-view and panel widths', { skip: missing }, () => {
  const harness = new Harness();
  const epoch = listed('epoch-chinchilla/svg_extracted_data.csv');
  const kyo = listed('kyo-chinchilla-llm/df.csv');
  const fits: CalculatorFits = { list: [epoch, kyo], active: kyo.id };

  before(async () => {
    ensureBundle();
    mkdirSync(join(SCREENSHOTS, 'calculator'), { recursive: true });
    await harness.start();
  });
  after(() => harness.stop());

  for (const [place, width] of [
    ['view', 300],
    ['panel', 1000],
  ] as const) {
    test(`${place} at ${width} px: nothing overflows, the chart's texts are apart, units match the table`, async () => {
      const page = await harness.openCalculator(width, place);
      await planned(page, fits);
      await page.screenshot({ path: join(SCREENSHOTS, 'calculator', `${place}-${width}.png`), fullPage: true });
      const l = await layout(page);
      assert.deepEqual(l.violations, []);
      assert.ok(l.scrollWidth <= l.pageWidth, `the page scrolls sideways: ${l.scrollWidth} > ${l.pageWidth}`);
      assert.ok(l.cellsRight <= l.pageWidth, `a result column is cut off: ${l.cellsRight} > ${l.pageWidth}`);
      assert.ok(l.chartRight <= l.pageWidth, `the chart is cut off: ${l.chartRight} > ${l.pageWidth}`);
      if (place === 'view') assert.equal(l.sideBySide, 0, 'in the side view every label is above its control');
      else assert.ok(l.resultsLeft >= l.formRight, `the panel puts the results beside the inputs: ${l.resultsLeft} < ${l.formRight}`);
      assert.deepEqual(await overlappingTexts(page, 'results', '.chart svg'), []);
      // The same suffixes on the chart's N axis as in the table (B, never SI's G).
      assert.equal(l.tableN.length, 3);
      assert.ok(l.tableN.every((n) => /^[\d.]+B$/.test(n)), l.tableN.join(' '));
      assert.ok(l.ticksN.length >= 2 && l.ticksN.some((t) => t.endsWith('B')) && !l.ticksN.some((t) => /G$/.test(t)), l.ticksN.join(' '));
      assert.deepEqual(l.fitOptions, [`Active file's fit: ${kyo.label}`, epoch.label, kyo.label]);
      await page.close();
    });
  }

  test('a file name with markup stays text in the fit list', async () => {
    const crafted = { ...epoch, id: 'file:///x#0', label: `chinchilla (<img src=x onerror="window.pwned=1">.csv)` };
    const page = await harness.openCalculator(300, 'view');
    await planned(page, { list: [crafted], active: crafted.id });
    const shown = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      option: document.querySelector('#in-fit option')?.textContent ?? '',
      pwned: (window as unknown as { pwned?: number }).pwned,
    }));
    assert.equal(shown.images, 0);
    assert.equal(shown.pwned, undefined);
    assert.equal(shown.option, `Active file's fit: ${crafted.label}`);
    await page.close();
  });
});
