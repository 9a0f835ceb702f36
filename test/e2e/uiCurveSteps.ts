// Mode B steps for learning curves (issue 10): a person opens a training run's log — a Hugging Face
// trainer_state.json over 100 KB, a W&B history CSV — fits it from the explorer's context menu with the law
// the picker preselects, sees the chart and the run's predicted final loss in the status bar, and watches
// that prediction change while the trainer keeps logging: this process writes the log as a trainer does
// (trainer_state.json rewritten whole, the W&B history appended). Listed in UI_STEPS (uiSteps.ts).
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveRun, DEFAULT_LOG, trainerStateJson, wandbHistoryCsv, type CurveRunOptions, type TrainerLogOptions } from '../../scripts/learningCurveLogs';
import { CHART, clickContextMenuItem, explorerItem, fitTitle, LAW_PICKER_TITLE, menuUnavailable, openFromExplorer, waitInAnyFrame, type UiContext, type UiStep } from './ui';

/** The law the picker preselects on a log with an LR column (commands/lawPicker.ts). */
const PRESELECTED = 'lr-annealing';

interface CurveLog {
  file: string;
  /** What a person calls it in step names. */
  what: string;
  /** How the example was written (scripts/make-examples.ts) and how far the trainer gets next. */
  run: Partial<CurveRunOptions>;
  log: Partial<TrainerLogOptions>;
  moreSteps: number;
  /** Writes the log as its tool does once the run has reached `loggedSteps`. */
  write(path: string, text: string): void;
  text(run: ReturnType<typeof curveRun>, log: Partial<TrainerLogOptions>): string;
  /** The status bar's forecast once fitted. */
  forecast: RegExp;
}

const TRAINER_STATE: CurveLog = {
  file: 'trainer_state.json',
  what: 'trainer_state.json',
  run: {},
  log: {},
  moreSteps: 1000,
  // TrainerState.save_to_json replaces the file at every save.
  write: (path, text) => writeFileSync(path, text),
  text: (run, log) => trainerStateJson(run, log),
  // max_steps 5,000 is in the file.
  forecast: /final loss ≈ \d[\d.]*.* at step 5K \(max_steps\)/,
};

const WANDB_HISTORY: CurveLog = {
  file: 'wandb-history.csv',
  what: 'W&B history CSV',
  run: { seed: 31, maxSteps: 10_000, warmupSteps: 500, decay: 'linear', peakLr: 3e-4 },
  log: { loggedSteps: 6000, loggingSteps: 2, evalSteps: 500 },
  moreSteps: 1000,
  // The export of a run still training, growing as the run logs: only new rows are written.
  write: (path, text) => {
    const before = readFileSync(path, 'utf8');
    if (!text.startsWith(before)) throw new Error(`${path} is not a prefix of the longer run (scripts/make-examples.ts changed?)`);
    appendFileSync(path, text.slice(before.length));
  },
  text: (run, log) => wandbHistoryCsv(run, log),
  forecast: /final loss ≈ \d[\d.]*.* at (step [\d.]+[KMBT]?|[\d.]+[KMBT]? tokens)/,
};

function statusItems(ctx: UiContext, pattern: RegExp) {
  return ctx.page.locator('.statusbar-item', { hasText: pattern });
}

/** The forecast item by its accessible label ("final loss ≈ …; lr-annealing fitted on 571 rows"). */
function fittedLabel(ctx: UiContext, rows: RegExp = /fitted on \d+ rows/) {
  return ctx.page.locator('.statusbar-item [aria-label*="final loss"], .statusbar-item[aria-label*="final loss"]').and(ctx.page.getByLabel(rows));
}

