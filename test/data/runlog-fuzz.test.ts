/**
 * Fuzz: seeded random and mutated inputs (from the real files) never make the reader throw, except
 * the documented UserErrors; every unusable row is explained by a diagnostic on its line; streaming
 * in random chunks gives the same table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/core/solve/random';
import { createRunLogReader, readRunLog } from '../../src/core/runlog';
import { type RunTable, UserError } from '../../src/core/types';
import { dataFile } from '../dataPath';

const SEED = 20240611;
const CASES = 2500;
const DOCUMENTED = new Set(['empty-input', 'binary-input', 'not-a-table']);

const SOURCES = [
  'epoch-chinchilla/svg_extracted_data.csv',
  'misfitting/scaling_results_last_ckpt_only.csv',
  'marin-wandb/isoflop-comma.csv',
  'gzip-runs/results_new.jsonl',
  'bad-inputs/trainer_state.json',
  'bad-inputs/quoted-newlines.csv',
  'bad-inputs/semicolon-decimal-comma.csv',
  'obsscaling/base_llm_benchmark_eval.csv',
  'olmo/olmo.csv',
].map((f) => readFileSync(dataFile(f), 'utf8').slice(0, 6000));

const ALPHABET = ['a', 'B', '0', '1', '9', '.', ',', ';', '\t', '|', '"', "'", '\n', '\r\n', ' ', '-', 'e', '+', '{', '}', '[', ']', ':', 'NaN', 'inf', 'n/a', '7B', '1,234', '#', 'loss', 'params', 'é', '\u{1F600}', '\\', '\u0000'];

function randomText(next: () => number): string {
  const n = Math.floor(next() * 400);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

function mutate(source: string, next: () => number): string {
  let s = source;
  const edits = 1 + Math.floor(next() * 6);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * s.length);
    const len = Math.floor(next() * 40);
    switch (Math.floor(next() * 6)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at, at + len).repeat(2) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + randomText(next).slice(0, len) + s.slice(at);
        break;
      case 3:
        s = s.slice(0, at);
        break;
      case 4:
        s = s.slice(0, at) + ALPHABET[Math.floor(next() * ALPHABET.length)] + s.slice(at + 1);
        break;
      default:
        s = s.replace(/\n/g, next() < 0.5 ? '\r\n' : '\n\n');
    }
  }
  return s;
}

function check(text: string, table: RunTable): void {
  const lineCount = text.split(/\r\n|\n|\r/).length;
  assert.equal(table.lines.length, table.rowCount);
  assert.equal(table.rowStatus.length, table.rowCount);
  for (const c of table.columns) assert.equal(c.values.length, table.rowCount);
  // Column-level diagnostics list their first lines ("lines 2, 3, 5, …"): a row beyond those is counted, not listed.
  const listed = table.diagnostics.map((d) => /\blines? ([\d, ]+?)(, …)?\)/.exec(d.message));
  const capped = table.diagnostics.some((d) => d.code.endsWith('-more')) || listed.some((m) => m?.[2] !== undefined);
  const diagnosed = new Set([...table.diagnostics.map((d) => d.line), ...listed.flatMap((m) => (m ? m[1].split(', ').map(Number) : []))]);
  for (let i = 0; i < table.rowCount; i++) {
    assert.ok(table.lines[i] >= 1 && table.lines[i] <= lineCount, `row line ${table.lines[i]} of ${lineCount}`);
    if (table.rowStatus[i] === 'error') assert.ok(capped || diagnosed.has(table.lines[i]), `error row at line ${table.lines[i]} has no diagnostic`);
  }
  for (const d of table.diagnostics) {
    assert.ok(d.message.length > 0 && d.message.length < 600, d.code);
    if (d.line !== undefined) assert.ok(d.line >= 1 && d.line <= lineCount + 1, `${d.code} line ${d.line} of ${lineCount}`);
  }
}

function readOrDocumentedError(text: string): RunTable | undefined {
  try {
    return readRunLog(text);
  } catch (error) {
    assert.ok(error instanceof UserError && DOCUMENTED.has(error.code), `undocumented throw: ${String(error)}\ninput: ${JSON.stringify(text.slice(0, 300))}`);
    return undefined;
  }
}

describe('reader fuzz', () => {
  it(`${CASES} seeded random and mutated inputs`, () => {
    const next = seededRandom(SEED);
    let tables = 0;
    for (let k = 0; k < CASES; k++) {
      const text = next() < 0.2 ? randomText(next) : mutate(SOURCES[Math.floor(next() * SOURCES.length)], next);
      const table = readOrDocumentedError(text);
      if (!table) continue;
      tables++;
      check(text, table);
      if (k % 10 === 0) {
        const reader = createRunLogReader();
        for (let i = 0; i < text.length; ) {
          const size = 1 + Math.floor(next() * 300);
          reader.push(text.slice(i, i + size));
          i += size;
        }
        assert.deepEqual(reader.end(), table, `streamed differs: ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
    // Most mutated inputs are still tables: the fuzz exercises the reader, not just the error path.
    assert.ok(tables > CASES * 0.6, `${tables} tables`);
  });
});
