import * as vscode from 'vscode';
import { registerCalculator } from './calculator/provider';
import { clearFitCommand, showLogCommand } from './commands/simple';
import { compareCommand } from './commands/compare';
import { fitAcrossRunsCommand } from './commands/fitAcrossRuns';
import { fitCommand } from './commands/fit';
import { setRolesCommand } from './commands/roles';
import { showFitCommand } from './commands/showFit';
import type { CommandContext } from './commands/target';
import { READ_SETTINGS } from './config';
import { setEnginePath } from './engineLoader';
import { ForecastStatus } from './forecastStatus';
import { disposeLog, log } from './log';
import { registerNotebooks } from './notebook';
import { outsideDataPrompt } from './notebook/dataSource';
import { RunLogCodeActions } from './providers/codeActions';
import { HeaderCodeLensProvider } from './providers/codeLens';
import { RunLogDiagnostics } from './providers/diagnostics';
import { RunLogHoverProvider } from './providers/hover';
import { PlannedRowHintsProvider } from './providers/inlayHints';
import { LiveRunLogs } from './live/liveRunLogs';
import { RUN_LOG_SELECTOR, RunLogs } from './runLogs';
import { RoleStatus } from './statusBar';
import { FileState } from './stores';
import { pushAll } from '../core/arrays';
import type { FitResult } from '../core/types';

/** What activate() returns to other extensions and to the extension-host tests. */
export interface ScalingLawsApi {
  /** Wall time activate() took, in ms (budget: ≤ 50). */
  activationMs: number;
  /** The registered hover provider: bench/hover.bench.ts times provideHover itself (its budget), apart from the RPC round trip. */
  hoverProvider: vscode.HoverProvider;
  /** The question asked before a notebook's `data:` is read outside the workspace (tests answer it). */
  outsideDataPrompt: typeof outsideDataPrompt;
  /**
   * Live fits of growing run logs: per-file status (full reads vs appends), the last live table, an
   * immediate update, the event after each update, and the stored fits it keeps current.
   */
  live: Pick<LiveRunLogs, 'status' | 'table' | 'refresh' | 'onDidUpdate'> & { fits(uri: vscode.Uri): readonly FitResult[] };
}

/**
 * Activation only wires providers, commands and events: nothing is parsed or fitted here, and the
 * engine (dist/engine.js) and the worker load on first use.
 */
export function activate(context: vscode.ExtensionContext): ScalingLawsApi {
  const start = performance.now();
  setEnginePath(context.extensionPath);
  const state = new FileState(context.workspaceState);
  const runLogs = new RunLogs(state, context.extensionPath);
  const diagnostics = new RunLogDiagnostics(runLogs);
  const status = new RoleStatus(runLogs, state);
  const forecast = new ForecastStatus(runLogs, state);
  const codeLens = new HeaderCodeLensProvider(runLogs);
  const hints = new PlannedRowHintsProvider(runLogs, state);
  const hoverProvider = new RunLogHoverProvider(runLogs, state);
  const live = new LiveRunLogs(state, context.extensionPath);
  const ctx: CommandContext = { extensionPath: context.extensionPath, runLogs, state };

  const isActive = (uri: vscode.Uri) => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  const reread = (uri?: vscode.Uri) => {
    runLogs.invalidate(uri);
    diagnostics.invalidate();
    for (const document of vscode.workspace.textDocuments) {
      if (!uri || document.uri.toString() === uri.toString()) diagnostics.schedule(document);
    }
    codeLens.refresh();
    hints.refresh();
    status.update();
    forecast.update();
  };

  context.subscriptions.push(
    state,
    runLogs,
    live,
    diagnostics,
    status,
    forecast,
    codeLens,
    hints,
    vscode.languages.registerHoverProvider(RUN_LOG_SELECTOR, hoverProvider),
    vscode.languages.registerCodeLensProvider(RUN_LOG_SELECTOR, codeLens),
    vscode.languages.registerInlayHintsProvider(RUN_LOG_SELECTOR, hints),
    vscode.languages.registerCodeActionsProvider(RUN_LOG_SELECTOR, new RunLogCodeActions(runLogs), RunLogCodeActions.metadata),
    vscode.commands.registerCommand('scalingLaws.fit', (arg: unknown) => fitCommand(ctx, arg)),
    vscode.commands.registerCommand('scalingLaws.compare', (arg: unknown) => compareCommand(ctx, arg)),
    vscode.commands.registerCommand('scalingLaws.fitAcrossRuns', (arg: unknown, selected: unknown) => fitAcrossRunsCommand(ctx, arg, selected)),
    vscode.commands.registerCommand('scalingLaws.setRoles', (arg: unknown) => setRolesCommand(ctx, arg)),
    vscode.commands.registerCommand('scalingLaws.clearFit', (arg: unknown) => clearFitCommand(ctx, arg)),
    vscode.commands.registerCommand('scalingLaws.showFit', (arg: unknown) => showFitCommand(ctx, arg)),
    vscode.commands.registerCommand('scalingLaws.showLog', showLogCommand),
  );
  // Registered in this order (the lists are small, but spreads into push are banned by lint).
  pushAll(context.subscriptions, registerCalculator(context, state, runLogs));
  pushAll(context.subscriptions, registerNotebooks(ctx));
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => diagnostics.schedule(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) diagnostics.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.clear(document.uri);
      runLogs.forget(document);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      status.update(editor);
      forecast.update(editor);
    }),
    runLogs.onDidChangeTable((uri) => {
      hints.refresh();
      if (isActive(uri)) {
        status.update();
        forecast.update();
      }
    }),
    state.onDidChangeFit((uri) => {
      hints.refresh();
      if (isActive(uri)) {
        status.update();
        forecast.update();
      }
      live.sync(uri);
    }),
    state.onDidChangeRoles((uri) => reread(uri)),
    // A live refit that failed changes no fit, but the status bar's tooltip says why.
    live.onDidUpdate((uri) => {
      if (isActive(uri)) {
        status.update();
        forecast.update();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('scalingLaws.live')) live.syncAll();
      if (READ_SETTINGS.some((key) => event.affectsConfiguration(key))) reread();
      else if (event.affectsConfiguration('scalingLaws')) {
        codeLens.refresh();
        hints.refresh();
        for (const document of vscode.workspace.textDocuments) diagnostics.schedule(document);
      }
    }),
    { dispose: disposeLog },
  );

  for (const document of vscode.workspace.textDocuments) diagnostics.schedule(document);
  status.update();
  // Following fitted logs starts the live worker and reads them: after activation, not inside it.
  setTimeout(() => live.syncAll(), 0);
  const activationMs = performance.now() - start;
  log().info(`activated in ${activationMs.toFixed(1)} ms`);
  const liveApi: ScalingLawsApi['live'] = {
    status: (uri) => live.status(uri),
    table: (uri) => live.table(uri),
    refresh: (uri) => live.refresh(uri),
    onDidUpdate: live.onDidUpdate,
    fits: (uri) => state.fits(uri),
  };
  return { activationMs, hoverProvider, outsideDataPrompt, live: liveApi };
}

export function deactivate(): void {}
