// The compute-optimal calculator view in a real VS Code: the numbers its webview computes equal what the
// built CLI (`dist/cli.js optimal`) prints for the same inputs, for a preset and for the current fit, and
// the view follows a new fit and restores its inputs after being hidden. Driven through the two test
// hooks the view registers: scalingLaws.calculator.setInputs and scalingLaws.calculator.getState.
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
import type { CalculatorSnapshot } from '../../../../src/extension/calculator/provider';
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

async function getState(): Promise<CalculatorSnapshot> {
  const snapshot = await vscode.commands.executeCommand<CalculatorSnapshot | undefined>('scalingLaws.calculator.getState');
  assert.ok(snapshot, 'the calculator has computed nothing yet');
  return snapshot;
}

function setInputs(inputs: Partial<CalculatorInputs>): Promise<CalculatorOutputs> {
  return Promise.resolve(vscode.commands.executeCommand<CalculatorOutputs>('scalingLaws.calculator.setInputs', inputs));
}

describe('compute-optimal calculator view', function () {
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

  it('opens from scalingLaws.openCalculator and equals `scaling-laws optimal` for a preset', async () => {
    assert.equal(await vscode.commands.executeCommand('scalingLaws.openCalculator'), true, 'the view is contributed');
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

    // A new fit of another file becomes the current fit: the host pushes it to the open view while the
    // fit command stores it, so the view has recomputed by the time a later message reaches it.
    const kyoFit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri: workspaceFile(KYO), laws: ['chinchilla'], silent: true })) as FitResult;
    const followed = planOf(await setInputs({}));
    const snapshot = await vscode.commands.executeCommand<CalculatorSnapshot>('scalingLaws.calculator.getState');
    assert.match(snapshot.fit ?? '', /kyo-chinchilla-llm-df\.csv/);
    assert.notEqual(followed.N, fromFit.N, 'the new fit changes N*');
    writeFileSync(fitFile, JSON.stringify(kyoFit));
    assert.deepEqual(followed, cliPlan(extensionPath, ['--fit', fitFile, ...BUDGET_FLAGS]));
  });

  it('restores its inputs after the view is hidden (no retained context)', async () => {
    await setInputs({ lawSource: 'preset', preset: 'hoffmann2022-unrounded', flops: '7e23' });
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    // The host learns of the hidden view by an event: until then it would post to the unloaded page.
    await until('the hidden view to unload', async () => ((await getState()).loaded === false ? true : undefined));
    // An empty update waits for the reloaded page and answers with what it restored.
    const restored = planOf(await setInputs({}));
    const snapshot = await getState();
    assert.equal(snapshot.inputs.flops, '7e23');
    assert.equal(restored.law.presetId, 'hoffmann2022-unrounded');
    assert.equal(restored.budgetFlops, 7e23);
  });
});
