// Mode B: drives the workbench the way a person does and saves a screenshot after every step to
// test-results/screenshots/<run>/. The steps themselves are data (uiSteps.ts); this file runs them, gates them
// on what the manifest contributes, and turns each into a pass/fail line.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import type { CodeServer } from './codeServer';
import type { Session } from './session';
import { REPO_ROOT } from './session';
import type { Tally } from './tally';
import { UI_STEPS } from './uiSteps';

export const SCREENSHOT_ROOT = join(REPO_ROOT, 'test-results', 'screenshots');

export interface Manifest {
  contributes?: {
    commands?: Array<{ command: string; title: string }>;
    menus?: Record<string, Array<{ command: string }>>;
    notebooks?: Array<{ type: string }>;
    configuration?: { properties?: Record<string, unknown> } | Array<{ properties?: Record<string, unknown> }>;
  };
}

export interface UiContext {
  page: Page;
  session: Session;
  manifest: Manifest;
  /** Default wait for something a person would see; generous because the box has 2 shared cores. */
  timeoutMs: number;
  /** Saves an extra screenshot inside a step (e.g. the open menu before it is clicked). */
  snap(label: string): Promise<void>;
}

export interface UiStep {
  name: string;
  /** Names of steps that must have passed first (a hover needs the fit that a step before made). */
  needs?: string[];
  /** Returns why the step cannot run yet (e.g. the menu item is not contributed), or undefined. */
  unavailable?: (ctx: UiContext) => string | undefined;
  /** Throws with what a person would not have seen. */
  run: (ctx: UiContext) => Promise<void>;
}

/** Runs `steps` in one fresh browser page; `run` names the screenshot folder (cleared first). */
export async function runUiSteps(server: CodeServer, session: Session, tally: Tally, run = 'ui', steps: UiStep[] = UI_STEPS): Promise<void> {
  const screenshots = join(SCREENSHOT_ROOT, run);
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(
      server.workbenchUrl(session.workspace, [
        ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
        ['skipWelcome', 'true'],
      ]),
    );
    let prefix = '';
    const screenshot = (label: string): Promise<void> =>
      page
        .screenshot({ path: join(screenshots, `${prefix}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`) })
        .then(() => undefined)
        .catch((error: unknown) => console.log(`  (no screenshot: ${String(error)})`));
    const ctx: UiContext = { page, session, manifest, timeoutMs: Number(process.env.E2E_UI_TIMEOUT_MS ?? 60_000), snap: screenshot };
    const passed = new Set<string>();
    for (const [index, step] of steps.entries()) {
      prefix = String(index + 1).padStart(2, '0');
      const missing = step.needs?.filter((name) => !passed.has(name)) ?? [];
      const reason = missing.length > 0 ? `needs ${missing.join(', ')}` : step.unavailable?.(ctx);
      if (reason) {
        console.log(`  skip  ui: ${step.name} (${reason})`);
        continue;
      }
      const started = Date.now();
      try {
        await step.run(ctx);
        passed.add(step.name);
        tally.pass(`ui: ${step.name} (${Date.now() - started} ms)`);
      } catch (error) {
        tally.fail(`ui: ${step.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      await screenshot(step.name);
    }
  } finally {
    await browser.close();
  }
}

// ---- what a person does, as reusable actions for the steps ----

export function commandTitle(manifest: Manifest, command: string): string | undefined {
  return manifest.contributes?.commands?.find((c) => c.command === command)?.title;
}

/** Why a step that uses `command` from `menu` cannot run yet, or undefined when the manifest has it. */
export function menuUnavailable(manifest: Manifest, menu: string, command: string): string | undefined {
  const listed = manifest.contributes?.menus?.[menu]?.some((item) => item.command === command);
  return listed ? undefined : `package.json contributes no ${command} in ${menu}`;
}

export function settingUnavailable(manifest: Manifest, key: string): string | undefined {
  const configuration = manifest.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return sections.some((s) => s.properties && key in s.properties) ? undefined : `package.json contributes no setting ${key}`;
}

/** A title as the user sees it: `%key%` placeholders resolved through package.nls.json. */
export function localized(title: string): string {
  const match = /^%(.+)%$/.exec(title);
  if (!match) return title;
  const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return nls[match[1]] ?? title;
}

export function explorerItem(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
}

export async function openFromExplorer(ctx: UiContext, name: string): Promise<void> {
  await explorerItem(ctx.page, name).click({ timeout: ctx.timeoutMs });
  await ctx.page
    .locator('.tabs-container .tab', { hasText: name })
    .first()
    .waitFor({ state: 'visible', timeout: ctx.timeoutMs });
}

export async function clickContextMenuItem(ctx: UiContext, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right', timeout: ctx.timeoutMs });
  // VS Code draws its own menu (inside a shadow root, which role selectors pierce).
  const item = ctx.page.getByRole('menuitem', { name: label });
  try {
    await item.first().waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    const shown = await ctx.page.getByRole('menuitem').allInnerTexts();
    await ctx.page.keyboard.press('Escape');
    throw new Error(`context menu has no "${label}" (it shows: ${shown.map((t) => t.trim()).filter(Boolean).join(' | ')})`);
  }
  await ctx.snap('context-menu');
  await item.first().click();
}

/**
 * Types `query` into the command palette until a row shows `title` (Enter would run it). The palette
 * lists what is registered when it opens, so it is reopened while the extension host is still starting.
 */
export async function findCommand(ctx: UiContext, query: string, title: string): Promise<Locator> {
  const input = ctx.page.locator('.quick-input-widget input');
  const row = ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    await ctx.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    await input.fill(`>${query}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
      return row;
    } catch (error) {
      if (Date.now() > deadline) {
        const shown = await ctx.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
        throw new Error(`the command palette shows no "${title}" for "${query}" (it shows: ${shown.join(' | ')})`, { cause: error });
      }
      await ctx.page.keyboard.press('Escape');
    }
  }
}

/** If a quick pick opens, choose the item whose label contains `label` (ticking it in a multi-select). */
export async function pickIfAsked(ctx: UiContext, label: string, withinMs = 10_000): Promise<boolean> {
  const widget = ctx.page.locator('.quick-input-widget');
  try {
    await widget.waitFor({ state: 'visible', timeout: withinMs });
  } catch {
    return false;
  }
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await widget.locator('input.input').first().fill(label);
  await row.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const checkbox = row.locator('.monaco-checkbox, input[type=checkbox]').first();
  if ((await checkbox.count()) > 0) {
    // Preselected items are already ticked; clicking would untick them.
    const ticked = await row.evaluate(
      (el) => el.getAttribute('aria-checked') === 'true' || el.querySelector('.monaco-checkbox.checked, input[type=checkbox]:checked') !== null,
    );
    if (!ticked) await checkbox.click();
  }
  await ctx.snap('quick-pick');
  await ctx.page.keyboard.press('Enter');
  return true;
}

/** Moves the mouse onto the editor line that reads exactly `lineText` and returns the hover's text. */
export async function hoverLine(ctx: UiContext, lineText: string, contains: string | RegExp): Promise<string> {
  const line = ctx.page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: lineText }).first();
  await line.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const hover = ctx.page.locator('.monaco-hover:visible').filter({ hasText: contains }).first();
  const deadline = Date.now() + ctx.timeoutMs;
  // A hover can be dismissed by a re-render (e.g. when the fit lands); keep re-hovering until it shows.
  for (;;) {
    const box = await line.locator('span span').first().boundingBox();
    if (!box) throw new Error(`line "${lineText}" is not on screen`);
    await ctx.page.mouse.move(box.x + 2, box.y + box.height / 2);
    await ctx.page.mouse.move(box.x + Math.min(box.width, 40) / 2, box.y + box.height / 2);
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return await hover.innerText();
    } catch (error) {
      if (Date.now() > deadline) {
        const shown = await ctx.page.locator('.monaco-hover:visible').allInnerTexts();
        throw new Error(`no hover with ${String(contains)} over "${lineText}" (visible hovers: ${JSON.stringify(shown)})`, { cause: error });
      }
      await ctx.page.mouse.move(0, 0);
    }
  }
}

