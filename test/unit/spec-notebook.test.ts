// The .scalenb format: writing what was read gives the same bytes (also with a real fit output inside),
// hand-formatted files settle after one save, bad files are clear errors; the templates are valid specs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { markdownText } from '../../src/core/escape';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import {
  fitSummaryMarkdown,
  parseNotebookFile,
  parseSpec,
  restoreOutputs,
  specNotebook,
  stringifyNotebookFile,
  templateNotebook,
  vectorPredictor,
  type NotebookFile,
} from '../../src/core/spec';
import type { FitResult } from '../../src/core/types';
import { FIT_MIME, NOTEBOOK_ERROR_MIME } from '../../src/shared/mime';
import { dataFile } from '../dataPath';

function kyoTable() {
  return readRunLog(readFileSync(dataFile('kyo-chinchilla-llm/df.csv'), 'utf8'), { fileName: 'df.csv' });
}

/** A notebook as the extension writes it after running a spec cell on the kyo-takano data. */
function executedNotebook(): NotebookFile {
  const table = kyoTable();
  const fit = fitTable(table, { law: 'chinchilla', objective: 'huber-log' });
  const output = buildFitOutput(table, [fit], vectorPredictor(predictWith), { maxPoints: 2000 });
  const file = specNotebook({ data: 'df.csv', laws: ['chinchilla'] }, 'Fit of df.csv');
  file.cells[1].outputs = [{ items: [{ mime: FIT_MIME, data: output }] }, { items: [{ mime: 'text/markdown', data: fitSummaryMarkdown([fit]) }] }];
  file.cells[1].execution = { order: 1, success: true };
  file.cells.push({ kind: 'markdown', source: 'Notes with "quotes", a tab\there,\r\nCRLF and unicode: α β ≈ 😀\n' });
  file.metadata = { created: 'test' };
  return file;
}

test('serialize(deserialize(bytes)) returns the same bytes for a notebook with a real fit output', () => {
  const text = stringifyNotebookFile(executedNotebook());
  const again = stringifyNotebookFile(parseNotebookFile(text));
  assert.equal(again, text);
  assert.ok(text.endsWith('}\n'));
  // The source is stored as lines (one-line diffs when a spec changes) and comes back exactly.
  assert.deepEqual(parseNotebookFile(text).cells[2].source, executedNotebook().cells[2].source);
  assert.match(text, /\n {8}"data: df\.csv",\n/);
});

test('the saved fit output keeps every number of the fit exactly', () => {
  const file = executedNotebook();
  const back = parseNotebookFile(stringifyNotebookFile(file));
  assert.deepEqual(back.cells[1].outputs, file.cells[1].outputs);
});

test('a hand-formatted file reads the same and settles to one layout after a save', () => {
  const hand = `{"scalingNotebook":1,"cells":[{"kind":"markdown","source":"# Title\\ntext"},
    {"kind": "spec", "source": ["data: df.csv", "law: power"],
     "outputs": [ { "items": [ { "mime": "text/markdown", "data": "**power**" } ] } ] } ]}`;
  const file = parseNotebookFile(hand);
  assert.equal(file.cells[0].source, '# Title\ntext');
  assert.equal(file.cells[1].source, 'data: df.csv\nlaw: power');
  const first = stringifyNotebookFile(file);
  assert.equal(stringifyNotebookFile(parseNotebookFile(first)), first);
  assert.deepEqual(parseNotebookFile(first), file);
});

test('empty files are empty notebooks; other files are clear errors', () => {
  assert.deepEqual(parseNotebookFile(''), { cells: [] });
  assert.equal(stringifyNotebookFile({ cells: [] }), '{\n  "scalingNotebook": 1,\n  "cells": []\n}\n');
  assert.throws(() => parseNotebookFile('{"cells": ['), /not valid JSON/);
  assert.throws(() => parseNotebookFile('{"nbformat": 4, "cells": []}'), /Not a scaling notebook/);
  assert.throws(() => parseNotebookFile('{"scalingNotebook": 1, "cells": [{"kind": "code"}]}'), /Cell 1: kind/);
});

