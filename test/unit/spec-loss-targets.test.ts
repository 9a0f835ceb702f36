// `loss: [colA, colB, …]` (issue 13): one law fitted to several targets of a real table (OLMo-7B's
// validation losses), each with its own rows, drawn in one chart told apart by colour; a single target's
// fit result is unchanged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildSpec, buildSeriesOutput, fitLabels, pointwise, type SeriesFits } from '../../src/core/plot';
import { checkSpecMap, fitSummaryMarkdown, formatSpec, parseSpec } from '../../src/core/spec';
import { table } from '../data/fit-helpers';

describe('loss: in a spec', () => {
  test('one column or a list of them; formatSpec writes them back', () => {
    for (const [text, want] of [
      ['loss: val_loss', ['val_loss']],
      ['loss: [pile-validation/CrossEntropyLoss, "c4 loss", "true"]', ['pile-validation/CrossEntropyLoss', 'c4 loss', 'true']],
      ['loss:\n  - a\n  - b', ['a', 'b']],
    ] as const) {
      const { spec, errors } = parseSpec(`data: runs.csv\n${text}\nlaw: power`);
      assert.deepEqual(errors, [], text);
      assert.deepEqual(spec?.loss, want);
      assert.deepEqual(parseSpec(formatSpec(spec!)).spec, spec, `${text} round-trips`);
    }
  });

  test('a target the file lacks is an error at the loss line, as a bad map: is', () => {
    const t = table('olmo/olmo.csv', { loss: 'pile-validation/CrossEntropyLos' });
    const errors = checkSpecMap({ line: 3, column: 7, quote: 0 }, t, 'loss');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 3);
    assert.match(errors[0].message, /^loss: no column named 'pile-validation\/CrossEntropyLos' to use as loss \(columns: Step, /);
  });

  test('an empty list, a column twice, map.loss beside it or several targets in a comparison are errors at the loss line', () => {
    const cases: Array<[string, RegExp]> = [
      ['loss: []', /^loss: list at least one loss column/],
      ['loss: [a, b, a]', /^loss: 'a' is listed twice$/],
      ['loss: [a, {b: 1}]', /^loss: must be a single value/],
      ['map:\n  loss: a\nloss: [b, c]', /^loss: the targets are given here or as map: \{loss: …\}, not both/],
      ['compare: true\nloss: [a, b]', /^loss: a comparison ranks laws on one target/],
    ];
    for (const [text, message] of cases) {
      const full = `data: runs.csv\nlaw: power\n${text}`;
      const { spec, errors } = parseSpec(full);
      assert.equal(spec, undefined, text);
      assert.equal(errors.length, 1, `${text}: ${JSON.stringify(errors)}`);
      assert.equal(errors[0].line, full.split('\n').findIndex((line) => line.startsWith('loss:')) + 1, text);
      assert.match(errors[0].message, message, text);
    }
  });
});

describe('loss: on OLMo-7B, three validation sets', () => {
  const targets = ['pile-validation/CrossEntropyLoss', 'mc4_en-validation/CrossEntropyLoss', 'wikitext_103-validation/CrossEntropyLoss'];
  const where = "model_name == 'OLMo-7B'";
  // As the notebook does: the file read with each target as its loss, each fit marked with its target.
  const parts: SeriesFits[] = targets.map((target) => {
    const t = table('olmo/olmo.csv', { loss: target });
    return { label: target, table: t, fits: [{ ...fitTable(t, { law: 'saturating-power', x: 'step', where }), target }] };
  });
  const fits = parts.flatMap((part) => part.fits);
  // Drawn to step 1M, past the 7B run's last checkpoint.
  const output = buildSeriesOutput(parts, pointwise(predictWith), { extrapolateTo: 1e6 });

  test('each target is fitted on its own rows, every row of the file accounted for', () => {
    for (const fit of fits) {
      const rows = fit.rows!;
      assert.equal(rows.read, 1708);
      assert.equal(rows.read, rows.used + rows.heldOut + rows.left.reduce((sum, left) => sum + left.count, 0), fit.target);
    }
    // pile's points sit in other rows than mc4's: what each target leaves out differs.
    const otherSeries = fits.map((fit) => fit.rows!.left.find((left) => left.kind === 'series')?.count);
    assert.notEqual(otherSeries[0], otherSeries[1]);
    assert.notDeepEqual(fits[0].params, fits[1].params);
    assert.ok(fits[2].params.A > fits[0].params.A, 'wikitext loss sits above pile loss: a larger A');
  });

  test('one chart: points and curves coloured by target, each fit predicting its own target only', () => {
    assert.equal(output.xRole, 'step');
    assert.equal(output.groupRole, 'loss');
    assert.deepEqual(output.points.groups, targets);
    assert.deepEqual(output.plots, ['fit', 'residuals', 'parity']);
    // The chart's points are the rows each fit used, held out or skipped as the start of the curve.
    const skipped = (fit: (typeof fits)[number]) => fit.rows!.left.find((left) => left.kind === 'skipped')?.count ?? 0;
    assert.equal(output.points.total, fits.reduce((sum, fit) => sum + fit.rows!.used + fit.rows!.heldOut + skipped(fit), 0));
    output.points.predicted.forEach((ys, f) => {
      ys.forEach((y, i) => assert.equal(Number.isFinite(y), output.points.group[i] === targets[f], `fit ${f}, point ${i}`));
    });
    assert.deepEqual(
      output.curves.map((c) => [c.fit, c.group]),
      targets.map((target, f) => [f, target]),
    );
    assert.deepEqual(fitLabels(output), targets.map((target) => `saturating-power on ${target}`));
    assert.ok(output.notes.every((note, i) => note.startsWith(`${targets[i]}: rows: 1,708 read`)), output.notes.join('\n'));
  });

  test('the fit chart dashes each curve past its own data; residuals pair each point with its own fit', () => {
    const spec = buildSpec(output, 'fit') as { datasets: Record<string, Array<{ part?: string; key: string }>> };
    const lines = spec.datasets['curve-lines'];
    const parts = new Set(lines.map((row) => row.part));
    assert.deepEqual([...parts].sort(), ['extrapolated', 'over its data']);
    assert.equal(new Set(lines.map((row) => row.key)).size, 2 * targets.length, 'two parts per target');
    const residuals = buildSpec(output, 'residuals') as { datasets: Record<string, unknown[]> };
    assert.equal(residuals.datasets.residuals.length, output.points.group.length, 'one residual per point');
  });

  test('the summary gives a parameter table per target, named by its column', () => {
    const summary = fitSummaryMarkdown(fits);
    for (const target of targets) assert.ok(summary.includes(`**saturating\\-power** of \`${target}\` on 494 rows`), target);
    assert.equal(summary.match(/\| parameter \| value \|/g)?.length, 3);
  });

  test('a single target: the result carries no target and the summary names none (the JSON contract stays)', () => {
    const t = table('olmo/olmo.csv', { loss: targets[0] });
    const single = fitTable(t, { law: 'saturating-power', x: 'step', where });
    assert.equal('target' in single, false);
    assert.doesNotMatch(fitSummaryMarkdown([single]), / of `/);
    assert.deepEqual(fitLabels({ fits: [single] }), ['saturating-power']);
  });
});
