// Issue 12 item 6: what a comparison cell (`compare: true`) is made of — the law list with `default`, the
// spec that reproduces it, the ranking the renderer draws and the legend that tells the laws apart — on
// real sweeps and a real trainer log from ../shared/data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { candidatesFor, compareWithFits, DEFAULT_LAWS, fitTable, rowLabel } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { buildFitOutput, fitLabels } from '../../src/core/plot';
import { comparisonView } from '../../src/core/plot/comparisonView';
import { formatSpec } from '../../src/core/spec/format';
import { parseSpec } from '../../src/core/spec';
import { restoreOutputs } from '../../src/core/spec/restoredOutputs';
import { comparisonMarkdown, fitSummaryMarkdown } from '../../src/core/spec/summary';
import { FIT_MIME } from '../../src/shared/mime';
import { markdownText } from '../../src/core/escape';
import { predictWith } from '../../src/core/fit';
import { vectorPredictor } from '../../src/core/spec/predictor';
import { dataFile } from '../dataPath';
import { EPOCH, EPOCH_240 } from './fit-helpers';

const read = (relative: string, fileName: string) => readRunLog(readFileSync(dataFile(relative), 'utf8'), { fileName });

/** One run's learning curve: the `small` model of the GPT-3 curves. */
function gpt3Small() {
  const lines = readFileSync(dataFile('gpt3-curves/extracted.csv'), 'utf8').split('\n');
  const curve = readRunLog(lines.filter((line, i) => i === 0 || line.startsWith('small,')).join('\n'), { fileName: 'gpt3-small.csv' });
  assert.ok(curve.rowCount > 50, `${curve.rowCount} rows of the small model`);
  return curve;
}

