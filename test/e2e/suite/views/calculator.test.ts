// The compute-optimal calculator in a real VS Code: Open Calculator opens one editor-area panel (a second
// call reveals the same one); the numbers its webview computes equal what the built CLI (`dist/cli.js
// optimal`) prints for the same inputs, for a preset and for any fit of the workspace chosen from its
// list; it follows a new fit, and the panel and the side view restore their inputs after being hidden.
// Driven through the two test hooks: scalingLaws.calculator.setInputs and scalingLaws.calculator.getState.
// It lives in a subfolder so it runs after extension-activation.test.ts (files run in path order), whose
// check that activation loads no engine would otherwise see the engine these fits load.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlanResult } from '../../../../src/core/optimal/types';
import type { FitResult } from '../../../../src/core/types';
import type { CalculatorSnapshot } from '../../../../src/extension/calculator/page';
import type { CalculatorInputs, CalculatorOutputs } from '../../../../src/shared/messages';
import { until } from '../workspace';

const EXTENSION_ID = 'scaling-laws.scaling-laws';
const SWEEP = 'chinchilla-sweep.csv';
/** Copied into the workspace by the harness (test/e2e/session.ts) from ../shared/data. */
const KYO = 'shared-data/kyo-chinchilla-llm-df.csv';

const BUDGET: Partial<CalculatorInputs> = {
  budgetKind: 'flops',
  flops: '3e24',
  gpu: 'h100',
  peakTflops: '989',
  mfu: '0.4',
  gpus: '1,024',
  price: '2',
  mode: 'compute-optimal',
};
const BUDGET_FLAGS = ['--compute', '3e24', '--gpu', 'h100', '--mfu', '0.4', '--gpus', '1024', '--price', '2'];

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** `scaling-laws optimal … --json` from the built CLI, run by the extension host's own Node. */
function cliPlan(extensionPath: string, args: string[]): PlanResult {
  const stdout = execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'optimal', ...args, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return JSON.parse(stdout) as PlanResult;
}

function planOf(outputs: CalculatorOutputs | undefined): PlanResult {
  assert.ok(outputs, 'the calculator reported nothing');
  assert.ok(outputs.ok, `the calculator shows errors: ${JSON.stringify(outputs.ok ? {} : outputs.errors)}`);
  return outputs.result;
}

type Target = 'panel' | 'view';

async function getState(target?: Target): Promise<CalculatorSnapshot> {
  const snapshot = await vscode.commands.executeCommand<CalculatorSnapshot | undefined>('scalingLaws.calculator.getState', target);
  assert.ok(snapshot, 'the calculator has computed nothing yet');
  return snapshot;
}

function setInputs(inputs: Partial<CalculatorInputs>, target?: Target): Promise<CalculatorOutputs> {
  return Promise.resolve(vscode.commands.executeCommand<CalculatorOutputs>('scalingLaws.calculator.setInputs', inputs, target));
}

/** The calculator panels open in the editor area. */
function calculatorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('scalingLaws.calculatorPanel'));
}

