// Live fits in a real VS Code: a trainer (a child process) appends rows to a fitted run log that is not
// open in any editor; the extension reads only the appended bytes and the stored fit is refitted on them.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FitResult } from '../../../src/core/types';
import type { ScalingLawsApi } from '../../../src/extension/extension';
import { ScalingNotebookSerializer } from '../../../src/extension/notebook/serializer';
import type { FitOutput } from '../../../src/shared/fitOutput';
import { FIT_MIME } from '../../../src/shared/mime';
import { EXTENSION_ID, workspaceFile } from './workspace';

const MAMBA = 'shared-data/llm360-mamba-llm360Mamba3B.csv';
const FIRST_ROWS = 2000;
const APPENDED_ROWS = 500;

/** Rows a fit read: the fitted ones plus the earliest ones its law's default skip-first left out. */
function rowsRead(fit: FitResult | undefined): number | undefined {
  return fit && fit.n + (fit.skipped?.rows ?? 0);
}

/** Resolves when `probe` holds after an event (or at once), rejecting at the deadline: no sleeps. */
function whenTrue(what: string, event: vscode.Event<unknown>, probe: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (outcome: () => void) => {
      clearTimeout(timer);
      listener.dispose();
      outcome();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))), timeoutMs);
    const listener = event(() => {
      if (probe()) done(resolve);
    });
    if (probe()) done(resolve);
  });
}

/** Appends `text` from another process, in three writes (the middle one ends mid-line, as a trainer's flush may). */
function appendFromChild(path: string, text: string): Promise<void> {
  const cut1 = Math.floor(text.length / 3);
  const cut2 = Math.floor((2 * text.length) / 3);
  const script = `
    const fs = require('node:fs');
    const [path, a, b, c] = process.argv.slice(1);
    fs.appendFileSync(path, a);
    setTimeout(() => { fs.appendFileSync(path, b); setTimeout(() => fs.appendFileSync(path, c), 200); }, 200);`;
  const child = spawn(process.execPath, ['-e', script, path, text.slice(0, cut1), text.slice(cut1, cut2), text.slice(cut2)], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`appending process exited with ${code}`))));
  });
}

/** The first 1 + rows lines of the llm360-mamba log (header included) as a new log in the workspace. */
function writeLog(name: string, lines: string[], rows: number): vscode.Uri {
  const uri = workspaceFile(name);
  writeFileSync(uri.fsPath, `${lines.slice(0, 1 + rows).join('\n')}\n`);
  return uri;
}

describe('live fits of a growing run log', function () {
  this.timeout(120_000);
  let api: ScalingLawsApi;
  const config = () => vscode.workspace.getConfiguration('scalingLaws');

  before(async () => {
    api = (await vscode.extensions.getExtension<ScalingLawsApi>(EXTENSION_ID)?.activate()) as ScalingLawsApi;
    await config().update('live.refitIntervalSeconds', 1, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update('live.refitIntervalSeconds', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('refits the stored fit on rows appended by another process, reading only the appended bytes', async () => {
    const lines = readFileSync(workspaceFile(MAMBA).fsPath, 'utf8').split('\n');
    const uri = writeLog('live-run.csv', lines, FIRST_ROWS);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['lr-annealing'], silent: true })) as FitResult;
    assert.equal(rowsRead(fit), FIRST_ROWS);
    await whenTrue('the first (whole-file) read of the followed log', api.live.onDidUpdate, () => api.live.status(uri)?.fullReads === 1, 30_000);

    const appended = lines.slice(1 + FIRST_ROWS, 1 + FIRST_ROWS + APPENDED_ROWS);
    const size = readFileSync(uri.fsPath).length;
    await appendFromChild(uri.fsPath, `${appended.join('\n')}\n`);
    const grownBy = readFileSync(uri.fsPath).length - size;

    await whenTrue('the refit on the appended rows', api.live.onDidUpdate, () => rowsRead(api.live.fits(uri)[0]) === FIRST_ROWS + APPENDED_ROWS, 60_000);
    const status = api.live.status(uri);
    assert.ok(status, 'the log is followed');
    assert.equal(status.fullReads, 1, 'the log was read whole only once, when following started');
    assert.ok(status.appends >= 1, `appends: ${status.appends}`);
    assert.ok(status.refits >= 1, `refits: ${status.refits}`);
    assert.equal(status.lastError, undefined);
    assert.equal(status.lastMode, 'append');
    assert.ok(status.lastBytes <= grownBy, `the last update read ${status.lastBytes} bytes; ${grownBy} were appended`);
    assert.equal(api.live.table(uri)?.rowCount, FIRST_ROWS + APPENDED_ROWS);
    const refit = api.live.fits(uri)[0];
    assert.equal(refit.law.id, 'lr-annealing');
    assert.notDeepEqual(refit.params, fit.params, 'the parameters were fitted again');
  });

  it('runs the notebook cell on the log again when rows are appended', async () => {
    const lines = readFileSync(workspaceFile(MAMBA).fsPath, 'utf8').split('\n');
    const log = writeLog('live-notebook.csv', lines, FIRST_ROWS);
    const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'data: live-notebook.csv\nlaw: lr-annealing', 'yaml');
    const notebookUri = workspaceFile('live.scalenb');
    await vscode.workspace.fs.writeFile(notebookUri, new ScalingNotebookSerializer().serializeNotebook(new vscode.NotebookData([cell])));
    const notebook = await vscode.workspace.openNotebookDocument(notebookUri);
    const editor = await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: 'scaling-laws.fit', extension: EXTENSION_ID });
    /** Rows the cell's shown fit used, once its output is there. */
    const shownRows = () => {
      const item = notebook.cellAt(0).outputs.flatMap((output) => output.items).find((i) => i.mime === FIT_MIME);
      return item && rowsRead((JSON.parse(new TextDecoder().decode(item.data)) as FitOutput).fits[0]);
    };
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: 1 }], document: notebookUri });
    await whenTrue('the cell output', vscode.workspace.onDidChangeNotebookDocument, () => shownRows() === FIRST_ROWS, 60_000);
    // The cell's fit became the log's stored fit, so the log is followed from here on.
    await whenTrue('the first read of the followed log', api.live.onDidUpdate, () => api.live.status(log)?.fullReads === 1, 30_000);

    await appendFromChild(log.fsPath, `${lines.slice(1 + FIRST_ROWS, 1 + FIRST_ROWS + APPENDED_ROWS).join('\n')}\n`);
    await whenTrue('the cell output on the grown log', vscode.workspace.onDidChangeNotebookDocument, () => shownRows() === FIRST_ROWS + APPENDED_ROWS, 60_000);
    assert.equal(api.live.status(log)?.fullReads, 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
