// The .scalenb format: writing what was read gives the same bytes (also with a real fit output inside),
// hand-formatted files settle after one save, bad files are clear errors; the templates are valid specs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput } from '../../src/core/plot';
import { readRunLog } from '../../src/core/runlog';
import {
  fitSummaryMarkdown,
  parseNotebookFile,
  parseSpec,
  specNotebook,
  stringifyNotebookFile,
  templateNotebook,
  vectorPredictor,
  type NotebookFile,
} from '../../src/core/spec';
import { FIT_MIME } from '../../src/shared/mime';
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
