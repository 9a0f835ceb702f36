/**
 * Plot payloads and specs from real fits (Epoch Chinchilla, (Mis)Fitting checkpoints): what the notebook
 * output holds, that every spec compiles cleanly, and `--plot` files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { writeFitPlot, writePlot } from '../../src/cli/plotOutput';
import { fitTable, predictTable } from '../../src/core/fit';
import { optimaAlongCompute } from '../../src/core/optimal/alongCompute';
import { buildFitOutput, buildSpec, buildStaticSpec, DARK_THEME, LIGHT_THEME } from '../../src/core/plot';
import { UserError } from '../../src/core/types';
import { chinchillaFit, misfittingFit, predict, readTable } from '../renderer/fixtures';
import { maxOf, minOf } from '../../src/core/arrays';
import { compileWarnings } from './plot-helpers';

const real = chinchillaFit();
const { output } = real;

/** laws.md §2.1 closed form: N_opt = G (C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)). */
function closedFormNOpt(p: Record<string, number>, C: number): number {
  const G = ((p.alpha * p.A) / (p.beta * p.B)) ** (1 / (p.alpha + p.beta));
  return G * (C / 6) ** (p.beta / (p.alpha + p.beta));
}

describe('optimaAlongCompute', () => {
  test('reproduces the rounded Hoffmann optimum at 5.76e23 FLOPs (laws.md [R]: N 3.219e10, D 2.982e12, L 1.9307)', () => {
    const p = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
    const lossAt = (N: Float64Array, D: Float64Array) => N.map((n, i) => p.E + p.A / n ** p.alpha + p.B / D[i] ** p.beta);
    const { N, D, loss } = optimaAlongCompute(lossAt, [5.76e23]);
    assert.ok(Math.abs(N[0] / 3.219e10 - 1) < 1e-3, `N ${N[0]}`);
    assert.ok(Math.abs(D[0] / 2.982e12 - 1) < 1e-3, `D ${D[0]}`);
    assert.ok(Math.abs(loss[0] - 1.9307) < 1e-4, `L ${loss[0]}`);
  });

  test('reports NaN where the loss has no interior minimum along C = 6ND', () => {
    const { N } = optimaAlongCompute((n) => n.map((v) => 1 / v), [1e21]);
    assert.ok(Number.isNaN(N[0]));
  });
});