describe('compute-optimal calculator (editor panel and side view)', function () {
  this.timeout(180_000);
  let extensionPath = '';

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    extensionPath = extension.extensionPath;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one editor panel from scalingLaws.openCalculator and equals `scaling-laws optimal` for a preset', async () => {
    assert.equal(await vscode.commands.executeCommand('scalingLaws.openCalculator'), true);
    await until('the calculator panel to open', () => (calculatorTabs().length > 0 ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('scalingLaws.openCalculator'), true);
    assert.equal(calculatorTabs().length, 1, 'a second Open Calculator reveals the same panel');
    const mine = planOf(await setInputs({ ...BUDGET, lawSource: 'preset', preset: 'besiroglu2024' }));
    const cli = cliPlan(extensionPath, ['--law', 'besiroglu2024', ...BUDGET_FLAGS]);
    assert.deepEqual(mine, cli);
    assert.equal(mine.hardware?.gpus, 1024);
    assert.ok(mine.cost! > 0 && mine.wallClockDays! > 0);
  });

  it('reports a bad budget as an inline error instead of a plan', async () => {
    const outputs = await setInputs({ flops: 'a lot' });
    assert.ok(!outputs.ok);
    assert.match(outputs.errors.flops ?? '', /not a number/);
    planOf(await setInputs({ flops: BUDGET.flops }));
  });

  it('plans with the current fit, equal to `optimal --fit`, and follows a new fit', async () => {
    const sweepFit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri: workspaceFile(SWEEP), laws: ['chinchilla'], silent: true })) as FitResult;
    assert.ok(sweepFit, 'the fit command returned nothing');
    const preset = planOf(await setInputs({ ...BUDGET, lawSource: 'preset', preset: 'hoffmann2022-rounded' }));
    const fromFit = planOf(await setInputs({ lawSource: 'current-fit' }));
    assert.notEqual(fromFit.N, preset.N, 'switching to the current fit changes N*');

    const dir = mkdtempSync(path.join(tmpdir(), 'calculator-'));
    const fitFile = path.join(dir, 'fit.json');
    writeFileSync(fitFile, JSON.stringify(sweepFit));
    assert.deepEqual(fromFit, cliPlan(extensionPath, ['--fit', fitFile, ...BUDGET_FLAGS]));

    // A new fit of another file becomes the active fit: the host pushes it to the open panel while the
    // fit command stores it, so the panel has recomputed by the time a later message reaches it.
    const kyoFit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri: workspaceFile(KYO), laws: ['chinchilla'], silent: true })) as FitResult;
    const followed = planOf(await setInputs({}));
    const snapshot = await getState();
    assert.match(snapshot.fit ?? '', /kyo-chinchilla-llm-df\.csv/);
    assert.notEqual(followed.N, fromFit.N, 'the new fit changes N*');
    const kyoFile = path.join(dir, 'kyo.json');
    writeFileSync(kyoFile, JSON.stringify(kyoFit));
    assert.deepEqual(followed, cliPlan(extensionPath, ['--fit', kyoFile, ...BUDGET_FLAGS]));

    // Both fits are in the list, and choosing the first plans with it again.
    const sweep = snapshot.fits.find((fit) => fit.id.endsWith(`${SWEEP}#0`));
    assert.ok(sweep, `the sweep's fit is listed: ${snapshot.fits.map((fit) => fit.label).join('; ')}`);
    assert.ok(snapshot.fits.some((fit) => /kyo-chinchilla-llm-df\.csv/.test(fit.label)));
    assert.deepEqual(planOf(await setInputs({ fit: sweep.id })), fromFit);
    assert.match((await getState()).fit ?? '', /chinchilla-sweep\.csv/);
    await setInputs({ fit: '' });
  });

  it('the panel restores its inputs after it is hidden (no retained context)', async () => {
    await setInputs({ lawSource: 'preset', preset: 'hoffmann2022-unrounded', flops: '7e23' }, 'panel');
    // Another editor in the panel's group hides it: the host learns of that by an event.
    await vscode.window.showTextDocument(workspaceFile(SWEEP), { viewColumn: vscode.ViewColumn.Active });
    await until('the hidden panel to unload', async () => ((await getState('panel')).loaded === false ? true : undefined));
    // An empty update reveals the panel, waits for the reloaded page and answers with what it restored.
    const restored = planOf(await setInputs({}, 'panel'));
    assert.equal((await getState('panel')).inputs.flops, '7e23');
    assert.equal(restored.law.presetId, 'hoffmann2022-unrounded');
    assert.equal(restored.budgetFlops, 7e23);
  });

  it('the side view shares the saved inputs and restores them after it is hidden', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shared = planOf(await setInputs({}, 'view'));
    assert.equal(shared.budgetFlops, 7e23, 'the view starts from the inputs the panel saved');
    await setInputs({ flops: '8e23' }, 'view');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await until('the hidden view to unload', async () => ((await getState('view')).loaded === false ? true : undefined));
    const restored = planOf(await setInputs({}, 'view'));
    assert.equal((await getState('view')).inputs.flops, '8e23');
    assert.equal(restored.budgetFlops, 8e23);
  });
});
