// Activation must not load the engine bundle. Other suites open run logs and load it, so this file
// must run first: files load in name order, keep this name sorting before every other suite file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ScalingLawsApi } from '../../../src/extension/extension';

const EXTENSION_ID = 'scaling-laws.scaling-laws';

describe('extension activation', () => {
  it('activates without loading dist/engine.js or starting a worker', async () => {
    const extension = vscode.extensions.getExtension<ScalingLawsApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not loaded`);
    const api = await extension.activate();
    const engineModules = Object.keys(require.cache).filter((id) => /[\\/]dist[\\/](engine|fitWorker)\.js$/.test(id));
    assert.deepEqual(engineModules, []);
    console.log(`        activate() took ${api.activationMs.toFixed(1)} ms (budget 50 ms)`);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['scalingLaws.fit', 'scalingLaws.compare', 'scalingLaws.setRoles', 'scalingLaws.clearFit', 'scalingLaws.showLog', 'scalingLaws.openCalculator']) {
      assert.ok(commands.includes(id), `${id} not registered`);
    }
  });
});
