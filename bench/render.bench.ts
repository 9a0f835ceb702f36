/**
 * First render of a 2,000-point fit chart in Chromium (budget ≤ 500 ms), with the production renderer
 * bundle under a CSP without 'unsafe-eval' (Vega's expression interpreter). Peer, same run: the same
 * renderer built without the interpreter (Vega compiles expressions with Function) on a page that allows
 * eval — the price of CSP safety. Also the learning-curve view of Mamba-3B's log (3,000 of 44,174 points, the
 * EMA through them, 3,000 residuals, the fit with its band), and the bundle size (budget ≤ 1 MB minified).
 *
 *   node --import tsx bench/render.bench.ts
 */
import { statSync } from 'node:fs';
import { buildFitOutput } from '../src/core/plot';
import type { FitOutput } from '../src/shared/fitOutput';
import { fitTable } from '../src/core/fit';
import { mambaCurve, predict, readTable } from '../test/renderer/fixtures';
import { printBenchJson } from './report';
import { BUNDLE, buildWithoutInterpreter, chromiumMissing, ensureBundle, Harness, render } from '../test/renderer/harness';
import { maxOf, minOf } from '../src/core/arrays';

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Each run on a fresh page (first render, nothing cached in the page), bundle already activated. */
async function firstRenders(harness: Harness, bundle: string, csp: boolean, output: FitOutput): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await harness.open(bundle, { csp });
    times.push(await render(page, 'bench', output));
    await page.close();
  }
  return times;
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`render bench skipped: ${missing}`);
    return;
  }
  ensureBundle();
  await buildWithoutInterpreter();
  const table = readTable('misfitting/scaling_results.csv');
  const output = buildFitOutput(table, [fitTable(table, { law: 'chinchilla' })], predict, { maxPoints: 2000 });
  console.log(`renderer bundle: ${(statSync(BUNDLE).size / 1024).toFixed(1)} KB minified (budget 1024 KB)`);
  console.log(`chart: ${output.points.line.length} points, ${output.curves.length} curves × ${output.curves[0].xs.length} samples, payload ${(JSON.stringify(output).length / 1024).toFixed(0)} KB`);
  const harness = new Harness();
  await harness.start();
  try {
    const ours = await firstRenders(harness, 'renderer.js', true, output);
    const peer = await firstRenders(harness, 'renderer-no-interpreter.js', false, output);
    const curve = mambaCurve().output;
    const lc = await firstRenders(harness, 'renderer.js', true, curve);
    const m = median(ours);
    const p = median(peer);
    const l = median(lc);
    console.log(`first render, interpreter under CSP: median ${m.toFixed(0)} ms (min ${minOf(ours).toFixed(0)}, max ${maxOf(ours).toFixed(0)}, n=${RUNS}) — budget 500 ms: ${m <= 500 ? 'within' : 'OVER'}`);
    console.log(`peer, Function() codegen without CSP: median ${p.toFixed(0)} ms (min ${minOf(peer).toFixed(0)}, max ${maxOf(peer).toFixed(0)})`);
    console.log(`ratio interpreter / codegen: ${(m / p).toFixed(2)}×`);
    console.log(`learning-curve view, ${curve.learningCurve!.series[0].xs.length}-point series + ${curve.points.line.length} residuals: median ${l.toFixed(0)} ms (min ${minOf(lc).toFixed(0)}, max ${maxOf(lc).toFixed(0)}) — budget 1000 ms: ${l <= 1000 ? 'within' : 'OVER'}`);
    printBenchJson('render', [
      { what: 'renderer bundle (minified)', value: statSync(BUNDLE).size / 1024, unit: 'KB', max: 1024 },
      { what: 'first render, 2k-point chart, median', value: m, unit: 'ms', max: 500 },
      { what: 'peer: Function() codegen without CSP, median', value: p, unit: 'ms' },
      { what: 'first render, learning-curve view (3k-point series + 3k residuals), median', value: l, unit: 'ms', max: 1000 },
    ]);
  } finally {
    await harness.stop();
  }
}

void main();
