// One build for every surface. Each bundle's size is printed so budget drift is visible in every build.
import * as esbuild from 'esbuild';
import { statSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
const browser = { platform: 'browser', target: 'es2022' };

/** @type {Array<{name: string} & import('esbuild').BuildOptions>} */
const surfaces = [
  { name: 'extension host', entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', ...node },
  { name: 'engine (lazy, host side)', entryPoints: ['src/extension/engine.ts'], outfile: 'dist/engine.js', ...node },
  { name: 'fitting worker', entryPoints: ['src/extension/fitWorker.ts'], outfile: 'dist/fitWorker.js', ...node },
  {
    name: 'cli',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    ...node,
    banner: { js: '#!/usr/bin/env node' },
    // `--plot` renders SVG with Vega in Node; vega-canvas's node build has a top-level await (for the
    // optional native `canvas`), which a CJS bundle cannot hold. The browser build finds no canvas in
    // Node and Vega estimates text widths instead, which is all toSVG needs.
    alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
  },
  { name: 'renderer', entryPoints: ['renderer/index.ts'], outfile: 'dist/renderer.js', ...browser, format: 'esm' },
  { name: 'calculator webview', entryPoints: ['media/calculator.ts'], outfile: 'dist/calculator.js', ...browser, format: 'iife' },
];

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning', legalComments: 'none' };

if (watch) {
  for (const { name: _name, ...options } of surfaces) {
    const ctx = await esbuild.context({ ...common, ...options });
    await ctx.watch();
  }
  console.log('watching…');
} else {
  await Promise.all(surfaces.map(({ name: _name, ...options }) => esbuild.build({ ...common, ...options })));
  for (const s of surfaces) {
    const kb = statSync(s.outfile).size / 1024;
    console.log(`${s.name.padEnd(26)} ${s.outfile.padEnd(22)} ${kb.toFixed(1).padStart(8)} KB`);
  }
}
