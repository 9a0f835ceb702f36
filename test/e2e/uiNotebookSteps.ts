// Mode B steps for scaling notebooks: open a .scalenb file, run its spec cell, find the chart's marks in
// the output frames, switch the colour theme and see the chart restyle, save the chart as SVG through
// the save dialog and check the file. Listed in UI_STEPS (uiSteps.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { commandTitle, explorerItem, findCommand, localized, openFromExplorer, waitInAnyFrame, type UiContext, type UiStep } from './ui';

const NOTEBOOK = 'kyo-fit.scalenb';
/** Copied into the workspace by the harness (session.ts) from ../shared/data. */
const DATA = 'shared-data/kyo-chinchilla-llm-df.csv';
const EXPORTED = 'exported-chart.svg';
const POINTS = 'svg .mark-symbol path';
const LINES = 'svg .mark-line path';

function notebookUnavailable(ctx: UiContext): string | undefined {
  const notebooks = (ctx.manifest.contributes as { notebooks?: Array<{ type: string }> } | undefined)?.notebooks ?? [];
  if (!notebooks.some((n) => n.type === 'scaling-notebook')) return 'package.json contributes no scaling-notebook';
  return existsSync(join(ctx.session.workspace, DATA)) ? undefined : `${DATA} is not in the workspace (shared data missing)`;
}

/** Every fill and stroke colour of the chart's SVG (axes, grid, text, marks). */
async function chartColours(frame: Frame): Promise<string[]> {
  return frame.locator('svg.marks').first().evaluate((svg) => {
    const colours = new Set<string>();
    for (const element of Array.from(svg.querySelectorAll('*'))) {
      for (const attribute of ['fill', 'stroke']) {
        const value = element.getAttribute(attribute);
        if (value && value !== 'none' && value !== 'transparent') colours.add(value);
      }
    }
    return [...colours].sort();
  });
}