/** Notifications as toasts or in the notification center (this build often files them silently there). */
const NOTIFICATIONS = '.notifications-toasts .notification-list-item, .notifications-center .notification-list-item';

/** The message of an error notification VS Code is showing, if any (a failed command shows one). */
export async function errorNotification(page: Page): Promise<string | undefined> {
  const item = page.locator(NOTIFICATIONS).filter({ has: page.locator('.codicon-error') });
  if ((await item.count()) === 0) return undefined;
  return (await item.first().locator('.notification-list-item-message').innerText()).trim();
}

/**
 * Waits for a notification whose text matches `pattern`, opening the notification center as a person
 * would when no toast shows; fails early on an error notification.
 */
export async function waitForNotification(ctx: UiContext, pattern: RegExp, timeoutMs = ctx.timeoutMs): Promise<string> {
  const messages = ctx.page.locator(NOTIFICATIONS).locator('.notification-list-item-message');
  const center = ctx.page.locator('.notifications-center.visible');
  const deadline = Date.now() + timeoutMs;
  let opened = 0;
  while (Date.now() < deadline) {
    const error = await errorNotification(ctx.page);
    if (error) throw new Error(`VS Code shows an error instead: ${error}`);
    const match = (await messages.allInnerTexts()).find((text) => pattern.test(text));
    if (match) return match;
    if ((await center.count()) === 0 && Date.now() - opened > 3_000) {
      opened = Date.now();
      await (await findCommand(ctx, 'Notifications: Show Notifications', 'Show Notifications')).click();
    }
    await ctx.page.waitForTimeout(250);
  }
  throw new Error(`no notification matches ${String(pattern)} after ${timeoutMs} ms (showing: ${JSON.stringify(await messages.allInnerTexts())})`);
}

/**
 * Waits until `selector` matches in the page or any nested frame (notebook outputs, webviews); stops
 * early when VS Code shows an error notification instead.
 */
export async function waitInAnyFrame(ctx: UiContext, selector: string, timeoutMs = ctx.timeoutMs): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const error = await errorNotification(ctx.page);
    if (error) throw new Error(`VS Code shows an error instead: ${error}`);
    for (const frame of ctx.page.frames()) {
      const count = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (count > 0) return frame;
    }
    await ctx.page.waitForTimeout(250);
  }
  throw new Error(`nothing matches ${selector} in ${ctx.page.frames().length} frames after ${timeoutMs} ms`);
}
