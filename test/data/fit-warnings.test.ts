// Engine warnings that depend on the law: law-specific hooks (bnsl-break) and parameters a law holds itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { near, table } from './fit-helpers';

const codes = (fit: { warnings: { code: string }[] }) => fit.warnings.map((w) => w.code);

describe('law-specific warnings reach FitResult.warnings (Law.fitWarnings)', () => {
  const addition = table('bnsl-addition/four_digit_addition.csv');

  it("RR-08 fit rows (split == 'fit'): the break at d1 ≈ 613 lies inside the data → no bnsl-break", () => {
    const fit = fitTable(addition, { law: 'bnsl', x: 'D', where: "split == 'fit'" });
    assert.equal(fit.n, 14);
    near(fit.params.d1 / 612.5836, 1, 1e-4, 'd1 (relative)');
    assert.ok(!codes(fit).includes('bnsl-break'), codes(fit).join(', '));
  });

  it('fitted only below the break (x ≤ 544), the fit is flagged bnsl-break', () => {
    const fit = fitTable(addition, { law: 'bnsl', x: 'D', where: "split == 'fit' and dataset_size <= 544" });
    assert.equal(fit.n, 9);
    const warning = fit.warnings.find((w) => w.code === 'bnsl-break');
    assert.ok(warning, codes(fit).join(', '));
    assert.match(warning.message, /largest fitted x \(544/);
  });
});

describe('parameter-at-bound only for fitted parameters', () => {
  // RR-13 data: MMLU vs training compute; sigmoid holds lo = 0.25 and hi = 1 (= its upper bound) by default.
  const mmlu = table('obsscaling/base_llm_benchmark_eval.csv', { C: 'FLOPs (1E21)', loss: 'MMLU' });

  it('a held hi = 1 (default options, or with only lo freed) is not reported at its bound', () => {
    for (const options of [{}, { freeLo: true }] as Record<string, boolean>[]) {
      const fit = fitTable(mmlu, { law: 'sigmoid', x: 'C', options });
      assert.equal(fit.params.hi, 1);
      assert.ok(!codes(fit).includes('parameter-at-bound'), `${JSON.stringify(options)}: ${codes(fit).join(', ')}`);
    }
  });

  it('a freed hi pushed against a bound the request sets is reported', () => {
    const fit = fitTable(mmlu, { law: 'sigmoid', x: 'C', options: { freeHi: true }, bounds: { hi: [0, 0.6] } });
    near(fit.params.hi, 0.6, 1e-9, 'hi');
    assert.ok(fit.warnings.some((w) => w.code === 'parameter-at-bound' && w.message.startsWith('hi =')), codes(fit).join(', '));
  });
});
