// `extrapolate:` (issue 13): the spec key is validated at its line, and on Epoch's Chinchilla runs it moves
// where the curves, bands, frontier, loss axis and budget slider end.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { maxOf, minOf } from '../../src/core/arrays';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, buildSpec, pointwise } from '../../src/core/plot';
import { formatSpec, parseSpec } from '../../src/core/spec';
import type { FitOutput } from '../../src/shared/fitOutput';
import { EPOCH, EPOCH_240, table } from '../data/fit-helpers';
import { dataFile } from '../dataPath';
import { cliFromSource } from './cli-helpers';

describe('extrapolate: in a spec', () => {
  test('a number or a count as run logs write it; formatSpec writes it back', () => {
    for (const [value, want] of [['1e24', 1e24], ['3.5e23', 3.5e23], ['70B', 7e10], ['1.4T', 1.4e12], ['"1e24"', 1e24]] as const) {
      const { spec, errors } = parseSpec(`data: runs.csv\nlaw: chinchilla\nextrapolate: ${value}`);
      assert.deepEqual(errors, [], value);
      assert.equal(spec?.extrapolate, want, value);
      assert.deepEqual(parseSpec(formatSpec(spec!)).spec, spec, `${value} round-trips`);
    }
  });

  test('anything but a positive finite number is an error at its line, saying what the key wants', () => {
    for (const value of ['0', '-1e24', '.inf', '.nan', 'soon', '[1e22, 1e24]', '', '1e24 FLOPs']) {
      const { spec, errors } = parseSpec(`data: runs.csv\nlaw: chinchilla\nextrapolate: ${value}\nbootstrap: 10`);
      assert.equal(spec, undefined, value);
      assert.equal(errors.length, 1, `${value}: ${JSON.stringify(errors)}`);
      assert.equal(errors[0].line, 3, value);
      assert.match(errors[0].message, /^extrapolate: must be a positive number in the chart's x unit.*e\.g\. extrapolate: 1e24/, value);
    }
    assert.match(parseSpec('data: runs.csv\nlaw: chinchilla\nextrapolate: soon').errors[0].message, /got 'soon'/);
  });
});

describe('extrapolate: on the Epoch Chinchilla fit', () => {
  const epoch = table(EPOCH);
  const fit = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 40, seed: 1 });
  const predict = pointwise(predictWith);
  const plain = buildFitOutput(epoch, [fit], predict);
  const maxC = maxOf(plain.points.values.C!);

  function slider(output: FitOutput): { value: number; min: number; max: number } {
    const spec = buildSpec(output, 'fit') as { params: Array<{ name: string; value: number; bind?: { min: number; max: number } }> };
    const budget = spec.params.find((p) => p.name === 'budget')!;
    return { value: budget.value, min: budget.bind!.min, max: budget.bind!.max };
  }
  function lossDomain(output: FitOutput): [number, number] {
    const spec = buildSpec(output, 'fit') as { layer: Array<{ name?: string; encoding?: { y?: { scale?: { domain?: [number, number] } } } }> };
    return spec.layer.find((l) => l.name === 'curves')!.encoding!.y!.scale!.domain!;
  }

  test('curves, bands and the frontier end at the target; the slider reaches it and starts there', () => {
    assert.ok(maxC < 1e23, `the data end at ${maxC}`);
    for (const target of [1e24, 1e27]) {
      const output = buildFitOutput(epoch, [fit], predict, { extrapolateTo: target });
      assert.equal(output.extrapolateTo, target);
      for (const curve of output.curves) {
        assert.ok(Math.abs(curve.xs[curve.xs.length - 1] / target - 1) < 1e-5, `curve ${curve.group} ends at ${curve.xs[curve.xs.length - 1]}`);
        assert.equal(curve.hi?.length, curve.xs.length, 'its band runs as far');
      }
      const frontier = output.frontiers![0];
      const last = frontier.C[frontier.C.length - 1];
      assert.ok(last >= target && last < target * 1.2, `frontier ends at ${last}`);
      const { value, max } = slider(output);
      assert.ok(max >= Math.log10(target) && max < Math.log10(target) + 0.1, `slider max ${max}`);
      assert.ok(Math.abs(value - Math.log10(target)) < 0.03, `slider starts at ${value}`);
    }
    // Without a target the slider stops three decades above the data, which 1e27 is far beyond.
    assert.ok(slider(plain).max < Math.log10(maxC) + 3.1);
  });

  test('the loss axis takes in the predictions up to the target, the bands stay clipped to it', () => {
    const output = buildFitOutput(epoch, [fit], predict, { extrapolateTo: 1e27 });
    // The lowest prediction up to the target is the compute-optimal loss L* at the target.
    const frontier = output.frontiers![0];
    const atTarget = frontier.loss[frontier.loss.length - 1];
    const [lo, hi] = lossDomain(output);
    assert.ok(lo < atTarget, `axis from ${lo}, L* at 1e27 ${atTarget}`);
    assert.ok(lossDomain(plain)[0] > lo, `the default axis (from ${lossDomain(plain)[0]}, L* up to 1e25) reaches less far down`);
    const bandLow = minOf(output.curves.flatMap((c) => c.lo!));
    const bandHigh = maxOf(output.curves.flatMap((c) => c.hi!));
    assert.ok(bandLow < lo || bandHigh > hi, 'some band reaches beyond the axis: it is clipped, not widening it');
    assert.ok(hi < maxOf(output.points.values.loss!) * 1.2, `axis top ${hi} stays near the data`);
  });

  test('a target inside the data leaves the curves at their data and says so', () => {
    const output = buildFitOutput(epoch, [fit], predict, { extrapolateTo: 1e20 });
    const ends = output.curves.map((c) => c.xs[c.xs.length - 1]);
    assert.ok(ends.every((x) => Math.abs(x / maxC - 1) < 1e-5), `curves end at ${ends}`);
    assert.ok(output.notes.some((n) => /^extrapolate: 1e20 is inside the data \(largest C [\d.e]+\): the curves end at the data\.$/.test(n)), output.notes.join('\n'));
  });
});

describe('fit --extrapolate X (the CLI plot)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-extrapolate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the plotted curves end at X', () => {
    const out = join(dir, 'fit.fit.json');
    const r = cliFromSource(['fit', dataFile(EPOCH), '--law', 'chinchilla', '--where', EPOCH_240, '--extrapolate', '1e25', '--plot', out]);
    assert.equal(r.code, 0, r.stderr);
    const output = JSON.parse(readFileSync(out, 'utf8')) as FitOutput;
    assert.equal(output.extrapolateTo, 1e25);
    assert.ok(output.curves.every((c) => Math.abs(c.xs[c.xs.length - 1] / 1e25 - 1) < 1e-5));
  });

  test('a value that is no positive number exits 2 before fitting', () => {
    for (const value of ['-1', '0', 'far', '']) {
      const r = cliFromSource(['fit', dataFile(EPOCH), '--law', 'chinchilla', `--extrapolate=${value}`]);
      assert.equal(r.code, 2, value);
      assert.match(r.stderr, /--extrapolate expects a positive number in the plot's x unit/, value);
      assert.equal(r.stdout, '');
    }
  });
});
