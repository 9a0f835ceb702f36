// `group: COLUMN` and `share: [alpha]` (issue 13): one law per group of a real table (Open-Athena's IsoFLOP
// points of four sources, QC outliers out, Llama-3's digitised losses left out as the data README says),
// and the joint fit with shared exponents ordered as constrained fits must be: apart ≤ shared α ≤ shared
// α and β ≤ one pooled fit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxOf, minOf } from '../../src/core/arrays';
import { fitTable, predictWith } from '../../src/core/fit';
import { fitGroups } from '../../src/core/fit/groupFit';
import { buildSeriesOutput, fitLabels, pointwise } from '../../src/core/plot';
import { fitSummaryMarkdown, formatSpec, parseSpec } from '../../src/core/spec';
import type { FitResult } from '../../src/core/types';
import { table } from '../data/fit-helpers';

describe('group: and share: in a spec', () => {
  test('a column, and parameters of the law; formatSpec writes them back', () => {
    const { spec, errors } = parseSpec('data: isoflops.csv\ngroup: source\nshare: [alpha, E]\nlaw: chinchilla');
    assert.deepEqual(errors, []);
    assert.equal(spec?.group, 'source');
    assert.deepEqual(spec?.share, ['alpha', 'E']);
    assert.deepEqual(parseSpec(formatSpec(spec!)).spec, spec);
  });

  test('share without group, an unknown or every parameter, group with compare: errors at their line', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['share: [alpha]\nlaw: chinchilla', 'share:', /^share: shares parameters across groups; add group: COLUMN$/],
      ['group: source\nshare: [alfa]\nlaw: chinchilla', 'share:', /^share: chinchilla has no parameter alfa; its parameters are E, A, B, alpha, beta$/],
      ['group: source\nshare: [E, A, B, alpha, beta]\nlaw: chinchilla', 'share:', /^share: sharing every parameter of chinchilla is one pooled fit/],
      ['group: source\nlaw: [chinchilla, power]\ncompare: true', 'group:', /^group: fits one law per group; not with compare: true$/],
    ];
    for (const [text, key, message] of cases) {
      const { spec, errors } = parseSpec(`data: isoflops.csv\n${text}`);
      assert.equal(spec, undefined, text);
      assert.equal(errors.length, 1, `${text}: ${JSON.stringify(errors)}`);
      assert.equal(errors[0].line, `data: isoflops.csv\n${text}`.split('\n').findIndex((line) => line.startsWith(key)) + 1);
      assert.match(errors[0].message, message);
    }
  });
});

describe('group: source on the Open-Athena IsoFLOP points', () => {
  const isoflops = table('open-athena-isoflops/isoflops.csv');
  const where = "source != 'llama_3' and outlier == 'False'";
  const request = { law: 'chinchilla', where };
  const apart = fitGroups(isoflops, request, 'source');
  const alpha = fitGroups(isoflops, request, 'source', ['alpha']);
  const both = fitGroups(isoflops, request, 'source', ['alpha', 'beta']);
  const pooled = fitTable(isoflops, request);
  const total = (fits: FitResult[]) => fits.reduce((sum, fit) => sum + fit.objective.value, 0);

  test('one fit per source, each the fit of its own rows', () => {
    assert.deepEqual(apart.groups, ['epochai_chinchilla', 'marin_202603', 'misfitting', 'ml_scalefit']);
    assert.deepEqual(
      apart.independent.map((fit) => fit.n),
      [85, 239, 106, 89],
    );
    const alone = fitTable(isoflops, { law: 'chinchilla', where: `(${where}) and source == 'misfitting'` });
    assert.deepEqual(apart.independent[2].params, alone.params);
    assert.deepEqual(apart.independent[2].group, { column: 'source', label: 'misfitting' });
  });

  test('sharing costs objective in the order constrained fits must: apart ≤ α shared ≤ α, β shared ≤ pooled', () => {
    const tolerance = 1e-9;
    assert.ok(total(apart.independent) <= alpha.sharedObjective! + tolerance, `${total(apart.independent)} vs ${alpha.sharedObjective}`);
    assert.ok(alpha.sharedObjective! <= both.sharedObjective! + tolerance, `${alpha.sharedObjective} vs ${both.sharedObjective}`);
    assert.ok(both.sharedObjective! <= pooled.objective.value + tolerance, `${both.sharedObjective} vs pooled ${pooled.objective.value}`);
    // The sources' α differ (0.34 to 0.72 apart), so one α costs something, and far less than one law for all.
    assert.ok(alpha.sharedObjective! > total(apart.independent) * 1.01);
    assert.ok(alpha.sharedObjective! < pooled.objective.value / 2);
  });

  test('the shared α is one value in every group, fitted (not held), the other parameters per group', () => {
    const fits = alpha.shared!;
    for (const fit of fits) {
      assert.equal(fit.params.alpha, alpha.sharedValues!.alpha);
      assert.equal(fit.held?.includes('alpha') ?? false, false);
      assert.deepEqual(fit.group?.shared?.names, ['alpha']);
    }
    const alphas = apart.independent.map((fit) => fit.params.alpha);
    assert.ok(alpha.sharedValues!.alpha > minOf(alphas) && alpha.sharedValues!.alpha < maxOf(alphas), `${alpha.sharedValues!.alpha} within the sources' ${alphas}`);
    assert.equal(new Set(fits.map((fit) => fit.params.beta)).size, 4);
  });

  test('the summary: a table per group, α marked shared, and what sharing cost', () => {
    const summary = fitSummaryMarkdown(alpha.shared!);
    assert.equal(summary.match(/\| parameter \| value \|/g)?.length, 4);
    assert.equal(summary.match(/\| alpha \(shared\) \|/g)?.length, 4);
    assert.ok(summary.includes('**chinchilla** for `source` = `misfitting` on 106 rows'));
    assert.match(summary, /Shared across `source`: alpha, fitted jointly\. Objective [\d.e-]+, against [\d.e-]+ for the groups fitted apart \([\d.]+ % more\)\./);
  });

  test('one chart coloured by group', () => {
    const labels = alpha.groups;
    const output = buildSeriesOutput(
      labels.map((label, k) => ({ label, table: isoflops, fits: [alpha.shared![k]] })),
      pointwise(predictWith),
      {},
      'group',
    );
    assert.equal(output.groupRole, 'group');
    assert.deepEqual(output.points.groups, labels);
    assert.equal(output.points.group.length, 85 + 239 + 106 + 89);
    assert.deepEqual(fitLabels(output), labels.map((label) => `chinchilla on ${label}`));
  });
});
