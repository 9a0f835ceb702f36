// Mode B steps for issue 9 items 1–4: a person fits a run log whose file name and N column carry
// `<img onerror>` and a `command:` link. In the DOM VS Code draws, the notification has no link, the
// notebook's output frame has no <img> or command anchor made from the data (the text is shown
// literally instead), and the status-bar tooltip shows the column name as text. Listed in UI_STEPS.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRAFTED_FILE, craftedCsv } from './crafted';
import { clickContextMenuItem, commandTitle, explorerItem, findCommand, localized, openFromExplorer, readNotification, waitFitNotified, waitInAnyFrame, type UiContext, type UiStep } from './ui';

/** What a script or link made from the data would look like in the DOM. */
const FROM_DATA = 'img[src="x"], a[href^="command:"]';

/** Ticks the laws of the law quick pick whose names contain `labels` (the filter matches names), then presses OK. */
async function pickLaws(ctx: UiContext, labels: string[]): Promise<void> {
  const widget = ctx.page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  for (const label of labels) {
    await widget.locator('input.input').first().fill(label);
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    const ticked = row.and(ctx.page.locator('[aria-checked="true"]'));
    if ((await ticked.count()) === 0) {
      await row.locator('.monaco-checkbox, input[type=checkbox]').first().click({ timeout: ctx.timeoutMs });
      await ticked.waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    }
  }
  await ctx.snap('laws-picked');
  // OK, not Enter: in a multi-select pick Enter on the focused row toggles that row.
  await widget.getByRole('button', { name: 'OK' }).click({ timeout: ctx.timeoutMs });
  await widget.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
}

const fitCrafted: UiStep = {
  name: 'escaping: fitting a crafted file shows its name in a notification without a link',
  needs: ['workbench shows the example workspace'],
  async run(ctx) {
    const workspace = ctx.session.workspace;
    writeFileSync(join(workspace, CRAFTED_FILE), craftedCsv(readFileSync(join(workspace, 'chinchilla-sweep.csv'), 'utf8')));
    await (await findCommand(ctx, 'Show Explorer', 'View: Show Explorer')).click();
    const item = explorerItem(ctx.page, CRAFTED_FILE);
    await item.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await clickContextMenuItem(ctx, item, localized(commandTitle(ctx.manifest, 'scalingLaws.fit') ?? 'Fit Scaling Law'));
    // Two laws: the notification then names the file ("Fitted 2 laws to …").
    await pickLaws(ctx, ['Chinchilla', 'Kaplan joint']);
    await waitFitNotified(ctx);
    let links: string[] = [];
    const message = await readNotification(ctx, /Fitted 2 laws/, 2 * ctx.timeoutMs, async (item) => {
      links = await item.locator('a').evaluateAll((anchors) => anchors.map((a) => a.outerHTML));
    });
    if (!message.includes('Show details')) throw new Error(`the notification does not name the file: ${message}`);
    if (links.length > 0) throw new Error(`the notification has a link: ${links[0]}`);
  },
};

const notebookShowsText: UiStep = {
  name: 'escaping: the fit notebook shows the crafted names as text (no <img>, no command link)',
  needs: [fitCrafted.name],
  async run(ctx) {
    // The summary's warning (an item of its warning list) quotes the N column; the title cell names the file.
    const frame = await waitInAnyFrame(ctx, 'li:has-text("onerror")', 2 * ctx.timeoutMs);
    const title = frame.locator('h1', { hasText: 'Show details' }).first();
    await title.waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    const shown = await title.innerText();
    if (!shown.includes('[Show details](command:')) throw new Error(`the title cell does not show the file name literally: ${shown}`);
    const quoted = await frame.locator('li', { hasText: 'onerror' }).first().innerText();
    if (!quoted.includes("<img src=x onerror='alert(1)'>")) throw new Error(`the warning does not show the column name literally: ${quoted}`);
    const made = await frame.locator(FROM_DATA).count();
    if (made > 0) throw new Error(`${made} element(s) made from the data: ${await frame.locator(FROM_DATA).first().evaluate((e) => e.outerHTML)}`);
  },
};

const tooltipShowsText: UiStep = {
  name: 'escaping: the status-bar tooltip shows the crafted column as text',
  needs: [fitCrafted.name],
  async run(ctx) {
    await openFromExplorer(ctx, CRAFTED_FILE);
    const item = ctx.page.locator('.statusbar-item', { has: ctx.page.locator('.codicon-graph-line') }).first();
    await item.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    const hover = ctx.page.locator('.monaco-hover:visible', { hasText: 'Show details' }).first();
    // The item is drawn once the file is parsed; the tooltip stays up while the pointer rests on it.
    await item.hover({ timeout: ctx.timeoutMs });
    await hover.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    const text = await hover.innerText();
    if (!text.includes('[Show details](command:')) throw new Error(`the tooltip does not show the column literally: ${text}`);
    const made = await hover.locator('img, a').count();
    if (made > 0) throw new Error(`the tooltip has ${made} image/link element(s): ${await hover.locator('img, a').first().evaluate((e) => e.outerHTML)}`);
    await ctx.page.mouse.move(0, 0);
  },
};

export const ESCAPE_UI_STEPS: UiStep[] = [fitCrafted, notebookShowsText, tooltipShowsText];
