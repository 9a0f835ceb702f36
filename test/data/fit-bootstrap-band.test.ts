// A bootstrapped fit carries a capped set of replicate parameters, and the fit plot draws its 95 % band from them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { EPOCH, EPOCH_240, table, within } from './fit-helpers';
import { maxOf } from '../../src/core/arrays';

function sd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('bootstrap replicates on Epoch-240 feed the fit plot band', () => {
  const epoch = table(EPOCH);
  // 400 replicates: more than the 200 kept, so the kept subset is a real subsample.
  const fit = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 400, seed: 1 });
  const samples = fit.bootstrapSamples ?? [];

  it('keeps at most 200 replicates, each with every law parameter', () => {
    assert.ok(samples.length >= 150 && samples.length <= 200, `${samples.length} samples`);
    for (const s of samples) assert.deepEqual(Object.keys(s).sort(), Object.keys(fit.params).sort());
  });

  it('the kept replicates spread like the full bootstrap (SD vs se)', () => {
    for (const name of Object.keys(fit.params)) {
      within(sd(samples.map((s) => s[name])) / fit.se![name], 0.75, 1.33, `SD/se of ${name}`);
    }
  });

  it('is fixed by the seed', () => {
    const again = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 30, seed: 2 });
    const same = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240, bootstrap: 30, seed: 2 });
    assert.deepEqual(again.bootstrapSamples, same.bootstrapSamples);
    assert.equal(fitTable(epoch, { law: 'chinchilla', where: EPOCH_240 }).bootstrapSamples, undefined, 'no bootstrap, no samples');
  });

  it('buildFitOutput draws a band around every curve that widens beyond the data', () => {
    const out = buildFitOutput(epoch, [fit], pointwise(predictWith));
    assert.ok(out.curves.length > 0);
    for (const c of out.curves) {
      const { lo, hi } = c;
      assert.ok(lo && hi && lo.length === c.ys.length && hi.length === c.ys.length, `${c.group}: band with one value per sample`);
      const inside = c.ys.filter((y, i) => lo[i] <= y && y <= hi[i]).length;
      assert.ok(inside >= 0.95 * c.ys.length, `${c.group}: ${inside} of ${c.ys.length} samples inside the band`);
      const width = c.xs.map((x, i) => ({ x, w: (hi[i] - lo[i]) / c.ys[i] }));
      const widestInside = maxOf(width.filter(({ x }) => x >= c.observed[0] && x <= c.observed[1]).map(({ w }) => w));
      assert.ok(width.at(-1)!.w > widestInside, `${c.group}: band at the far end ${width.at(-1)!.w} vs widest over the data ${widestInside}`);
    }
    const plain = buildFitOutput(epoch, [fitTable(epoch, { law: 'chinchilla', where: EPOCH_240 })], pointwise(predictWith));
    assert.ok(plain.curves.every((c) => !c.lo && !c.hi), 'no band without a bootstrap');
  });
});
