// Mode B steps for scaling notebooks: open a .scalenb file, run its spec cell, find the chart's marks in
// the output frames, switch the colour theme and see the chart restyle, save the chart as SVG through
// the save dialog and check the file. Listed in UI_STEPS (uiSteps.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { poll } from './codeServer';
import { commandTitle, explorerItem, localized, openFromExplorer, runCommand, waitInAnyFrame, type UiContext, type UiStep } from './ui';

const NOTEBOOK = 'kyo-fit.scalenb';
/** Copied into the workspace by the harness (session.ts) from ../shared/data. */
const DATA = 'shared-data/kyo-chinchilla-llm-df.csv';
const EXPORTED = 'exported-chart.svg';
/** Where Save As puts the notebook's copy: one folder down, so its `data:` must gain a `../`. */
const SAVED_AS = 'saved-as/kyo-fit-copy.scalenb';
const POINTS = 'svg .mark-symbol path';
const LINES = 'svg .mark-line path';
/** The plot tabs this notebook's spec asks for. */
const TABS = ['fit', 'residuals', 'parity'];

function notebookUnavailable(ctx: UiContext): string | undefined {
  const notebooks = (ctx.manifest.contributes as { notebooks?: Array<{ type: string }> } | undefined)?.notebooks ?? [];
  if (!notebooks.some((n) => n.type === 'scaling-notebook')) return 'package.json contributes no scaling-notebook';
  return existsSync(join(ctx.session.workspace, DATA)) ? undefined : `${DATA} is not in the workspace (shared data missing)`;
}

/**
 * Every fill and stroke colour of the chart's SVG (axes, grid, text, marks), sorted and joined. Runs in the
 * output frame (self-contained: Playwright sends its source there); the renderer draws inside a shadow
 * root, which querySelectorAll does not enter, so open shadow roots are walked too.
 */
const chartColours = (): string => {
  const colours = new Set<string>();
  const roots: Array<Document | ShadowRoot> = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const element of Array.from(roots[i].querySelectorAll('*'))) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    for (const element of Array.from(roots[i].querySelectorAll('svg.marks *'))) {
      for (const attribute of ['fill', 'stroke']) {
        const value = element.getAttribute(attribute);
        if (value && value !== 'none' && value !== 'transparent') colours.add(value);
      }
    }
  }
  return [...colours].sort().join(' ');
};

/** The output whose chart offers exactly `tabs` (other notebooks' charts have other tabs). */
function chartWithTabs(tabs: string[]): (frame: Frame) => Locator {
  const other = `button[data-plot]${tabs.map((tab) => `:not([data-plot="${tab}"])`).join('')}`;
  return (frame) =>
    tabs
      .reduce((body, tab) => body.filter({ has: frame.locator(`button[data-plot="${tab}"]`) }), frame.locator('body'))
      .filter({ hasNot: frame.locator(other) });
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
    await runCommand(ctx, 'Show Explorer', 'View: Show Explorer');
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
    await runCommand(ctx, 'Run All', 'Notebook: Run All');
    // Other notebooks (e.g. the one "Fit scaling law" opened) have charts in their own frames; this one
    // shows exactly the plots its spec asked for.
    const chart = waitInAnyFrame(ctx, chartWithTabs(TABS), 3 * ctx.timeoutMs);
    // VS Code picks the only controller of the notebook type itself, unless Run All came before the
    // controller was registered: then it asks. Whichever happens first decides.
    const kernel = ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Scaling Laws' }).first();
    const asked = kernel.waitFor({ state: 'visible', timeout: 3 * ctx.timeoutMs }).then(
      () => true,
      () => false,
    );
    if ((await Promise.race([chart.then(() => false), asked])) === true) await kernel.click({ timeout: ctx.timeoutMs });
    chartFrame = await chart;
    await chartFrame.locator(POINTS).first().waitFor({ state: 'attached', timeout: ctx.timeoutMs });
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
    const before = await frame.evaluate(chartColours);
    if (before === '') throw new Error('the chart has no coloured marks to compare');
    const light = await ctx.page.locator('.monaco-workbench.vs').count();
    const target = light > 0 ? 'Dark Modern' : 'Light Modern';
    await runCommand(ctx, 'Color Theme', 'Preferences: Color Theme');
    const input = ctx.page.locator('.quick-input-widget input');
    await input.fill(target);
    await ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: target }).first().click({ timeout: ctx.timeoutMs });
    // The workbench takes the theme at once; the chart restyles when the renderer sees the new colours.
    await ctx.page.locator(light > 0 ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    try {
      await frame.waitForFunction(`(${chartColours.toString()})() !== ${JSON.stringify(before)}`, undefined, { timeout: ctx.timeoutMs });
    } catch (error) {
      throw new Error(`chart colours did not change after switching to ${target}: ${before}`, { cause: error });
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
    await answerSaveDialog(ctx, '.svg', target);
    // The chart reports the finished write (plotExport.ts replies after writeFile) in its status line.
    const status = frame.locator('.sl-status').filter({ hasText: /\S/ }).first();
    await status.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    const reported = (await status.innerText()).trim();
    if (!reported.startsWith('Saved ')) throw new Error(`the chart reports "${reported}"`);
    const svg = readFileSync(target, 'utf8');
    if (!svg.includes('<svg')) throw new Error(`${EXPORTED} holds no <svg>`);
    if (svg.includes('var(--')) throw new Error(`${EXPORTED} still has CSS variables`);
    if (!/mark-symbol/.test(svg)) throw new Error(`${EXPORTED} has no point marks`);
  },
};

