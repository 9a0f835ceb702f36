// Learning-curve logs in a real VS Code: a trainer_state.json far over the old 16 KB sniff (and one
// without a trailing newline) and a W&B history export are run logs (CodeLens, the isRunLog context
// key's status item), and their eval entries are a loss series: no planned-run inlay hints.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { curveRun, trainerStateJson } from '../../../scripts/learningCurveLogs';
import type { FitResult } from '../../../src/core/types';
import { engine, EXTENSION_ID, until, workspaceFile } from './workspace';

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((lens) => lens.command?.title ?? '');
}

describe('learning-curve recognition', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a 103 KB trainer_state.json is a run log; a fit uses its 600 training entries and puts no hint on eval entries', async () => {
    const uri = workspaceFile('trainer_state.json');
    const document = await open(uri);
    assert.ok(document.getText().length > 100 * 1024);
    assert.deepEqual(await lensTitles(uri), ['Fit scaling law…', 'Compare laws…', 'Open calculator']);
    const table = engine().readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const counts: Record<string, number> = {};
    for (const status of table.rowStatus) counts[status] = (counts[status] ?? 0) + 1;
    assert.deepEqual(counts, { ok: 600, series: 12, summary: 1 });
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['power'], silent: true })) as FitResult;
    // At most the 600 training entries (a law may skip the earliest part of the curve); never the eval or summary entries.
    assert.ok(fit.n > 0 && fit.n <= 600, `${fit.n} rows fitted`);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, document.lineCount, 0));
    assert.equal(hints.length, 0, `eval and summary entries are not planned runs: ${hints.map((h) => h.position.line + 1).join(', ')}`);
    const info = await until('the loss-series diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'loss-series'));
    assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
    assert.match(info.message, /^12 rows have no 'loss' but a value in 'eval_loss'/);
  });

  it('a trainer_state.json without a trailing newline and a W&B history export are run logs', async () => {
    await vscode.workspace.fs.createDirectory(workspaceFile('checkpoint-1200'));
    const uri = workspaceFile('checkpoint-1200/trainer_state.json');
    const text = trainerStateJson(curveRun(), { loggedSteps: 1200, stopped: false }).trimEnd();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    await open(uri);
    assert.equal((await lensTitles(uri)).length, 3, 'no CodeLens on a trainer_state.json without a trailing newline');
    const history = workspaceFile('wandb-history.csv');
    await open(history);
    assert.equal((await lensTitles(history)).length, 3, 'no CodeLens on the W&B history export');
  });
});
