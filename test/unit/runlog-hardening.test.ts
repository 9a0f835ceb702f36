/**
 * Hostile and extreme run logs (issue 9): names that are Object.prototype members, deep JSON, bad JSONL
 * lines, very wide tables, out-of-range magnitudes, Windows-1252 bytes, huge header lines, `.jsonl`
 * files starting with `[`, headers of empty names. Every input gets a table or a clear message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readRunLog, roleValues, unitScale } from '../../src/core/runlog';

describe('column names that are Object.prototype members', () => {
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

  test('have no unit scale (a function as the scale made the column NaN)', () => {
    for (const name of names) {
      assert.equal(unitScale(name), 1, name);
      assert.equal(unitScale(`params (${name})`), 1, name);
    }
  });

  test('read as normal numbers when mapped as loss or N', () => {
    for (const name of names) {
      const table = readRunLog(`${name},tokens,other\n3.1,1e9,1\n2.9,2e9,2\n2.7,4e9,3\n`, { map: { loss: name } });
      assert.deepEqual(Array.from(roleValues(table, 'loss') ?? []), [3.1, 2.9, 2.7], name);
      const asN = readRunLog(`loss,${name}\n3.1,1e8\n2.9,2e8\n2.7,4e8\n`, { map: { N: name } });
      assert.deepEqual(Array.from(roleValues(asN, 'N') ?? []), [1e8, 2e8, 4e8], name);
    }
  });
});
