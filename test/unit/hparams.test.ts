// The hyperparameter law engine on sweeps generated from a known law (issue 15): both estimators recover
// it, batch-size units and sequence lengths are read as the user's columns say, and unusable rows are
// counted with their lines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitHparams, recommendHparams, type HparamLaw } from '../../src/core/hparams';
import { readRunLog } from '../../src/core/runlog';

const TRUTH: HparamLaw = { lr: { coef: 2, expN: -0.7, expD: 0.3 }, bs: { coef: 0.5, expD: 0.55 } };
const SIZES = [1e8, 3e8, 1e9];
const DATA = [1e10, 3e10, 1e11];

/**
 * A sweep whose loss is exactly quadratic in (ln lr, ln bs) around the true optimum of each (N, D) group,
 * on a grid of learning rates (×√2) and batch sizes (×2) that does not contain the optimum.
 */
function sweepCsv(bsColumn = 'bs', seqLen?: number): string {
  const lines = [['N', 'D', 'lr', bsColumn, ...(seqLen ? ['seq_len'] : []), 'loss'].join(',')];
  for (const N of SIZES) {
    for (const D of DATA) {
      const opt = recommendHparams(TRUTH, { N, D });
      const base = 2 + 400 / N ** 0.34 + 400 / D ** 0.28;
      for (let i = -6; i < 6; i++) {
        const lr = opt.lr * Math.SQRT2 ** (i + 0.3);
        for (let j = -4; j < 4; j++) {
          const tokens = opt.bsTokens * 2 ** (j + 0.4);
          const [du, dv] = [Math.log(lr / opt.lr), Math.log(tokens / opt.bsTokens)];
          const loss = base * (1 + 0.01 * du * du + 0.004 * du * dv + 0.006 * dv * dv);
          const bs = seqLen ? tokens / seqLen : tokens;
          lines.push([N, D, lr, bs, ...(seqLen ? [seqLen] : []), loss].join(','));
        }
      }
    }
  }
  return lines.join('\n');
}

const table = (text: string) => readRunLog(text, { fileName: 'sweep.csv' });

describe('hyperparameter laws', () => {
  it('the surface estimator recovers the law exactly from a quadratic loss surface', () => {
    const r = fitHparams(table(sweepCsv('batch_tokens')), { method: 'surface', bootstrap: 0 });
    assert.equal(r.bsUnit, 'tokens');
    assert.ok(r.optima.every((o) => o.how === 'surface'));
    assert.ok(Math.abs(r.lr.expN! - -0.7) < 1e-6 && Math.abs(r.lr.expD! - 0.3) < 1e-6, JSON.stringify(r.lr));
    assert.ok(Math.abs(r.bs.expD! - 0.55) < 1e-6 && Math.abs(r.bs.coef / 0.5 - 1) < 1e-4, JSON.stringify(r.bs));
    assert.ok(r.penalty.max < 0.002, `the grid run nearest the true optimum costs little: ${r.penalty.max}`);
  });

  it('the threshold estimator finds the law to within the grid spacing', () => {
    const r = fitHparams(table(sweepCsv('batch_tokens')), { method: 'threshold', tolerance: 0.01, bootstrap: 0 });
    assert.ok(Math.abs(r.lr.expN! - -0.7) < 0.05, JSON.stringify(r.lr));
    assert.ok(Math.abs(r.bs.expD! - 0.55) < 0.05, JSON.stringify(r.bs));
  });

  it('a batch size in sequences becomes tokens through the sequence-length column', () => {
    const tokens = fitHparams(table(sweepCsv('batch_tokens')), { method: 'surface', bootstrap: 0 });
    const sequences = fitHparams(table(sweepCsv('global_batch_size', 1024)), { method: 'surface', bootstrap: 0 });
    assert.equal(sequences.bsUnit, 'sequences');
    assert.equal(sequences.seqSource, "column 'seq_len'");
    assert.ok(Math.abs(sequences.bs.coef / tokens.bs.coef - 1) < 1e-9 && Math.abs(sequences.bs.expD! - tokens.bs.expD!) < 1e-9);
  });

  it('--bs-unit overrides the name, and sequences without a length are refused', () => {
    assert.throws(() => fitHparams(table(sweepCsv('bs')), { bootstrap: 0 }), /counts sequences: give the sequence length/);
    const asTokens = fitHparams(table(sweepCsv('bs')), { bsUnit: 'tokens', method: 'surface', bootstrap: 0 });
    assert.ok(Math.abs(asTokens.bs.expD! - 0.55) < 1e-6);
  });

  it('rows it cannot use are counted with their lines, and the rest still fit', () => {
    const lines = sweepCsv('batch_tokens').split('\n');
    lines[5] = lines[5].replace(/^([^,]+,[^,]+,)[^,]+/, '$10');
    lines[9] = lines[9].replace(/^([^,]+,[^,]+,[^,]+,)[^,]+/, '$1');
    const r = fitHparams(table(lines.join('\n')), { method: 'surface', bootstrap: 0 });
    assert.equal(r.rows.used, lines.length - 3);
    const why = r.rows.left.map((g) => `${g.why}@${g.lines.join(' ')}`).sort();
    assert.deepEqual(why, ['missing bs@10', 'non-positive lr@6']);
  });

  it('one model size cannot separate the N and D exponents', () => {
    const r = () => fitHparams(table(sweepCsv('batch_tokens')), { where: 'N == 1e8', bootstrap: 0 });
    assert.throws(r, /needs \(N, D\) groups at two or more model sizes and data sizes.*1 model sizes/);
  });

  it('the bootstrap is reproducible from its seed and its intervals hold the estimate', () => {
    const noisy = sweepCsv('batch_tokens')
      .split('\n')
      .map((line, i) => (i === 0 ? line : line.replace(/,([^,]+)$/, (_, v) => `,${Number(v) * (1 + 0.002 * Math.sin(i * 12.9898))}`)))
      .join('\n');
    const a = fitHparams(table(noisy), { method: 'surface', bootstrap: 100, seed: 7 });
    const b = fitHparams(table(noisy), { method: 'surface', bootstrap: 100, seed: 7 });
    assert.deepEqual(a.lr.ci95, b.lr.ci95);
    const [lo, hi] = a.lr.ci95!.expN;
    assert.ok(lo < a.lr.expN! && a.lr.expN! < hi && hi - lo > 0, `${lo} … ${hi}`);
  });
});
