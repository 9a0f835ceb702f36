import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ExprError, compileFilter } from '../../src/core/expr';
import { readRunLog } from '../../src/core/runlog';
import type { RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

function read(relative: string): RunTable {
  return readRunLog(readFileSync(dataFile(relative), 'utf8'), { fileName: relative });
}

function count(table: RunTable, where: string): number {
  const keep = compileFilter(where, table);
  let kept = 0;
  for (let row = 0; row < table.rowCount; row++) if (keep(row)) kept++;
  return kept;
}

test('epoch-chinchilla: the Epoch-240 filter; roles read base units', () => {
  const table = read('epoch-chinchilla/svg_extracted_data.csv');
  assert.equal(table.rowCount, 245);
  // reference-results.md: Epoch-240 drops the five largest losses 3.447, 3.766, 3.794, 4.665, 5.006.
  assert.equal(count(table, 'loss < 3.44'), 240);
  assert.equal(count(table, 'loss < 3.7'), 241);
  assert.equal(count(table, 'loss < 3.7 or not loss < 3.7'), 245);
  // data/README: Model Size spans 5.73e7–1.62e10 and Training FLOP 1.40e18–1.30e22.
  assert.equal(count(table, 'N >= 5.7e7 and N <= 1.63e10'), 245);
  assert.equal(count(table, 'C >= 1.3e18 && C <= 1.31e22'), 245);
  assert.equal(count(table, '`Model Size` == N'), 245);
  assert.equal(count(table, 'N > 1e10') + count(table, 'not N > 1e10'), 245);
});

test('open-athena-isoflops: source == "ml_scalefit" keeps 124 rows', () => {
  const table = read('open-athena-isoflops/isoflops.csv');
  assert.equal(table.rowCount, 947);
  assert.equal(count(table, 'source == "ml_scalefit"'), 124);
  assert.equal(count(table, "source == 'epochai_chinchilla'"), 123);
  assert.equal(count(table, "SOURCE != 'ml_scalefit'"), 947 - 124);
  assert.throws(
    () => compileFilter("sorce == 'llama_3'", table),
    (error: unknown) => error instanceof ExprError && error.position === 0 && /`source`/.test(error.detail),
  );
});
