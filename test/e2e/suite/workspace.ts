// Helpers the extension-host suites share: the example workspace's files, the engine bundle as the
// extension loads it, and polling for what VS Code does asynchronously.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Engine } from '../../../src/extension/engineLoader';

export const EXTENSION_ID = 'scaling-laws.scaling-laws';
/** Copied into the workspace by the harness (test/e2e/session.ts) from ../shared/data. */
export const KYO = 'shared-data/kyo-chinchilla-llm-df.csv';

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export function engine(): Engine {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  // The engine bundle by path, exactly as the extension loads it (engineLoader.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(extension.extensionPath, 'dist', 'engine.js')) as Engine;
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
