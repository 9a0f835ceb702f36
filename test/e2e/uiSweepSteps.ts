// Mode B step for "Fit Scaling Law Across Runs…" (issue 14): three run folders of real GPT-3 learning
// curves are selected in the explorer; the rows each run gives are picked (every checkpoint after the first
// 30 %), the command shows each run's N with its source (here the run names) to confirm, the preselected
// law is accepted, and the sweep's notebook draws its chart. Listed in UI_STEPS (uiSteps.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { dataFile } from '../dataPath';
import { CHART, clickContextMenuItem, commandTitle, explorerItem, LAW_PICKER_TITLE, localized, menuUnavailable, runCommand, waitInAnyFrame, type UiStep } from './ui';

const MODELS = ['2.7b', '6.7b', '13b'];
const TAKE_TITLE = 'Rows from each run';
const SIZES_TITLE = 'N of each run';

/** Each model's training-loss curve as a log of its own, in a folder named after the run. */
function writeRuns(workspace: string): void {
  const rows = Papa.parse<Record<string, string>>(readFileSync(dataFile('gpt3-curves/extracted.csv'), 'utf8').trim(), { header: true }).data;
  for (const model of MODELS) {
    const own = rows.filter((r) => r.model === model && r.train_loss !== '');
    mkdirSync(join(workspace, `gpt3-${model}`), { recursive: true });
    writeFileSync(join(workspace, `gpt3-${model}`, 'log.csv'), `tokens (B),train_loss\n${own.map((r) => `${r.step},${r.train_loss}`).join('\n')}\n`);
  }
}

const fitAcrossRuns: UiStep = {
  name: 'sweep: three run folders → Fit Scaling Law Across Runs… → each run’s N and its source confirmed → the chart',
  unavailable: (ctx) => menuUnavailable(ctx.manifest, 'explorer/context', 'scalingLaws.fitAcrossRuns'),
  async run(ctx) {
    writeRuns(ctx.session.workspace);
    await runCommand(ctx, 'Show Explorer', 'View: Show Explorer');
    const folders = MODELS.map((model) => explorerItem(ctx.page, `gpt3-${model}`));
    await folders[0].waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await folders[0].click({ timeout: ctx.timeoutMs });
    for (const folder of folders.slice(1)) await folder.click({ modifiers: ['ControlOrMeta'], timeout: ctx.timeoutMs });
    await clickContextMenuItem(ctx, folders[2], localized(commandTitle(ctx.manifest, 'scalingLaws.fitAcrossRuns') ?? 'Fit Scaling Law Across Runs…'));

    const take = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: TAKE_TITLE }) });
    await take.waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
    await take.locator('.quick-input-list .monaco-list-row', { hasText: 'after=0.3' }).first().click({ timeout: ctx.timeoutMs });

    const sizes = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: SIZES_TITLE }) });
    await sizes.waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
    for (const [model, n] of [['2.7b', '2.7B'], ['6.7b', '6.7B'], ['13b', '13B']]) {
      await sizes.locator('.quick-input-list .monaco-list-row', { hasText: `gpt3-${model}` }).filter({ hasText: `N = ${n}` }).filter({ hasText: `run name 'gpt3-${model}'` }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    }
    await ctx.snap('sweep-sizes');
    await sizes.locator('.quick-input-list .monaco-list-row', { hasText: 'Fit with these sizes' }).first().click({ timeout: ctx.timeoutMs });
    await sizes.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });

    // The law picker for the assembled table, its default law ticked: OK (Enter on a row would toggle it).
    const laws = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: LAW_PICKER_TITLE }) });
    await laws.waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
    await laws.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await laws.getByRole('button', { name: 'OK' }).click({ timeout: ctx.timeoutMs });
    await laws.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
    await waitInAnyFrame(ctx, (frame) => frame.locator('body', { has: frame.locator('h1', { hasText: `Fit across ${MODELS.length} runs` }) }).locator(CHART), 3 * ctx.timeoutMs);
    await ctx.snap('sweep-chart');
  },
};

export const SWEEP_UI_STEPS: UiStep[] = [fitAcrossRuns];