describe('buildFitOutput on the Epoch Chinchilla fit', () => {
  test('plots the 240 filtered rows with the engine’s predictions and the held-out rows flagged', () => {
    assert.equal(output.points.total, 240);
    assert.equal(output.points.line.length, 240);
    assert.equal(output.points.heldOut.length, real.fit.holdout!.n);
    const engine = predictTable(real.fit, real.table);
    const byLine = new Map(Array.from(real.table.lines, (line, row) => [line, engine[row]]));
    output.points.line.forEach((line, i) => assert.ok(Math.abs(output.points.predicted[0][i] / byLine.get(line)! - 1) < 1e-9));
    // The caption accounts for every row of the file: the 5 highest losses the filter drops included.
    assert.equal(output.notes.length, 1);
    assert.match(output.notes[0], /^rows: 245 read · 217 used · 23 held out · 5 left out — not selected by where `loss < 3\.44\d*` \(5: lines 2, 3, 4, 5, 6\)$/);
  });

  test('draws one 200-sample curve per model-size group, reaching 10× past the largest observed C', () => {
    assert.equal(output.xRole, 'C');
    assert.equal(output.groupRole, 'N');
    assert.equal(output.curves.length, output.points.groups.length);
    const maxC = maxOf(output.points.values.C!);
    for (const curve of output.curves) {
      assert.equal(curve.xs.length, 200);
      assert.ok(Math.abs(curve.xs[199] / (10 * maxC) - 1) < 1e-5);
      const members = output.points.group.flatMap((g, i) => (g === curve.group ? [output.points.values.N![i]] : []));
      const geoMean = Math.exp(members.reduce((s, n) => s + Math.log(n), 0) / members.length);
      assert.ok(Math.abs(curve.fixed.N! / geoMean - 1) < 1e-9, 'the curve is drawn at its group’s typical N');
      assert.ok(curve.ys.every((y) => Number.isFinite(y) && y > real.fit.params.E));
    }
  });

  test('the compute-optimal frontier follows the closed form of the fitted parameters', () => {
    const frontier = output.frontiers![0];
    frontier.C.forEach((C, j) => assert.ok(Math.abs(frontier.N[j] / closedFormNOpt(real.fit.params, C) - 1) < 2e-3, `C ${C}`));
    assert.ok(frontier.C.at(-1)! >= 1000 * frontier.observed[1] * 0.99);
  });

  test("the frontier's bootstrap band is the 95 % range of the replicates' own N*, D*, and widens past the data", () => {
    const frontier = output.frontiers![0];
    const band = frontier.band!;
    assert.ok(band && band.C.length >= 20, 'a band at most budgets');
    const replicates = real.fit.bootstrapSamples!;
    band.C.forEach((C, k) => {
      const j = frontier.C.indexOf(C);
      assert.ok(j >= 0, 'the band is drawn at budgets of the frontier');
      assert.ok(band.nLo[k] < frontier.N[j] && frontier.N[j] < band.nHi[k], `N* ${frontier.N[j]} inside [${band.nLo[k]}, ${band.nHi[k]}] at C ${C}`);
      assert.ok(band.dLo[k] < frontier.D[j] && frontier.D[j] < band.dHi[k], `D* inside its band at C ${C}`);
      // The ends are replicates' own closed-form optima (laws.md §2.1), not a spread put around N*.
      const ends = replicates.map((p) => closedFormNOpt(p, C)).sort((a, b) => a - b);
      assert.ok(ends.some((n) => Math.abs(n / band.nLo[k] - 1) < 1e-5) && ends.some((n) => Math.abs(n / band.nHi[k] - 1) < 1e-5), `C ${C}`);
    });
    const spread = (k: number) => band.nHi[k] / band.nLo[k];
    const inData = band.C.findIndex((C) => C >= frontier.observed[1]);
    for (let k = inData + 1; k < band.C.length; k++) assert.ok(spread(k) >= spread(k - 1), `the band widens past the data (C ${band.C[k]})`);
    assert.ok(spread(band.C.length - 1) > 1.5 * spread(inData), `wider 1000× past the data: ${spread(band.C.length - 1)} vs ${spread(inData)}`);
  });

  test('the frontier chart draws the band clipped under its lines and gives the interval in the tooltip', () => {
    type L = { name?: string; mark: { type: string; clip?: boolean }; data: { name: string } };
    const spec = buildSpec(output, 'frontier') as { layer: L[]; datasets: Record<string, Array<Record<string, unknown>>> };
    const names = spec.layer.map((l) => l.name);
    assert.ok(names.indexOf('band') >= 0 && names.indexOf('band') < names.indexOf('frontier'), names.join(' '));
    const bandLayer = spec.layer.find((l) => l.name === 'band')!;
    assert.deepEqual([bandLayer.mark.type, bandLayer.mark.clip], ['area', true]);
    assert.equal(spec.datasets[bandLayer.data.name].length, 2 * output.frontiers![0].band!.C.length);
    const tips = spec.datasets[spec.layer.find((l) => l.name === 'frontier')!.data.name].map((r) => String(r.t));
    assert.ok(tips.some((t) => /^[\d.]+[KMBT] \(95 % [\d.]+[KMBT] – [\d.]+[KMBT]\)$/.test(t)), tips.slice(0, 3).join(' | '));
    const subtitle = (spec as unknown as { title: { subtitle: string[] } }).title.subtitle.join(' ');
    assert.match(subtitle, /Shaded: the 95 % range of N\* and D\* over 100 bootstrap refits/);
  });

  test('a fit without a bootstrap has no frontier band', () => {
    const plain = { ...real.fit, bootstrapSamples: undefined };
    assert.equal(buildFitOutput(real.table, [plain], predict).frontiers![0].band, undefined);
  });

  test('each IsoFLOP optimum is the minimum of its own curve', () => {
    assert.ok(output.isoflops!.length >= 2);
    for (const group of output.isoflops!) {
      for (const curve of group.curves) {
        assert.ok(curve.loss.every((l) => l >= curve.optimum.loss - 1e-9));
        assert.ok(Math.abs(curve.optimum.N * curve.optimum.D * 6 / group.C - 1) < 1e-9);
      }
    }
  });

  test('the loss axis fits the data and the predictions from each group’s data on; bootstrap bands are clipped to it', () => {
    type L = { name?: string; mark: { clip?: boolean }; encoding: { y: { scale: { domain: [number, number] } } } };
    const layers = (buildSpec(output, 'fit') as { layer: L[] }).layer;
    const [lo, hi] = layers.find((l) => l.name === 'points')!.encoding.y.scale.domain;
    const losses = output.points.values.loss!;
    assert.ok(losses.every((v) => v >= lo && v <= hi), 'every observed loss is on the axis');
    const predicted = output.curves.flatMap((c) => c.ys.filter((_, i) => c.xs[i] >= c.observed[0]));
    assert.ok(predicted.every((v) => v >= lo && v <= hi), 'every prediction from the data on is on the axis');
    // Within 5 % of the log range (plus rounding) of what it shows: not stretched by the bands.
    const shown = [...losses, ...predicted, ...output.frontiers![0].loss];
    const margin = (maxOf(shown) / minOf(shown)) ** 0.051;
    assert.ok(hi <= maxOf(shown) * margin && lo >= minOf(shown) / margin, `axis ${lo}–${hi}`);
    // The Chinchilla fit's bands reach 6.5 at small C (loss 3.4 at most in the data): clipped, not on the axis.
    const bandTop = maxOf(output.curves.flatMap((c) => c.hi!));
    assert.ok(bandTop > 1.5 * hi, `band top ${bandTop} vs axis top ${hi}`);
    assert.equal(layers.find((l) => l.name === 'band')!.mark.clip, true);
  });

  test('every plot’s spec compiles without Vega-Lite warnings, interactive and static, in both themes', async () => {
    for (const kind of output.plots) {
      assert.deepEqual(await compileWarnings(buildSpec(output, kind, { theme: DARK_THEME })), [], kind);
    }
    assert.deepEqual(await compileWarnings(buildStaticSpec(output, { theme: LIGHT_THEME })), []);
  });
});

