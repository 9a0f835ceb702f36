// A role mapping to a column the file does not have is an error wherever it is written (issue 11): the
// CLI's --map stops fit and compare with exit 2, a notebook spec's `map:` is an error of the cell at its
// line. Before, both silently fitted the detected column instead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRunLog } from '../../src/core/runlog';
import { checkSpecMap, parseSpec } from '../../src/core/spec';
import { cliFromSource, ROOT, STACK_LINE } from './cli-helpers';

const EXAMPLE = join('examples', 'loss-curve.jsonl');

describe('--map to a column the file does not have', () => {
  for (const args of [
    ['fit', EXAMPLE, '--law', 'saturating-power', '--map', 'loss=losss_typo'],
    ['compare', EXAMPLE, '--laws', 'saturating-power,power', '--map', 'loss=losss_typo'],
  ]) {
    it(`${args[0]} exits 2 naming the column and the file's columns, and fits nothing`, () => {
      const r = cliFromSource(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '', 'no fit was printed');
      assert.match(r.stderr, new RegExp(`^scaling-laws ${args[0]}: --map: no column named 'losss_typo' to use as loss \\(columns: step, loss, lr\\)`));
      assert.doesNotMatch(r.stderr, STACK_LINE);
    });
  }

  it('a correct --map still fits', () => {
    const r = cliFromSource(['fit', EXAMPLE, '--law', 'saturating-power', '--map', 'loss=loss', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).roles.step.column, 'step');
  });
});

describe("a notebook spec's map:", () => {
  const text = readFileSync(join(ROOT, EXAMPLE), 'utf8');

  it('to a missing column is an error at the map: line; a good map is none', () => {
    const cell = 'data: loss-curve.jsonl\nlaw: saturating-power\nmap:\n  loss: loss_c4_vall\n';
    const parsed = parseSpec(cell);
    assert.ok(parsed.spec, JSON.stringify(parsed.errors));
    const table = readRunLog(text, { fileName: 'loss-curve.jsonl', map: parsed.spec.map });
    const errors = checkSpecMap(parsed.positions.map, table);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, parsed.positions.map?.line);
    assert.match(errors[0].message, /^map: no column named 'loss_c4_vall' to use as loss/);

    const good = parseSpec('data: loss-curve.jsonl\nlaw: saturating-power\nmap:\n  loss: loss\n');
    assert.ok(good.spec);
    assert.deepEqual(checkSpecMap(good.positions.map, readRunLog(text, { fileName: 'loss-curve.jsonl', map: good.spec.map })), []);
  });
});