function curveSteps(log: CurveLog): UiStep[] {
  const path = (ctx: UiContext) => join(ctx.session.workspace, log.file);
  let shown = '';
  let fittedRows = 0;
  const open: UiStep = {
    name: `${log.what}: open it from the explorer; the status bar shows its roles`,
    async run(ctx) {
      const size = statSync(path(ctx)).size;
      if (log.file === TRAINER_STATE.file && size <= 100 * 1024) throw new Error(`${log.file} has ${size} bytes, not over 100 KB`);
      await openFromExplorer(ctx, log.file);
      // Recognised as a run log: the roles item lists the step and the learning rate.
      await statusItems(ctx, /step.*lr|lr.*step/).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
    },
  };
  const fit: UiStep = {
    name: `${log.what}: fit from the explorer context menu with the preselected ${PRESELECTED} draws the chart`,
    needs: [open.name],
    unavailable: (ctx) => menuUnavailable(ctx.manifest, 'explorer/context', 'scalingLaws.fit'),
    async run(ctx) {
      await clickContextMenuItem(ctx, explorerItem(ctx.page, log.file), fitTitle(ctx));
      const widget = ctx.page.locator('.quick-input-widget').filter({ has: ctx.page.locator('.quick-input-title', { hasText: LAW_PICKER_TITLE }) });
      await widget.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      // Preselected without a click, and the only law that is.
      const ticked = widget.locator('.quick-input-list .monaco-list-row[aria-checked="true"]');
      await ticked.filter({ hasText: PRESELECTED }).first().waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      const count = await ticked.count();
      if (count !== 1) throw new Error(`${count} laws are preselected: ${(await ticked.allInnerTexts()).join(' | ')}`);
      await ctx.snap('law-picker');
      // OK, not Enter: in a multi-select pick Enter on the focused row toggles that row.
      await widget.getByRole('button', { name: 'OK' }).click({ timeout: ctx.timeoutMs });
      await widget.waitFor({ state: 'hidden', timeout: ctx.timeoutMs });
      // This file's notebook (its title cell) with its chart drawn: the outputs are written, so the fit is
      // stored next (showFitResult.ts). Another file's notebook may still be open with its own chart.
      await waitInAnyFrame(ctx, (frame) => frame.locator('body', { has: frame.locator('h1', { hasText: `Fit of ${log.file}` }) }).locator(CHART), 2 * ctx.timeoutMs);
    },
  };
  const predicts: UiStep = {
    name: `${log.what}: the status bar predicts the run's loss`,
    needs: [fit.name],
    async run(ctx) {
      // The fit's notebook is the active editor now; the prediction is shown for the run log's own tab.
      await ctx.page.locator(`.tabs-container .tab[data-resource-name="${log.file}"]`).first().click({ timeout: ctx.timeoutMs });
      const item = statusItems(ctx, log.forecast).first();
      await item.waitFor({ state: 'visible', timeout: 2 * ctx.timeoutMs });
      shown = (await item.innerText()).trim();
      fittedRows = Number(/fitted on (\d+) rows/.exec((await fittedLabel(ctx).first().getAttribute('aria-label')) ?? '')?.[1]);
      if (!(fittedRows > 0)) throw new Error(`the forecast item does not say how many rows were fitted (text "${shown}")`);
    },
  };
  const updates: UiStep = {
    name: `${log.what}: the trainer logs ${log.moreSteps} more steps and the prediction updates`,
    needs: [predicts.name],
    async run(ctx) {
      const run = curveRun(log.run);
      const loggedSteps = (log.log.loggedSteps ?? DEFAULT_LOG.loggedSteps) + log.moreSteps;
      log.write(path(ctx), log.text(run, { ...log.log, loggedSteps }));
      // The file was re-read and refitted on more rows (the item's accessible label names the fit's rows),
      // and the prediction reads differently (no time is waited on).
      const refitted = fittedLabel(ctx, new RegExp(`fitted on (?!${fittedRows} rows)\\d+ rows`)).first();
      await refitted.waitFor({ state: 'visible', timeout: 3 * ctx.timeoutMs });
      const item = statusItems(ctx, log.forecast).filter({ hasNotText: shown }).first();
      await item.waitFor({ state: 'visible', timeout: ctx.timeoutMs });
      console.log(`  ${log.file}: "${shown}" (${fittedRows} rows) → "${(await item.innerText()).trim()}" (${await refitted.getAttribute('aria-label')})`);
    },
  };
  return [open, fit, predicts, updates];
}

export const CURVE_UI_STEPS: UiStep[] = [...curveSteps(TRAINER_STATE), ...curveSteps(WANDB_HISTORY)];
