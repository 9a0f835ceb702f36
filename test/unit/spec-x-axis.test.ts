// `x:` for laws of two of N, D, C, M (issue 13): the chart runs along the chosen one with iso-lines of
// another; an axis the law cannot be drawn against is an error at its line (spec) or exit 2 (CLI).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxOf, minOf } from '../../src/core/arrays';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { parseSpec } from '../../src/core/spec';
import { UserError, type Role } from '../../src/core/types';
import { EPOCH, EPOCH_240, table } from '../data/fit-helpers';
import { dataFile } from '../dataPath';
import { cliFromSource } from './cli-helpers';

describe('x: in a spec', () => {
  test('any of N, D, C, M for a law of two of them, also beside a one-variable law', () => {
    for (const x of ['N', 'D', 'C', 'M']) {
      for (const law of ['chinchilla', 'over-training', 'data-constrained', '[chinchilla, power]']) {
        const { spec, errors } = parseSpec(`data: runs.csv\nlaw: ${law}\nx: ${x}`);
        assert.deepEqual(errors, [], `${law}, x: ${x}`);
        assert.equal(spec?.x, x);
      }
    }
  });

  test('an axis the law lacks is an error at the x line naming the axes it has', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['chinchilla', 'step', /^x: chinchilla is drawn against N, D, C, M; 'step' is not among them$/],
      ['over-training', 'U', /^x: over-training is drawn against N, D, C, M; 'U' is not among them$/],
      ['kaplan-compute', 'N', /^x: kaplan-compute is drawn against C; 'N' is not among them$/],
      ['[power, chinchilla]', 'lr', /^x: chinchilla is drawn against N, D, C, M; 'lr' is not among them$/],
    ];
    for (const [law, x, message] of cases) {
      const { spec, errors } = parseSpec(`data: runs.csv\nlaw: ${law}\nx: ${x}\nbootstrap: 10`);
      assert.equal(spec, undefined, `${law}, x: ${x}`);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].line, 3);
      assert.match(errors[0].message, message);
    }
  });

  test('the engine and the CLI refuse it too (exit 2), where they silently ignored it before', () => {
    const epoch = table(EPOCH);
    assert.throws(() => fitTable(epoch, { law: 'chinchilla', x: 'step' }), (e: unknown) => e instanceof UserError && e.code === 'bad-request' && /--x step: chinchilla is drawn against N, D, C, M/.test(e.message));
    const r = cliFromSource(['fit', dataFile(EPOCH), '--law', 'chinchilla', '--x', 'lr']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--x lr: chinchilla is drawn against N, D, C, M; 'lr' is not among them/);
  });
});

describe('x: on the Epoch Chinchilla runs', () => {
  const epoch = table(EPOCH);
  const chinchilla = fitTable(epoch, { law: 'chinchilla', where: EPOCH_240 });
  const overTraining = fitTable(epoch, { law: 'over-training', where: EPOCH_240 });
  const predict = pointwise(predictWith);
  const draw = (fit = chinchilla, x?: Role) => buildFitOutput(epoch, [fit], predict, x ? { x } : {});

  /** The fit's own prediction at a point, from the two inputs it reads. */
  const at = (fit: typeof chinchilla, point: Partial<Record<Role, number>>) => predictWith(fit, point);

  test('the default stays: chinchilla along C with iso-N lines, the model sizes of the sweep', () => {
    const output = draw();
    assert.equal(output.xRole, 'C');
    assert.equal(output.groupRole, 'N');
    assert.deepEqual(output.points.groups, ['N≈132M', 'N≈356M', 'N≈700M', 'N≈1.27B', 'N≈1.82B', 'N≈4.93B']);
  });

  test('chinchilla along D: the same model sizes, each curve L(N, D) at its N', () => {
    const output = draw(chinchilla, 'D');
    assert.equal(output.xRole, 'D');
    assert.deepEqual(output.points.groups, draw().points.groups);
    assert.deepEqual(output.points.values.D, draw().points.values.D, 'the points sit at their own D');
    for (const curve of output.curves) {
      const N = curve.fixed.N!;
      const i = 100;
      assert.ok(Math.abs(curve.ys[i] / at(chinchilla, { N, D: curve.xs[i] }) - 1) < 1e-5, curve.group);
      assert.ok(curve.ys[0] > curve.ys[curve.ys.length - 1], 'loss falls with tokens');
    }
  });

  test('chinchilla along N: iso-D lines over D in equal-count bins (D is a continuum in a compute sweep)', () => {
    const output = draw(chinchilla, 'N');
    assert.equal(output.groupRole, 'D');
    assert.equal(output.points.groups.length, 6);
    const D = output.points.values.D!;
    for (const curve of output.curves) {
      const members = output.points.group.flatMap((g, i) => (g === curve.group ? [D[i]] : []));
      assert.ok(curve.fixed.D! >= minOf(members) && curve.fixed.D! <= maxOf(members), `${curve.group}: fixed D inside its bin`);
      assert.ok(Math.abs(curve.ys[50] / at(chinchilla, { N: curve.xs[50], D: curve.fixed.D! }) - 1) < 1e-5);
    }
  });

  test('over-training alone: along N (the default) and along C, iso-M lines (tokens per parameter)', () => {
    for (const x of [undefined, 'C'] as const) {
      const output = draw(overTraining, x);
      assert.equal(output.xRole, x ?? 'N');
      assert.equal(output.groupRole, 'M');
      assert.equal(output.points.groups.length, 6);
      for (const curve of output.curves) {
        const M = curve.fixed.M!;
        const i = 120;
        // Along C at fixed M, N = √(C / 6M): a curve that moves, not the flat lines of a fixed-N reading.
        const N = x === 'C' ? Math.sqrt(curve.xs[i] / (6 * M)) : curve.xs[i];
        assert.ok(Math.abs(curve.ys[i] / at(overTraining, { N, M }) - 1) < 1e-5, `${curve.group} at ${i}`);
        assert.ok(curve.ys[0] - curve.ys[curve.ys.length - 1] > 0.3, `${curve.group} falls by ${curve.ys[0] - curve.ys[curve.ys.length - 1]}`);
      }
    }
  });

  test('a one-variable law ignores the choice: it is drawn along the role it was fitted on', () => {
    const power = fitTable(epoch, { law: 'power', x: 'N', where: EPOCH_240 });
    assert.equal(buildFitOutput(epoch, [power], predict, { x: 'N' }).xRole, 'N');
    assert.equal(buildFitOutput(epoch, [power], predict, { x: 'C' }).xRole, 'N');
  });
});