/** Types `target` into code-server's save dialog (a quick input holding a path) once it shows `suffix`, and accepts. */
async function answerSaveDialog(ctx: UiContext, suffix: string, target: string): Promise<void> {
  const input = ctx.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  // The dialog fills in the suggested path itself; typing before that would be merged into it.
  try {
    await ctx.page.waitForFunction(([element, end]) => (element as HTMLInputElement).value.endsWith(end as string), [await input.elementHandle(), suffix] as const, { timeout: ctx.timeoutMs });
  } catch (error) {
    throw new Error(`the save dialog shows "${await input.inputValue()}"`, { cause: error });
  }
  // Accepting a path in another folder only moves the dialog there (code-server's simple dialog navigates on
  // the first Enter and accepts on the next): open the folder first and wait until the list shows it.
  const folder = dirname(target);
  await input.fill(`${folder}/`);
  const entries = new Set(['..', ...readdirSync(folder)]);
  await poll(`the save dialog to list ${folder}`, ctx.timeoutMs, async () => {
    const rows = (await ctx.page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((row) => row.trim().replace(/\/$/, ''));
    return rows.length > 0 && rows.every((row) => entries.has(row)) ? rows : undefined;
  });
  await input.fill(target);
  if ((await input.inputValue()) !== target) throw new Error(`the save dialog holds "${await input.inputValue()}" instead of ${target}`);
  await ctx.page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
}

/** The spec cell's source lines of a saved notebook file (none while it is not written yet). */
function savedSpec(file: string): string[] {
  if (!existsSync(file)) return [];
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { cells: Array<{ kind: string; source: string[] }> }).cells.find((c) => c.kind === 'spec')?.source ?? [];
  } catch {
    // Caught between the write's open and its last byte: not saved yet.
    return [];
  }
}

/**
 * Waits until the file on disk holds a spec whose lines pass `ok` — the state the step is about. The tab's
 * dirty marker is not that state: it cleared before the file was on disk under load, which made this flaky.
 */
async function waitSavedSpec(ctx: UiContext, file: string, ok: (lines: string[]) => boolean): Promise<string[]> {
  return poll(`${file} to hold the rewritten spec`, ctx.timeoutMs, async () => {
    const lines = savedSpec(file);
    return ok(lines) ? lines : undefined;
  });
}

const saveAsSubfolder: UiStep = {
  name: 'notebook: Save As into a subfolder rewrites data: so the copy names the same file',
  needs: [runCell.name],
  async run(ctx) {
    const target = join(ctx.session.workspace, SAVED_AS);
    mkdirSync(dirname(target), { recursive: true });
    await ctx.page.locator('.tabs-container .tab', { hasText: NOTEBOOK }).first().click({ timeout: ctx.timeoutMs });
    await runCommand(ctx, 'Save As', 'File: Save As');
    await answerSaveDialog(ctx, '.scalenb', target);
    // The copy's re-run on that file is tested in the extension host (notebook-paths.test.ts, after a move).
    await waitSavedSpec(ctx, target, (lines) => lines.includes(`data: ../${DATA}`));
    // And the copy open in the editor reads the same (what a re-run would read), not only the file on disk.
    const cell = ctx.page.locator('.notebook-editor .view-lines', { hasText: /data:\s*\.\.\/shared-data\// }).first();
    await cell.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  },
};

const newNotebook: UiStep = {
  name: 'notebook: New Scaling Notebook opens the template',
  needs: [openNotebook.name],
  unavailable: (ctx) => (commandTitle(ctx.manifest, 'scalingLaws.newNotebook') ? undefined : 'package.json contributes no scalingLaws.newNotebook'),
  async run(ctx) {
    const title = localized(commandTitle(ctx.manifest, 'scalingLaws.newNotebook')!);
    await runCommand(ctx, title, `${localized('%category%')}: ${title}`);
    // Editor lines may render spaces as no-break spaces: match with \s.
    await ctx.page.locator('.notebook-editor .view-line:visible', { hasText: /#\s*bootstrap:\s*200/ }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  },
};

const firstSave: UiStep = {
  name: 'notebook: the first save of a new notebook into a subfolder rewrites its data: from the workspace folder',
  needs: [newNotebook.name],
  async run(ctx) {
    const target = join(ctx.session.workspace, 'saved-as', 'new-notebook.scalenb');
    mkdirSync(dirname(target), { recursive: true });
    // An untitled notebook's relative data: is relative to the workspace folder; one folder down it gains a `../`.
    await ctx.page.keyboard.press('ControlOrMeta+S');
    await answerSaveDialog(ctx, '.scalenb', target);
    await waitSavedSpec(ctx, target, (lines) => lines.some((line) => /^data: \.\.\/[^/]/.test(line)));
  },
};

export const NOTEBOOK_UI_STEPS: UiStep[] = [openNotebook, runCell, switchTheme, exportSvg];

/**
 * Saving notebooks into a subfolder reveals them in the explorer (the folder expands, the saved file is
 * selected), which moved the rows later steps right-click; these steps run last, after every other step.
 */
export const NOTEBOOK_SAVE_UI_STEPS: UiStep[] = [saveAsSubfolder, newNotebook, firstSave];
