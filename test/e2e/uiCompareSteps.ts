// Mode B steps for "Compare Laws…" (issue 12 item 6): from the run log, the picker titled "Laws to
// compare" accepts its preselected default set with Enter; the notebook shows the ranking with the
// recommended law marked over one chart of every law; "Use this law" makes another law the file's
// current fit, which the run log's hover then names. Listed in UI_STEPS (uiSteps.ts).
import type { Frame } from 'playwright-core';
import { commandTitle, localized, openFromExplorer, runCommand, showHover, waitInAnyFrame, type UiContext, type UiStep } from './ui';

const SWEEP = 'chinchilla-sweep.csv';
const PICKER_TITLE = 'Laws to compare';
/** A law of the sweep's default set that the earlier steps never made current (they fitted chinchilla). */
const PICKED = 'kaplan-nd';
const RANKING = '.sl-compare tr.sl-recommended';

let tableFrame: Frame | undefined;

const compareTitle = (ctx: UiContext) => localized(commandTitle(ctx.manifest, 'scalingLaws.compare') ?? 'Compare Laws…');

const compareFromPalette: UiStep = {
  name: 'compare: Compare Laws… on the sweep opens the ranking over one chart of every law',
  unavailable: (ctx) => (commandTitle(ctx.manifest, 'scalingLaws.compare') ? undefined : 'package.json contributes no scalingLaws.compare'),
  async run(ctx) {
    await runCommand(ctx, 'Show Explorer', 'View: Show Explorer');
    await openFromExplorer(ctx, SWEEP);
    const category = localized('%category%');
    await runCommand(ctx, compareTitle(ctx), `${category}: ${compareTitle(ctx)}`);
    const widget = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: PICKER_TITLE }) });
    await widget.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    // The default set leads the list, ticked: Enter alone compares it.
    await widget.locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'Default set for this file' }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await ctx.snap('laws-to-compare');
    await ctx.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
    tableFrame = await waitInAnyFrame(ctx, RANKING, 3 * ctx.timeoutMs);
    const rows = await tableFrame.locator('.sl-compare tbody tr').allInnerTexts();
    if (rows.length < 3 || !rows.some((row) => row.includes(PICKED))) throw new Error(`the ranking lists ${rows.length} laws: ${rows.join(' | ')}`);
    // The overlay: one fitted line per law and group, under the table.
    await tableFrame.locator('svg .mark-line path').first().waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    await tableFrame.locator(RANKING).scrollIntoViewIfNeeded();
  },
};

const useThisLaw: UiStep = {
  name: 'compare: Use this law makes it the run log’s current fit',
  needs: [compareFromPalette.name],
  async run(ctx) {
    const frame = tableFrame!;
    await frame.locator(`.sl-compare tr[data-law="${PICKED}"] button[data-use-law]`).click({ timeout: ctx.timeoutMs });
    await frame.locator('.sl-status', { hasText: `${PICKED} is now the current fit` }).waitFor({ state: 'visible', timeout: 3 * ctx.timeoutMs });
    await ctx.snap('used-law');
    await ctx.page.locator(`.tabs-container .tab[data-resource-name="${SWEEP}"]`).first().click({ timeout: ctx.timeoutMs });
    const text = await showHover(ctx, 2, new RegExp(`${PICKED} on loss`));
    if (!/Predicted loss/i.test(text)) throw new Error(`the hover names ${PICKED} but predicts nothing:\n${text}`);
    await ctx.page.keyboard.press('Escape');
  },
};

export const COMPARE_UI_STEPS: UiStep[] = [compareFromPalette, useThisLaw];