describe('comparison cells', () => {
  const epoch = read(EPOCH, 'epoch.csv');

  it('a compare spec names the default set with `default`, round-trips through formatSpec, and `default` alone is refused', () => {
    const parsed = parseSpec('data: runs.csv\nlaw: [default, kaplan-compute]\ncompare: true\nholdout: C > 1e22');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.spec?.laws, [DEFAULT_LAWS, 'kaplan-compute']);
    assert.equal(parsed.spec?.compare, true);
    assert.deepEqual(parseSpec(formatSpec(parsed.spec!)).spec, parsed.spec);
    const alone = parseSpec('data: runs.csv\nlaw: default');
    assert.equal(alone.errors.length, 1);
    assert.match(alone.errors[0].message, /compare: true/);
    assert.equal(alone.errors[0].line, 2);
    assert.match(parseSpec('data: runs.csv\nlaw: chinchilla\ncompare: yes please').errors[0].message, /compare: must be true or false/);
  });

  it('an option of a law `default` may hold is accepted beside it; one of no such law is refused at its key', () => {
    assert.deepEqual(parseSpec('data: runs.csv\nlaw: [default]\ncompare: true\noptions:\n  breaks: 2').errors, []);
    const bogus = parseSpec('data: runs.csv\nlaw: [default]\ncompare: true\noptions:\n  knots: 2');
    assert.equal(bogus.errors.length, 1);
    assert.equal(bogus.errors[0].line, 5);
    assert.match(bogus.errors[0].message, /No law here \(chinchilla, .*bnsl.*\) has an option 'knots'/);
  });

  it('`default` expands to the data’s default set, each law once, in the order named', () => {
    const labels = candidatesFor(epoch, ['kaplan-nd', DEFAULT_LAWS, 'kaplan-compute']).map(rowLabel);
    assert.deepEqual(labels, ['kaplan-nd', 'chinchilla', 'over-training', 'kaplan-compute']);
    assert.deepEqual(candidatesFor(gpt3Small(), undefined).map(rowLabel).slice(0, 2), ['saturating-power', 'saturating-power (offset)']);
  });

  it('the ranking keeps every law in order, marks the recommended one, and points each row at its fit in the overlay', () => {
    const compared = compareWithFits(epoch, [DEFAULT_LAWS, 'E + A/N^a'], { where: EPOCH_240, holdout: 'C > 1e22' });
    const { comparison, fits } = compared;
    assert.equal(fits.length, comparison.rows.length);
    const view = comparisonView(compared);
    assert.deepEqual(view.rows.map((r) => r.label), comparison.rows.map(rowLabel));
    assert.ok(view.recommended, 'a law is recommended');
    assert.equal(view.rows[view.recommended.row].label, rowLabel(comparison.recommended!));
    for (const [i, row] of view.rows.entries()) {
      assert.equal(row.fit === undefined ? undefined : fits.filter((fit) => fit !== undefined)[row.fit], fits[i], `${row.label} points at its own fit in the overlay`);
      // Which objective was used is said once by the table's rows, not repeated as a warning on each.
      const said = comparison.rows[i].warnings.filter((w) => w.code !== 'objective-choice').map((w) => w.message);
      assert.deepEqual(row.warnings, said);
      assert.ok(Number.isFinite(row.cvAre) || row.cvNote || row.error, `${row.label}: a CV error or why there is none`);
      assert.ok(row.heldOutAre === undefined || (row.heldOutAre >= 0 && row.heldOutAre < 1));
    }
    assert.match(view.cv, /folds? along (N|C)/);
    // The overlay draws every fitted law on the same rows: one curve set per law.
    const drawn = fits.flatMap((fit) => (fit ? [fit] : []));
    const output = buildFitOutput(epoch, drawn, vectorPredictor(predictWith));
    assert.deepEqual([...new Set(output.curves.map((c) => c.fit))].sort(), drawn.map((_, i) => i));
    // Over-training reads N and tokens per parameter M: along C at fixed N, M = C/(6N²) grows with C, so
    // its curves fall with compute like the others (held at a median M they were flat lines).
    const ot = drawn.findIndex((fit) => fit.law.id === 'over-training');
    assert.ok(ot >= 0, 'over-training is in the default set of this sweep');
    const curves = output.curves.filter((c) => c.fit === ot);
    assert.ok(curves.length >= 3);
    for (const curve of curves) {
      const N = curve.fixed.N!;
      assert.ok(curve.ys[0] > 1.05 * curve.ys[curve.ys.length - 1], `N=${N}: ${curve.ys[0]} → ${curve.ys.at(-1)}`);
      const k = Math.floor(curve.xs.length / 2);
      // Curves carry 6 significant digits.
      assert.ok(Math.abs(curve.ys[k] - predictWith(drawn[ot], { N, M: curve.xs[k] / (6 * N * N) })) < 1e-5 * curve.ys[k]);
    }

    // Saved and reopened, the cell's summary (verdict, then each law's table) is still ours: markdown.
    // With the verdict changed it is someone else's text, and comes back as plain text.
    const summary = `${comparisonMarkdown(view)}\n\n${fitSummaryMarkdown(drawn)}`;
    const cellWith = (markdown: string) => ({
      kind: 'spec' as const,
      source: 'law: default\ncompare: true',
      outputs: [{ items: [{ mime: FIT_MIME, data: { ...output, comparison: view } }] }, { items: [{ mime: 'text/markdown', data: markdown }] }],
    });
    const forged = summary.replace('Recommended', 'Recommended [here](command:workbench.action.terminal.new)');
    const restored = restoreOutputs({ cells: [cellWith(summary), cellWith(forged)] }).cells.map((cell) => cell.outputs![1].items[0]);
    assert.deepEqual(restored, [
      { mime: 'text/markdown', data: summary },
      { mime: 'text/plain', data: forged },
    ]);
  });

  it('the same law with and without an option is told apart in the legend', () => {
    const curve = gpt3Small();
    assert.ok(curve.rowCount > 50, `${curve.rowCount} rows of the small model`);
    const fits = [undefined, { offset: true }].map((options) => fitTable(curve, { law: 'saturating-power', ...(options ? { options } : {}) }));
    assert.deepEqual(fitLabels(buildFitOutput(curve, fits, vectorPredictor(predictWith))), ['saturating-power', 'saturating-power (offset)']);
  });

  it('formula laws are named by their formula in the legend, as in the ranking table', () => {
    const curve = gpt3Small();
    const formulas = ['E + A/x^a', 'E + A/(x + x0)^a'];
    const compared = compareWithFits(curve, formulas, {});
    const fits = compared.fits.filter((fit) => fit !== undefined);
    assert.equal(fits.length, 2, JSON.stringify(compared.comparison.rows.map((row) => row.error)));
    assert.deepEqual(fitLabels(buildFitOutput(curve, fits, vectorPredictor(predictWith))), compared.comparison.rows.map(rowLabel));
  });

  it('the verdict in markdown escapes a formula label from the spec', () => {
    const view = {
      rows: [{ label: 'E + A/N^a *[x](command:evil)*', paramCount: 3, n: 9, cvAre: 0.01, inSampleMape: 0.01, aic: 1, bic: 2, fitMs: 3, warnings: [] }],
      recommended: { row: 0, reason: 'only law' },
      cv: 'CV: 1 fold along N',
    };
    const text = comparisonMarkdown(view);
    assert.ok(!text.includes('](command:'), text);
    // The layout notebooks saved before the verdict had one wording: they must still restore as ours.
    assert.equal(text, `**Recommended: ${markdownText(view.rows[0].label)}** — only law.\n\nCV\\: 1 fold along N`);
    assert.equal(comparisonMarkdown({ ...view, recommended: undefined }), 'No law could be scored by cross-validation: nothing to recommend.\n\nCV\\: 1 fold along N');
  });
});
