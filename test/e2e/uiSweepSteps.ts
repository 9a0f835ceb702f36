// Mode B step for "Fit Scaling Law Across Runs…" (issue 14): three run folders of real GPT-3 learning
// curves are selected in the explorer and the command shows each run's N with its source (here the run
// names) for the user to confirm. Listed in UI_STEPS (uiSteps.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { dataFile } from '../dataPath';
import { clickContextMenuItem, commandTitle, explorerItem, localized, menuUnavailable, runCommand, type UiStep } from './ui';

const MODELS = ['2.7b', '6.7b', '13b'];
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
  name: 'sweep: three run folders → Fit Scaling Law Across Runs… shows each run’s N and its source',
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
    // The fit itself (Enter here, a law, the notebook's chart) is checked in Mode A (suite/sweep.test.ts).
    await ctx.page.keyboard.press('Escape');
    await sizes.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
  },
};

export const SWEEP_UI_STEPS: UiStep[] = [fitAcrossRuns];
