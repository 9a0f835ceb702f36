// Issue 11 item 5: rewriting a spec's `data:` when its notebook moves changes that value only — the
// user's comments, key order and other values stay as written, and the result parses to the new path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/core/spec';
import { specData } from '../../src/core/spec/dataValue';

test('specData reads data: as written and replaces only its value', () => {
  const text = '# fit of the sweep\ndata: runs.csv   # relative to the notebook\nlaw: chinchilla\nwhere: N >= 1e8\n';
  const found = specData(text);
  assert.equal(found?.value, 'runs.csv');
  assert.equal(found.replace('../runs.csv'), '# fit of the sweep\ndata: ../runs.csv   # relative to the notebook\nlaw: chinchilla\nwhere: N >= 1e8\n');
});

test('quoted values and paths that need quoting round-trip through the spec parser', () => {
  for (const [text, value] of [
    ['law: power\ndata: "my runs.csv"', 'my runs.csv'],
    ["data: 'a: b.csv'\nlaw: power", 'a: b.csv'],
  ] as const) {
    const found = specData(text);
    assert.equal(found?.value, value);
    for (const next of ['../my runs (v2).csv', '../#1.csv', 'yes', '../a: b.csv', 'C:\\data\\runs.csv']) {
      const rewritten = found.replace(next);
      assert.equal(parseSpec(rewritten).spec?.data, next, rewritten);
      assert.equal(specData(rewritten)?.value, next);
    }
  }
});

test('a cell without a plain string data: (missing, a list, invalid YAML) is left alone', () => {
  for (const text of ['law: chinchilla', 'data: [a.csv, b.csv]\nlaw: power', 'data: "unclosed\nlaw: power', 'data:\n  nested: x', '- data: a.csv']) {
    assert.equal(specData(text), undefined, text);
  }
});
