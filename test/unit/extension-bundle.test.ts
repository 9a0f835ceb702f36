// The extension host bundle must stay small and must not contain the fitting engine: activation would
// otherwise pay for parsing it (a lazy require inside one bundle saves nothing). Builds the bundles in
// memory with the same options as esbuild.mjs (minified, as shipped) and inspects what went in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const HOST_BUDGET_BYTES = 150 * 1024;

async function bundle(entry: string) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { bytes: result.outputFiles[0].contents.byteLength, inputs: Object.keys(result.metafile.inputs) };
}

/** Modules that are the engine: the fitter, the law implementations, the optimiser library. */
const isEngine = (input: string) => /^src\/core\/(fit|laws|solve)\//.test(input) || input.includes('ml-levenberg-marquardt');

test('dist/extension.js leaves the fitting engine out and stays within 150 KB', async () => {
  const host = await bundle('src/extension/extension.ts');
  assert.deepEqual(host.inputs.filter(isEngine), [], 'engine modules bundled into the extension host');
  assert.ok(host.bytes <= HOST_BUDGET_BYTES, `extension host bundle is ${(host.bytes / 1024).toFixed(1)} KB`);
});

test('dist/engine.js and dist/fitWorker.js do contain the engine (so the check above can fail)', async () => {
  for (const entry of ['src/extension/engine.ts', 'src/extension/fitWorker.ts']) {
    const { inputs } = await bundle(entry);
    assert.ok(inputs.some((input) => input.startsWith('src/core/fit/')), `${entry} has no src/core/fit module`);
  }
});
