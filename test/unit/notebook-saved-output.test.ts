// Issue 11 item 6: what a saved .scalenb stores, bounded. A chart of a small table is saved whole (its
// values exactly as read); a 44k-row learning curve is thinned to MAX_SAVED_POINTS per chart and series,
// keeping its spikes and held-out rows, says so, and saves to the same value again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import { fitSummaryMarkdown, stringifyNotebookFile, templateNotebook, vectorPredictor } from '../../src/core/spec';
import { savedFitOutput } from '../../src/core/spec/savedOutput';
import { maxOf, minOf } from '../../src/core/arrays';
import { MAX_SAVED_POINTS } from '../../src/core/limits';
import type { FitResult } from '../../src/core/types';
import type { FitOutput } from '../../src/shared/fitOutput';
import { FIT_MIME } from '../../src/shared/mime';
import { dataFile } from '../dataPath';

function fitted(relative: string, request: Parameters<typeof fitTable>[1]): { fit: FitResult; output: FitOutput } {
  const table = readRunLog(readFileSync(dataFile(relative), 'utf8'));
  const fit = fitTable(table, request);
  // What the notebook controller draws when a cell runs (buildFitOutput's default of 3,000 points).
  return { fit, output: buildFitOutput(table, [fit], vectorPredictor(predictWith)) };
}

/** The bytes of a one-cell notebook holding this fit output and its summary, as the serializer writes it. */
function notebookBytes(fit: FitResult, output: FitOutput): number {
  const file = templateNotebook('runs.csv', fit.law.id);
  file.cells[1].outputs = [{ items: [{ mime: FIT_MIME, data: output }] }, { items: [{ mime: 'text/markdown', data: fitSummaryMarkdown([fit]) }] }];
  return new TextEncoder().encode(stringifyNotebookFile(file)).byteLength;
}

describe('saved notebook outputs (issue 11 item 6)', () => {
  test('a 96-row IsoFLOP table is saved whole: every value as read, predictions to 6 digits', () => {
    const { fit, output } = fitted('marin-wandb/isoflop-nemotron.csv', { law: 'chinchilla' });
    const saved = savedFitOutput(output);
    assert.equal(saved.points.group.length, output.points.group.length);
    assert.deepEqual(saved.points.values, output.points.values, 'the data values are saved exactly');
    assert.deepEqual(saved.fits, output.fits);
    assert.deepEqual(saved.notes, output.notes);
    output.points.predicted[0].forEach((y, i) => assert.ok(Math.abs(saved.points.predicted[0][i] - y) <= 5e-6 * Math.abs(y), `prediction ${i}`));
    const before = notebookBytes(fit, output);
    const after = notebookBytes(fit, saved);
    assert.ok(after < before && after > 0.8 * before, `${before} → ${after} bytes`);
    assert.deepEqual(savedFitOutput(saved), saved, 'saving again changes nothing');
  });

  test(`a 44,174-row learning curve is thinned to ${MAX_SAVED_POINTS} points per chart, spikes and held-out rows kept`, () => {
    const { fit, output } = fitted('llm360-mamba/llm360Mamba3B.csv', { law: 'saturating-power', x: 'step', holdout: 'step > 176000' });
    const saved = savedFitOutput(output);
    const points = saved.points;
    assert.ok(output.points.group.length > MAX_SAVED_POINTS, 'the drawn chart has more points than are saved');
    assert.ok(points.group.length <= MAX_SAVED_POINTS && points.group.length > 0.9 * MAX_SAVED_POINTS, `${points.group.length} points saved`);
    assert.equal(points.total, output.points.total);
    for (const role of Object.keys(points.values) as Array<keyof typeof points.values>) assert.equal(points.values[role]!.length, points.group.length, role);
    assert.equal(points.line.length, points.group.length);
    assert.equal(points.predicted[0].length, points.group.length);
    // Every held-out row drawn is saved, at its own line.
    const heldLines = output.points.heldOut.map((i) => output.points.line[i]).sort((a, b) => a - b);
    assert.ok(heldLines.length > 0);
    assert.deepEqual(points.heldOut.map((i) => points.line[i]).sort((a, b) => a - b), heldLines);
    // The highest and lowest loss (the spike at the start, the best batch) survive.
    const loss = (o: FitOutput) => o.points.values.loss!;
    assert.equal(maxOf(loss(saved)), maxOf(loss(output)));
    assert.equal(minOf(loss(saved)), minOf(loss(output)));
    // Saved points are drawn points, unchanged: each saved line carries the loss it had.
    const lossAt = new Map(output.points.line.map((line, i) => [line, loss(output)[i]]));
    points.line.forEach((line, i) => assert.equal(loss(saved)[i], lossAt.get(line)));

    const series = saved.learningCurve!.series[0];
    const drawn = output.learningCurve!.series[0];
    assert.ok(drawn.xs.length > MAX_SAVED_POINTS && series.xs.length <= MAX_SAVED_POINTS, `${drawn.xs.length} → ${series.xs.length}`);
    assert.equal(series.total, drawn.total);
    assert.equal(maxOf(series.ys), maxOf(drawn.ys), 'the largest spike is kept');
    assert.equal(series.smooth!.length, series.xs.length);

    assert.deepEqual(saved.fits, output.fits, 'the fit is saved whole');
    assert.deepEqual(saved.learningCurve!.forecasts, output.learningCurve!.forecasts);
    const notes = saved.notes.join('\n');
    assert.match(notes, new RegExp(`Saved chart: ${points.group.length} of 44\\.\\dK points kept .*Run the cell to draw more of them`));
    assert.match(notes, /Saved learning curve: \d+ of 44\.\dK loss points kept .*Run the cell/);
    assert.doesNotMatch(notes, /^(Showing|Learning curve: showing)/m, 'no note still claims what was drawn before saving');
    assert.deepEqual(savedFitOutput(saved), saved, 'saving again changes nothing');

    const before = notebookBytes(fit, output);
    const after = notebookBytes(fit, saved);
    assert.ok(after < 0.4 * before && after < 150_000, `${before} → ${after} bytes`);
  });

  test('the new-notebook text says the outputs, with points of the data, are saved', () => {
    const intro = templateNotebook(undefined, 'chinchilla').cells[0].source;
    assert.doesNotMatch(intro, /never your data/);
    assert.match(intro, /Saving stores each cell's last output/);
    assert.match(intro, /plotted points of your data .*at most 1,000 per chart/s);
  });
});