test('the new-notebook template and the fit notebook hold valid specs', () => {
  for (const file of [templateNotebook(undefined, 'chinchilla'), templateNotebook('shared-data/kyo chinchilla.csv', 'kaplan-nd'), specNotebook({ data: 'a.csv', laws: ['power', 'bnsl'] }, 'Fit')]) {
    const specs = file.cells.filter((c) => c.kind === 'spec');
    assert.equal(specs.length, 1);
    const { spec, errors } = parseSpec(specs[0].source);
    assert.deepEqual(errors, []);
    assert.ok(spec && spec.data.length > 0 && spec.laws.length > 0);
    assert.equal(stringifyNotebookFile(parseNotebookFile(stringifyNotebookFile(file))), stringifyNotebookFile(file));
  }
  const { spec } = parseSpec(templateNotebook('shared-data/kyo chinchilla.csv', 'kaplan-nd').cells[1].source);
  assert.deepEqual(spec, { data: 'shared-data/kyo chinchilla.csv', laws: ['kaplan-nd'] });
  // Every optional key the template mentions is one parseSpec accepts (uncommented, one at a time).
  const hints = templateNotebook(undefined, 'chinchilla').cells[1].source.split('\n').filter((l) => l.startsWith('# '));
  for (const hint of hints) {
    const { errors } = parseSpec(`data: df.csv\nlaw: chinchilla\n${hint.slice(2)}`);
    assert.deepEqual(errors, [], hint);
  }
});

test('the markdown summary lists each parameter and says why a law failed', () => {
  const fit = fitTable(kyoTable(), { law: 'chinchilla', objective: 'huber-log' });
  const text = fitSummaryMarkdown([fit], [{ law: 'bnsl', message: 'needs a | pipe' }]);
  for (const name of Object.keys(fit.params)) assert.match(text, new RegExp(`\\| ${name} \\|`));
  assert.match(text, /\*\*chinchilla\*\* on 234 rows/);
  assert.match(text, /\*\*bnsl\*\* could not be fitted: needs a \\\| pipe/);
});

// Issue 13: warnings read as a list, not one quoted paragraph.
test('the summary lists each warning as its own list item, and restores as our own summary', () => {
  const file = executedNotebook();
  const fit = (file.cells[1].outputs![0].items[0].data as { fits: FitResult[] }).fits[0];
  assert.ok(fit.warnings.length >= 2, `the kyo fit warns (${fit.warnings.map((w) => w.code).join(', ')})`);
  const lines = fitSummaryMarkdown([fit]).split('\n');
  const heading = lines.indexOf(`⚠ ${fit.warnings.length} warnings:`);
  assert.ok(heading > 0, 'a heading says how many');
  assert.equal(lines[heading - 1], '', 'a paragraph of its own');
  assert.equal(lines[heading + 1], '', 'the list starts after a blank line');
  assert.deepEqual(
    lines.slice(heading + 2),
    fit.warnings.map((w) => `- ${markdownText(w.message)}`),
  );
  assert.ok(!lines.some((line) => line.startsWith('>')), 'no quoted lines that merge into one paragraph');
  assert.deepEqual(restoreOutputs(file).cells[1].outputs, file.cells[1].outputs);
});

// Issue 9, saved outputs: a shared .scalenb restores only markup we wrote (core/spec/restoredOutputs.ts).
const HOSTILE = [`<img src=x onerror='alert(1)'>`, '<script>alert(1)</script>', '[x](command:workbench.action.terminal.new)'];

/** Every item of every cell that VS Code would render as markup (anything but our payload and plain text). */
function markupItems(file: NotebookFile) {
  return file.cells.flatMap((cell) => (cell.outputs ?? []).flatMap((output) => output.items)).filter((item) => item.mime !== FIT_MIME && item.mime !== 'text/plain');
}