describe('buildFitOutput on 4,852 checkpoints', () => {
  const mis = misfittingFit().output;

  test('thins to 3,000 points, says so, and offers loss curves per run', () => {
    assert.equal(mis.points.line.length, 3000);
    assert.equal(mis.points.total, 4852);
    assert.equal(mis.notes[0], 'rows: 4,852 read · 4,852 used');
    assert.match(mis.notes[1], /Showing 3K of 4\.85K points/);
    assert.ok(mis.plots.includes('loss-curve'));
    assert.equal(mis.groupRole, 'group');
    assert.equal(mis.points.groups.length, 11);
  });

  test('several notes are a list under the title: a bullet per note, its wrapped lines indented', () => {
    assert.ok(mis.notes.length >= 2);
    const subtitle = (buildSpec(mis, 'fit', { width: 300 }).title as { subtitle: string[] }).subtitle;
    assert.equal(subtitle.filter((line) => line.startsWith('• ')).length, mis.notes.length, subtitle.join('\n'));
    assert.ok(subtitle.length > mis.notes.length, 'a note wraps at 300 px');
    const items = subtitle.join('\n').split(/\n(?=• )/);
    assert.deepEqual(
      items.map((item) => item.slice(2).replace(/\n\u00a0+/g, ' ')),
      mis.notes,
    );
    // One note is a caption, not a list of one.
    assert.ok(!(buildSpec(output, 'fit').title as { subtitle: string[] }).subtitle[0].startsWith('•'));
  });

  test('keeps every held-out row when thinning', () => {
    const table = readTable('misfitting/scaling_results.csv');
    const fit = fitTable(table, { law: 'chinchilla', holdout: 'N >= 4e8' });
    const out = buildFitOutput(table, [fit], predict);
    assert.equal(out.points.heldOut.length, fit.holdout!.n);
    assert.ok(out.points.line.length <= 3000 + fit.holdout!.n);
  });
});

describe('--plot files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plot-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes SVG, a script-free HTML page and the Vega-Lite spec', async () => {
    await writeFitPlot(join(dir, 'fit.svg'), output);
    await writeFitPlot(join(dir, 'fit.html'), output);
    await writeFitPlot(join(dir, 'fit.vl.json'), output);
    const svg = readFileSync(join(dir, 'fit.svg'), 'utf8');
    assert.match(svg, /^<svg/);
    // Fit, residual and parity plots each draw every point inside their own axes: spread over x and y
    // (equal view names across the stack once merged their scales and piled points on one edge).
    for (const plot of [0, 1, 2]) {
      const group = new RegExp(`class="mark-symbol role-mark concat_${plot}_layer_\\d+_marks"[^>]*>(.*?)</g>`).exec(svg);
      assert.ok(group, `plot ${plot} has a point layer`);
      const xy = [...group[1].matchAll(/translate\(([-\d.e]+),([-\d.e]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      assert.equal(xy.length, output.points.line.length, `plot ${plot} draws every point`);
      for (const axis of [0, 1]) {
        const values = xy.map((p) => p[axis]);
        assert.ok(maxOf(values) - minOf(values) > 50, `plot ${plot}: points spread along axis ${axis}`);
      }
    }
    const html = readFileSync(join(dir, 'fit.html'), 'utf8');
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /<script(?![^>]*type="application\/json")/, 'no executable script');
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org|vega\.github\.io)/, 'fetches nothing');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'fit.vl.json'), 'utf8')), buildStaticSpec(output, { theme: LIGHT_THEME }));
  });

  test('writes the renderer payload for Jupyter as .fit.json', async () => {
    await writeFitPlot(join(dir, 'fit.fit.json'), output);
    const payload = JSON.parse(readFileSync(join(dir, 'fit.fit.json'), 'utf8'));
    assert.equal(payload.version, 1);
    assert.deepEqual(payload.fits[0].params, output.fits[0].params);
    assert.equal(payload.points.line.length, output.points.line.length);
    assert.deepEqual(payload.plots, output.plots);
  });

  test('refuses an unknown extension with a UserError', async () => {
    await assert.rejects(writePlot(join(dir, 'fit.png'), {}), UserError);
  });
});
