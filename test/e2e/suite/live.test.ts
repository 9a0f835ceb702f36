// Live fits in a real VS Code: a trainer (a child process) appends rows to a fitted run log that is not
// open in any editor; the extension reads only the appended bytes and the stored fit is refitted on them.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FitResult } from '../../../src/core/types';
import type { ScalingLawsApi } from '../../../src/extension/extension';
import { EXTENSION_ID, workspaceFile } from './workspace';

const MAMBA = 'shared-data/llm360-mamba-llm360Mamba3B.csv';
const FIRST_ROWS = 2000;
const APPENDED_ROWS = 500;

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
    const uri = workspaceFile('live-run.csv');
    writeFileSync(uri.fsPath, `${lines.slice(0, 1 + FIRST_ROWS).join('\n')}\n`);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['lr-annealing'], silent: true })) as FitResult;
    assert.equal(fit.n, FIRST_ROWS);
    await whenTrue('the first (whole-file) read of the followed log', api.live.onDidUpdate, () => api.live.status(uri)?.fullReads === 1, 30_000);

    const appended = lines.slice(1 + FIRST_ROWS, 1 + FIRST_ROWS + APPENDED_ROWS);
    const size = readFileSync(uri.fsPath).length;
    await appendFromChild(uri.fsPath, `${appended.join('\n')}\n`);
    const grownBy = readFileSync(uri.fsPath).length - size;

    await whenTrue('the refit on the appended rows', api.live.onDidUpdate, () => api.live.fits(uri)[0]?.n === FIRST_ROWS + APPENDED_ROWS, 60_000);
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
});