test('our own saved outputs (fits, failures quoting markup, errors) restore unchanged and save to the same bytes', () => {
  const file = executedNotebook();
  const fit = (file.cells[1].outputs![0].items[0].data as { fits: FitResult[] }).fits[0];
  const failures = [
    { law: 'bnsl', message: `column ${HOSTILE.join(' ')} | not numeric` },
    { law: `${HOSTILE[0]}** could not be fitted: x`, message: 'a\\b &amp; c' },
  ];
  file.cells[1].outputs![1] = { items: [{ mime: 'text/markdown', data: fitSummaryMarkdown([fit], failures) }] };
  file.cells.push({ kind: 'spec', source: 'data: a.csv\nlaw: bnsl', outputs: [{ items: [{ mime: 'text/markdown', data: fitSummaryMarkdown([], failures) }] }] });
  file.cells.push({ kind: 'spec', source: 'data: a.csv', outputs: [{ items: [{ mime: NOTEBOOK_ERROR_MIME, data: { name: 'Scaling Laws', message: `no file ${HOSTILE[0]}` } }] }] });
  const text = stringifyNotebookFile(file);
  const restored = restoreOutputs(parseNotebookFile(text));
  assert.deepEqual(restored, parseNotebookFile(text));
  assert.equal(stringifyNotebookFile(restored), text);
  // What stays markdown is inert: the escaping of fitSummaryMarkdown holds.
  for (const item of markupItems(restored).filter((i) => i.mime === 'text/markdown')) {
    assert.doesNotMatch(String(item.data), /<img|<script|\]\(command:/);
  }
});

test('hostile saved outputs never come back as markup: markdown becomes plain text, other types are dropped with a note', () => {
  const file = executedNotebook();
  const payload = file.cells[1].outputs![0];
  const summary = file.cells[1].outputs![1].items[0].data as string;
  const forged = [
    `${summary}\n\n${HOSTILE[0]}`,
    `${summary}\n\n**bnsl** could not be fitted: ${HOSTILE[1]}`,
    `**power** ${HOSTILE[2]}`,
    summary.replace('chinchilla', HOSTILE[0]),
  ];
  file.cells[1].outputs = [payload, ...forged.map((data) => ({ items: [{ mime: 'text/markdown', data }] })), { items: [{ mime: 'text/html', data: HOSTILE[1] }, { mime: 'image/svg+xml', data: '<svg onload=alert(1)/>' }] }];
  file.cells.push({ kind: 'spec', source: 'law: power', outputs: [{ items: [{ mime: 'text/markdown', data: HOSTILE[0] }] }] });
  // A tampered payload that cannot be summarised, and an error output carrying a stack (which VS Code linkifies).
  file.cells.push({
    kind: 'spec',
    source: 'law: power',
    outputs: [
      { items: [{ mime: FIT_MIME, data: { version: 1, fits: [{ law: { id: HOSTILE[0] } }] } }] },
      { items: [{ mime: 'text/markdown', data: `**${HOSTILE[0]}**` }] },
      { items: [{ mime: NOTEBOOK_ERROR_MIME, data: { name: 'E', message: 'm', stack: HOSTILE[2] } }] },
    ],
  });
  const restored = restoreOutputs(parseNotebookFile(stringifyNotebookFile(file)));
  const items = restored.cells.flatMap((cell) => (cell.outputs ?? []).flatMap((output) => output.items));
  assert.deepEqual(markupItems(restored), [{ mime: NOTEBOOK_ERROR_MIME, data: { name: 'E', message: 'm' } }]);
  // Nothing vanishes: each forged markdown is readable as plain text, the dropped items are named.
  for (const text of [...forged, HOSTILE[0], `**${HOSTILE[0]}**`]) assert.ok(items.some((i) => i.mime === 'text/plain' && i.data === text), text);
  assert.ok(items.some((i) => i.mime === 'text/plain' && i.data === '2 saved output item(s) of a type this extension does not write were not restored (text/html, image/svg+xml).'));
  assert.deepEqual(restored.cells[1].outputs![0], payload);
  // The restored file saves and settles like any other.
  const once = stringifyNotebookFile(restored);
  assert.equal(stringifyNotebookFile(restoreOutputs(parseNotebookFile(once))), once);
});