/** The output frame whose chart offers exactly these plot tabs. */
async function frameWithTabs(ctx: UiContext, tabs: string[]): Promise<Frame> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    for (const frame of ctx.page.frames()) {
      const shown = await frame
        .locator('button[data-plot]')
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-plot')))
        .catch(() => []);
      if (shown.join() === tabs.join()) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no chart with the tabs ${tabs.join(', ')}`);
    await ctx.page.waitForTimeout(250);
  }
}

async function runPaletteCommand(ctx: UiContext, query: string, title: string): Promise<void> {
  const row = await findCommand(ctx, query, title);
  await row.click();
}

let chartFrame: Frame | undefined;

const openNotebook: UiStep = {
  name: 'notebook: open a scaling notebook from the explorer',
  unavailable: notebookUnavailable,
  async run(ctx) {
    const spec = [`data: ${DATA}`, 'law: chinchilla', 'plot: [fit, residuals, parity]'];
    writeFileSync(
      join(ctx.session.workspace, NOTEBOOK),
      `${JSON.stringify({ scalingNotebook: 1, cells: [{ kind: 'markdown', source: ['# Chinchilla on the kyo-takano runs'] }, { kind: 'spec', source: spec }] }, null, 2)}\n`,
    );
    // An earlier step may have left another view container in the side bar.
    await runPaletteCommand(ctx, 'Show Explorer', 'View: Show Explorer');
    await explorerItem(ctx.page, NOTEBOOK).waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await openFromExplorer(ctx, NOTEBOOK);
    // Other notebooks may be open in hidden tabs: only the visible editor counts.
    await ctx.page.locator('.notebook-editor .view-line:visible', { hasText: /plot:\s*\[fit,\s*residuals,\s*parity\]/ }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  },
};

const runCell: UiStep = {
  name: 'notebook: running the spec cell draws the fit chart',
  needs: [openNotebook.name],
  async run(ctx) {
    await runPaletteCommand(ctx, 'Run All', 'Notebook: Run All');
    // VS Code picks the only controller of the notebook type itself; if it asks instead, answer.
    const kernel = ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Scaling Laws' }).first();
    if (await kernel.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) await kernel.click();
    await waitInAnyFrame(ctx, POINTS, 3 * ctx.timeoutMs);
    // Other notebooks (e.g. one "Fit scaling law" opened) have charts in their own frames; this one
    // shows exactly the plots its spec asked for.
    chartFrame = await frameWithTabs(ctx, ['fit', 'residuals', 'parity']);
    await chartFrame.locator(LINES).first().waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    const points = await chartFrame.locator(POINTS).count();
    if (points < 10) throw new Error(`only ${points} point marks in the chart`);
    await chartFrame.locator(POINTS).first().scrollIntoViewIfNeeded();
  },
};

const switchTheme: UiStep = {
  name: 'notebook: switching the colour theme restyles the chart',
  needs: [runCell.name],
  async run(ctx) {
    const frame = chartFrame!;
    const before = await chartColours(frame);
    const light = await ctx.page.locator('.monaco-workbench.vs').count();
    const target = light > 0 ? 'Dark Modern' : 'Light Modern';
    await runPaletteCommand(ctx, 'Color Theme', 'Preferences: Color Theme');
    const input = ctx.page.locator('.quick-input-widget input');
    await input.fill(target);
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: target }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await ctx.page.keyboard.press('Enter');
    const deadline = Date.now() + ctx.timeoutMs;
    for (;;) {
      const after = await chartColours(frame).catch(() => before);
      if (after.join() !== before.join()) return;
      if (Date.now() > deadline) throw new Error(`chart colours did not change after switching to ${target}: ${before.join(' ')}`);
      await ctx.page.waitForTimeout(250);
    }
  },
};

const exportSvg: UiStep = {
  name: 'notebook: Save SVG writes the chart with resolved colours',
  needs: [runCell.name],
  async run(ctx) {
    const frame = chartFrame!;
    const target = join(ctx.session.workspace, EXPORTED);
    await frame.locator('button[data-export="svg"]').first().click({ timeout: ctx.timeoutMs });
    // code-server's save dialog is a quick input holding a path: type the file's full path.
    const input = ctx.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    // The dialog fills in the suggested path itself; typing before that would be merged into it.
    const deadline0 = Date.now() + ctx.timeoutMs;
    while (!(await input.inputValue()).endsWith('.svg')) {
      if (Date.now() > deadline0) throw new Error(`the save dialog shows "${await input.inputValue()}"`);
      await ctx.page.waitForTimeout(100);
    }
    await input.fill(target);
    if ((await input.inputValue()) !== target) throw new Error(`the save dialog holds "${await input.inputValue()}" instead of ${target}`);
    await ctx.page.keyboard.press('Enter');
    const deadline = Date.now() + ctx.timeoutMs;
    while (!existsSync(target)) {
      if (Date.now() > deadline) throw new Error(`${target} was not written`);
      await ctx.page.waitForTimeout(250);
    }
    const svg = readFileSync(target, 'utf8');
    if (!svg.includes('<svg')) throw new Error(`${EXPORTED} holds no <svg>`);
    if (svg.includes('var(--')) throw new Error(`${EXPORTED} still has CSS variables`);
    if (!/mark-symbol/.test(svg)) throw new Error(`${EXPORTED} has no point marks`);
  },
};

const newNotebook: UiStep = {
  name: 'notebook: New Scaling Notebook opens the template',
  needs: [openNotebook.name],
  unavailable: (ctx) => (commandTitle(ctx.manifest, 'scalingLaws.newNotebook') ? undefined : 'package.json contributes no scalingLaws.newNotebook'),
  async run(ctx) {
    const title = localized(commandTitle(ctx.manifest, 'scalingLaws.newNotebook')!);
    await runPaletteCommand(ctx, title, `${localized('%category%')}: ${title}`);
    // Editor lines may render spaces as no-break spaces: match with \s.
    await ctx.page.locator('.notebook-editor .view-line:visible', { hasText: /#\s*bootstrap:\s*200/ }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  },
};

export const NOTEBOOK_UI_STEPS: UiStep[] = [openNotebook, runCell, switchTheme, exportSvg, newNotebook];
