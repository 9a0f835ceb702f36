// Issue 9 item 22 (part): a deeply nested YAML spec or `.scalenb` file gets a clear error with a line
// number in milliseconds — not a RangeError after seconds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNotebookFile, parseSpec, stringifyNotebookFile } from '../../src/core/spec';
import { MAX_DOCUMENT_DEPTH } from '../../src/core/limits';
import { jsonTooDeep, yamlTooDeep } from '../../src/core/spec/nesting';
import { UserError } from '../../src/core/types';

const HEAD = 'data: runs.csv\nlaw: chinchilla\n';

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

test('issue 9 item 22: a 100k-deep YAML spec is one clear error with its line', () => {
  const n = 100_000;
  const specs: Record<string, string> = {
    'flow sequences': `${HEAD}where: ${'['.repeat(n)}${']'.repeat(n)}`,
    'flow mappings': `${HEAD}where: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
    'unclosed flow': `${HEAD}where: ${'['.repeat(n)}`,
    'compact block sequences': `${HEAD}where:\n  ${'- '.repeat(n)}x`,
    'indented block mappings': `${HEAD}where:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1`,
    'after a quote and a bracket in plain text': `${HEAD}map: {N: it's}\nwhere: a[\nx:\n  ${'- '.repeat(n)}x`,
  };
  for (const [what, text] of Object.entries(specs)) {
    const { value, ms } = timed(() => parseSpec(text));
    assert.equal(value.spec, undefined, what);
    assert.equal(value.errors.length, 1, `${what}: ${JSON.stringify(value.errors).slice(0, 300)}`);
    const [error] = value.errors;
    assert.match(error.message, new RegExp(`Nested more than ${MAX_DOCUMENT_DEPTH} levels deep`), what);
    assert.ok(error.line >= 3, `${what}: line ${error.line}`);
    assert.ok(ms < 500, `${what}: ${ms.toFixed(0)} ms`);
  }
  // The line is the one where the nesting goes too deep.
  assert.deepEqual(yamlTooDeep(`${HEAD}where: ${'['.repeat(n)}`), { line: 3, column: 8 + MAX_DOCUMENT_DEPTH - 1 });
});

test('issue 9 item 22: ordinary specs are not mistaken for deep ones', () => {
  const ordinary = [
    `${HEAD}where: run == 'it''s' and \`a[b\` > 1 # [[[[ not nesting\nholdout: "C > 5e21 ["`,
    `data: runs[1].csv\nlaw:\n  - chinchilla\n  - "E + A/N^alpha; alpha in [0, 1]"\nmap:\n  N: params\n  D: tokens`,
    `${HEAD}where: |\n  ((N > 1) and (D > 1))\n  or loss < 3`,
  ];
  for (const text of ordinary) {
    assert.equal(yamlTooDeep(text), undefined, text);
    assert.deepEqual(parseSpec(text).errors, [], text);
  }
  // Exactly at the limit is allowed (the parser's own error is about the value, not the nesting).
  const atLimit = `${HEAD}where: ${'['.repeat(MAX_DOCUMENT_DEPTH - 1)}${']'.repeat(MAX_DOCUMENT_DEPTH - 1)}`;
  assert.equal(yamlTooDeep(atLimit), undefined);
  assert.doesNotMatch(parseSpec(atLimit).errors[0].message, /Nested more than/);
});

test('issue 9 item 22: a .scalenb with a 5,000-deep output opens with a clear error naming the line', () => {
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  const text = [
    '{',
    '  "scalingNotebook": 1,',
    '  "cells": [{"kind": "spec", "source": ["data: a.csv"],',
    `    "outputs": [{"items": [{"mime": "application/json", "data": ${deep}}]}]}]`,
    '}',
  ].join('\n');
  const { ms } = timed(() =>
    assert.throws(
      () => parseNotebookFile(text),
      (error: unknown) =>
        error instanceof UserError &&
        /nests more than 128 levels deep at line 4, column \d+/.test(error.message) &&
        /text editor/.test(error.message) &&
        error.message.length < 300,
    ),
  );
  assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
  assert.deepEqual(jsonTooDeep('{"a": "[[[[[[\\"[[[["}'), undefined, 'brackets inside strings do not nest');
  // A notebook inside the limit still reads and writes.
  const shallow = text.replace(deep, '[[1, {"a": [2]}]]');
  const file = parseNotebookFile(shallow);
  assert.deepEqual(file.cells[0].outputs?.[0].items[0].data, [[1, { a: [2] }]]);
  assert.deepEqual(parseNotebookFile(stringifyNotebookFile(file)), file);
});
