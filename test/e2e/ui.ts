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

/**
 * Runs `steps` in one fresh browser page; `run` names the screenshot folder (cleared first). The extension
 * is loaded from the repository (extensionDevelopmentPath) unless `fromRepository` is false, when the
 * server's extensions folder must already hold it (the VSIX mode installs it there).
 */
export async function runUiSteps(server: CodeServer, session: Session, tally: Tally, run = 'ui', steps: UiStep[] = UI_STEPS, fromRepository = true): Promise<void> {
  const screenshots = join(SCREENSHOT_ROOT, run);
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(
      server.workbenchUrl(session.workspace, [...(fromRepository ? [['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)] as [string, string]] : []), ['skipWelcome', 'true']]),
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
        console.log(`  skip  ${run}: ${step.name} (${reason})`);
        continue;
      }
      const started = Date.now();
      try {
        await step.run(ctx);
        passed.add(step.name);
        tally.pass(`${run}: ${step.name} (${Date.now() - started} ms)`);
      } catch (error) {
        tally.fail(`${run}: ${step.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
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

/** The fit command's title as the user sees it in menus and the palette. */
export function fitTitle(ctx: UiContext): string {
  return localized(commandTitle(ctx.manifest, 'scalingLaws.fit') ?? 'Fit Scaling Law');
}

/** The title of the fit command's law picker (commands/lawPicker.ts). */
export const LAW_PICKER_TITLE = 'Laws to fit';

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

/**
 * The extension's view container in the activity bar. VS Code shows it once it has read the extension's
 * contributions, which is also when its commands reach the palette and its menu items the menus.
 */
export const EXTENSION_CONTAINER = '.activitybar [aria-label^="Scaling Laws"]';

export async function clickContextMenuItem(ctx: UiContext, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right', timeout: ctx.timeoutMs });
  // VS Code draws its own menu (inside a shadow root, which role selectors pierce).
  const item = ctx.page.getByRole('menuitem', { name: label }).first();
  try {
    await item.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  } catch {
    const shown = await ctx.page.getByRole('menuitem').allInnerTexts();
    await ctx.page.keyboard.press('Escape');
    throw new Error(`context menu has no "${label}" (it shows: ${shown.map((t) => t.trim()).filter(Boolean).join(' | ')})`);
  }
  await ctx.snap('context-menu');
  await item.click({ timeout: ctx.timeoutMs });
  // The menu closes when it runs the item; wait for that, so the next action cannot land in it.
  await ctx.page.getByRole('menu').first().waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
}

/**
 * Opens the command palette, types `query` and returns the row that shows `title`. The palette is opened
 * once: steps that look for the extension's commands run after workbenchReady has seen its contributions.
 */
export async function findCommand(ctx: UiContext, query: string, title: string): Promise<Locator> {
  const input = ctx.page.locator('.quick-input-widget input');
  const row = ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await ctx.page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  await input.fill(`>${query}`);
  try {
    await row.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  } catch (error) {
    const shown = await ctx.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    throw new Error(`the command palette shows no "${title}" for "${query}" (it shows: ${shown.join(' | ')})`, { cause: error });
  }
  return row;
}

/** Runs a command from the palette by clicking its row (Enter would run whichever row is highlighted). */
export async function runCommand(ctx: UiContext, query: string, title: string): Promise<void> {
  await (await findCommand(ctx, query, title)).click({ timeout: ctx.timeoutMs });
}

/**
 * Answers the quick pick titled `title`: filters it to `label`, ticks that item in a multi-select, accepts,
 * and waits until the pick has closed.
 */
export async function answerQuickPick(ctx: UiContext, title: string, label: string): Promise<void> {
  const widget = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await widget.locator('input.input').first().fill(label);
  await row.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const checkbox = row.locator('.monaco-checkbox, input[type=checkbox]').first();
  if ((await checkbox.count()) > 0) {
    // Preselected items are already ticked; clicking would untick them.
    const ticked = row.and(ctx.page.locator('[aria-checked="true"]'));
    if ((await ticked.count()) === 0) {
      await checkbox.click({ timeout: ctx.timeoutMs });
      await ticked.waitFor({ state: 'attached', timeout: ctx.timeoutMs });
    }
  }
  await ctx.snap('quick-pick');
  await ctx.page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
}

/**
 * Shows the hover of 1-based `line` of the active editor and returns its text. The cursor is put there with
 * Go to Line and the hover asked for with the "Show or Focus Hover" keybinding: a hover shown that way stays
 * until dismissed, where a mouse hover vanishes when the editor re-renders under it. Neither a click nor a
 * resting mouse is trusted: a CodeLens refreshed after a remap shifts every line, so a click on a line's text
 * could land on its neighbour, and Chromium's synthetic mouse move after a layout change recomputes the hover
 * for whatever line is under the mouse then. The mouse is parked on the explorer's empty space instead.
 */
export async function showHover(ctx: UiContext, line: number, contains: string | RegExp): Promise<string> {
  await ctx.page.locator('.editor-instance .monaco-editor').first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  // The palette with a `:` prefix is Go to Line (the browser keeps Ctrl+G for itself in code-server).
  await ctx.page.keyboard.press('F1');
  const input = ctx.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  await input.fill(`:${line}`);
  await ctx.page.keyboard.press('Enter');
  await ctx.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
  await ctx.page.locator('[id="status.editor.selection"]', { hasText: new RegExp(`Ln ${line},`) }).waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  const list = await ctx.page.locator('.explorer-folders-view').first().boundingBox();
  if (list) await ctx.page.mouse.move(list.x + list.width / 2, list.y + list.height - 10);
  await ctx.page.keyboard.press('Control+K');
  await ctx.page.keyboard.press('Control+I');
  const hover = ctx.page.locator('.monaco-hover:visible').filter({ hasText: contains }).first();
  try {
    await hover.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
  } catch (error) {
    const shown = await ctx.page.locator('.monaco-hover:visible').allInnerTexts();
    throw new Error(`no hover with ${String(contains)} on line ${line} (visible hovers: ${JSON.stringify(shown)})`, { cause: error });
  }
  return hover.innerText();
}

/** Notifications as toasts or in the notification center. */
const NOTIFICATIONS = '.notifications-toasts .notification-list-item, .notifications-center .notification-list-item';
/** The notification bell in the status bar; it toggles the notification center. */
const NOTIFICATION_BELL = '[id="status.notifications"]';

/** Rejects with `what()` when `work` has not settled within `timeoutMs`. */
function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), timeoutMs);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * Settles as `work` does, unless VS Code shows an error notification first (a failed command shows one):
 * then it rejects with that message at once instead of waiting out the timeout.
 */
async function unlessErrorShown<T>(ctx: UiContext, work: Promise<T>, timeoutMs: number): Promise<T> {
  const error = ctx.page.locator(NOTIFICATIONS).filter({ has: ctx.page.locator('.codicon-error') }).first();
  const shown = error.waitFor({ state: 'attached', timeout: timeoutMs }).then(
    async () => {
      throw new Error(`VS Code shows an error instead: ${(await error.locator('.notification-list-item-message').innerText()).trim()}`);
    },
    () => new Promise<never>(() => undefined),
  );
  return Promise.race([work, shown]);
}

/** Waits until `target` is visible; rejects early when VS Code shows an error notification instead. */
export async function waitUnlessError(ctx: UiContext, target: Locator, timeoutMs = ctx.timeoutMs): Promise<void> {
  await unlessErrorShown(ctx, target.waitFor({ state: 'visible', timeout: timeoutMs }), timeoutMs);
}

/**
 * Reads the notification whose text matches `pattern` from the notification center. Under the smoke-test
 * driver (which this harness enables for Mode A) VS Code shows no toasts at all: every notification goes
 * straight to the center, which is opened with the status-bar bell and closed again afterwards, as it
 * covers the lower right of the editor area.
 *
 * VS Code hides the center when its last notification closes, and a progress notification stays up for
 * at least 800 ms, so it can outlive the work it reports: a center opened while it was listed alone closes
 * when it goes, before the result is notified. That closing is the one state change handled here: the
 * center is opened again. It can only happen when a notification closes, so it is not a retry on time.
 * `inspect` looks at the matching message element before the center closes again.
 */
export async function readNotification(
  ctx: UiContext,
  pattern: RegExp,
  timeoutMs = ctx.timeoutMs,
  inspect?: (message: Locator) => Promise<void>,
): Promise<string> {
  const bell = ctx.page.locator(NOTIFICATION_BELL);
  const center = ctx.page.locator('.notifications-center.visible');
  const open = async (): Promise<void> => {
    if (!(await center.isVisible())) await bell.click({ timeout: ctx.timeoutMs });
    try {
      await center.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    } catch (error) {
      throw new Error('the notification center did not open from the status-bar bell', { cause: error });
    }
  };
  const message = center.locator('.notification-list-item-message').filter({ hasText: pattern }).first();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      await open();
      const remaining = Math.max(deadline - Date.now(), 1);
      const listed = message.waitFor({ state: 'visible', timeout: remaining }).then(() => true);
      const closed = center.waitFor({ state: 'hidden', timeout: remaining }).then(
        () => false,
        () => new Promise<never>(() => undefined),
      );
      if (await unlessErrorShown(ctx, Promise.race([listed, closed]), remaining)) break;
    }
  } catch (error) {
    const shown = await center.locator('.notification-list-item-message').allInnerTexts();
    throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (the notification center lists: ${JSON.stringify(shown)})`, { cause: error });
  }
  const text = (await message.innerText()).trim();
  // While the center is still open: once closed, its items leave the DOM and nothing is left to inspect.
  await inspect?.(message);
  await ctx.snap('notification-center');
  await bell.click({ timeout: ctx.timeoutMs });
  await center.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
  return text;
}

/** What to look for in a frame: a selector, or a locator built in that frame (for has/hasNot filters). */
export type FrameQuery = string | ((frame: Frame) => Locator);

/**
 * Resolves with the first frame of the page (notebook outputs, webviews: nested frames included, frames
 * attached later too) where `query` matches; rejects early when VS Code shows an error notification.
 * Each frame is watched with Playwright's own wait, so nothing here polls on a timer.
 */
export async function waitInAnyFrame(ctx: UiContext, query: FrameQuery, timeoutMs = ctx.timeoutMs): Promise<Frame> {
  const locate = typeof query === 'string' ? (frame: Frame) => frame.locator(query) : query;
  let found: (frame: Frame) => void = () => undefined;
  const first = new Promise<Frame>((resolve) => (found = resolve));
  const watch = (frame: Frame): void => {
    // A frame that is detached or navigates away rejects its wait; another frame may still match.
    locate(frame)
      .first()
      .waitFor({ state: 'attached', timeout: timeoutMs })
      .then(
        () => found(frame),
        () => undefined,
      );
  };
  ctx.page.on('frameattached', watch);
  ctx.page.frames().forEach(watch);
  try {
    const what = typeof query === 'string' ? query : 'the query';
    return await unlessErrorShown(ctx, withDeadline(first, timeoutMs, () => `nothing matches ${what} in ${ctx.page.frames().length} frames after ${timeoutMs} ms`), timeoutMs);
  } finally {
    ctx.page.off('frameattached', watch);
  }
}

/** A Vega chart in a notebook output or webview, rendered as SVG or canvas. */
export const CHART = 'svg g.role-mark path, .vega-embed canvas';

/** Waits until a fit's notebook has drawn its chart, which comes after the fit's summary was notified. */
export async function waitFitNotified(ctx: UiContext): Promise<void> {
  await waitUnlessError(ctx, ctx.page.locator('.tabs-container .tab.active[data-resource-name$=".scalenb"]'), 2 * ctx.timeoutMs);
  await waitInAnyFrame(ctx, CHART, 2 * ctx.timeoutMs);
}
