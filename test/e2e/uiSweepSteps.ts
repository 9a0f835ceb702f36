// Mode B step for "Fit Scaling Law Across Runs…" (issue 14): three run folders of real GPT-3 learning
// curves are selected in the explorer, the command shows each run's N with its source (here the run
// names), Enter accepts them, a law is picked for the assembled table, and the notebook draws the chart.
// Listed in UI_STEPS (uiSteps.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { dataFile } from '../dataPath';
import { CHART, clickContextMenuItem, commandTitle, explorerItem, localized, menuUnavailable, runCommand, waitInAnyFrame, type UiStep } from './ui';

const MODELS = ['2.7b', '6.7b', '13b'];
const SIZES_TITLE = 'N of each run';
const LAWS_TITLE = 'Laws to fit';

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
  name: 'sweep: three run folders → Fit Scaling Law Across Runs… → N confirmed → chart',
  unavailable: (ctx) => menuUnavailable(ctx.manifest, 'explorer/context', 'scalingLaws.fitAcrossRuns'),
  async run(ctx) {
    writeRuns(ctx.session.workspace);
    await runCommand(ctx, 'Show Explorer', 'View: Show Explorer');
    const folders = MODELS.map((model) => explorerItem(ctx.page, `gpt3-${model}`));
    await folders[0].waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await folders[0].click({ timeout: ctx.timeoutMs });
    for (const folder of folders.slice(1)) await folder.click({ modifiers: ['ControlOrMeta'], timeout: ctx.timeoutMs });
    await clickContextMenuItem(ctx, folders[2], localized(commandTitle(ctx.manifest, 'scalingLaws.fitAcrossRuns') ?? 'Fit Scaling Law Across Runs…'));

    const sizes = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: SIZES_TITLE }) });
    await sizes.waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
    for (const [model, n] of [['2.7b', '2.7B'], ['6.7b', '6.7B'], ['13b', '13B']]) {
      await sizes.locator('.quick-input-list .monaco-list-row', { hasText: `gpt3-${model}` }).filter({ hasText: `N = ${n}` }).filter({ hasText: `run name 'gpt3-${model}'` }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    }
    await ctx.snap('sweep-sizes');
    // "Fit with these sizes" leads the list: Enter accepts every inferred N.
    await ctx.page.keyboard.press('Enter');

    // Three final losses: a two-parameter power law in N, not chinchilla's five (the default, unticked).
    const laws = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: LAWS_TITLE }) });
    await laws.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    for (const [law, tick] of [['chinchilla', false], ['power', true]] as const) {
      await laws.locator('input.input').first().fill(law);
      const row = laws.locator('.quick-input-list .monaco-list-row', { hasText: law }).first();
      await row.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      const ticked = (await row.and(ctx.page.locator('[aria-checked="true"]')).count()) > 0;
      if (ticked !== tick) await row.locator('.monaco-checkbox, input[type=checkbox]').first().click({ timeout: ctx.timeoutMs });
    }
    await ctx.snap('sweep-laws');
    await ctx.page.keyboard.press('Enter');
    await laws.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
    await ctx.page.locator('.tabs-container .tab.active[data-resource-name$=".scalenb"]').waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
    await waitInAnyFrame(ctx, CHART, 3 * ctx.timeoutMs);
    await ctx.snap('sweep-chart');
  },
};

export const SWEEP_UI_STEPS: UiStep[] = [fitAcrossRuns];
