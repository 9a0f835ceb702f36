import { join } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Builds the fitting/parse worker (dist/fitWorker.js, as esbuild.mjs does for the extension) into
 * `root/dist`, where runInWorker looks for it given `root` as the extension path. Shared by the worker
 * tests and the host-parse bench so both exercise the same bundle.
 */
export async function buildWorkerBundle(root: string): Promise<void> {
  await esbuild.build({
    entryPoints: ['src/extension/fitWorker.ts'],
    outfile: join(root, 'dist', 'fitWorker.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
}
