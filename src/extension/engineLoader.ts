import * as path from 'node:path';

/** The engine bundle's API (type-only: the code lives in dist/engine.js, never in dist/extension.js). */
export type Engine = typeof import('./engine');

let engine: Engine | undefined;
let extensionPath = '';

export function setEnginePath(root: string): void {
  extensionPath = root;
}

/**
 * Loads dist/engine.js on first use. It is a separate bundle required by path so that activation
 * does not pay for parsing the fitting engine (a lazy `require` inside one bundle saves nothing).
 */
export function loadEngine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= require(path.join(extensionPath, 'dist', 'engine.js')) as Engine;
  return engine;
}
