// Issue 9 item 20: `compare --laws` keeps commas inside a formula (max(a, b), bounds [0, 1]) with the formula.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/cli/commands/compare';
import { splitTopLevel } from '../../src/core/expr/splitTopLevel';
import { runCaptured } from './cli-capture';

const example = join(import.meta.dirname, '..', '..', 'examples', 'chinchilla-sweep.csv');


test('issue 9 item 20: law lists split only at top-level commas', () => {
  assert.deepEqual(splitTopLevel('chinchilla, kaplan-nd,,', ','), ['chinchilla', 'kaplan-nd']);
  assert.deepEqual(splitTopLevel('E + A/max(N, 1)^a; a in [0, 1],chinchilla', ','), ['E + A/max(N, 1)^a; a in [0, 1]', 'chinchilla']);
  assert.deepEqual(splitTopLevel("pow(`a,b`, 2) + min(x, 'c,d'),E", ','), ["pow(`a,b`, 2) + min(x, 'c,d')", 'E']);
  assert.deepEqual(splitTopLevel('f(a)), b', ','), ['f(a))', 'b'], 'a stray closer does not swallow the rest');
});

test('issue 9 item 20: compare --laws fits a formula with commas inside calls', async () => {
  const formula = 'E + A/max(N, 1e6)^alpha + B/D^beta; alpha in [0, 1]';
  const { code, stdout } = await runCaptured(run, [example, '--laws', `chinchilla,${formula}`, '--json']);
  assert.equal(code, 0);
  const { rows } = JSON.parse(stdout) as { rows: Array<{ law: string; error?: string; n: number }> };
  assert.deepEqual(
    rows.map((row) => row.law),
    ['chinchilla', formula],
  );
  for (const row of rows) assert.equal(row.error, undefined, `${row.law}: ${row.error}`);
  assert.equal(rows[1].n, rows[0].n);
});

test('a row is labelled with the options it was fitted with, and two candidates that end up the same are one', async () => {
  const curve = join(import.meta.dirname, '..', '..', 'examples', 'loss-curve.jsonl');
  const { code, stdout } = await runCaptured(run, [curve, '--laws', 'default,saturating-power', '--option', 'offset=true', '--json']);
  assert.equal(code, 0);
  const { rows } = JSON.parse(stdout) as { rows: Array<{ law: string; options?: Record<string, unknown>; params: Record<string, number> }> };
  const saturating = rows.filter((row) => row.law === 'saturating-power');
  assert.equal(saturating.length, 1, JSON.stringify(saturating.map((row) => row.options)));
  assert.deepEqual(saturating[0].options, { offset: true });
  assert.ok('x0' in saturating[0].params, 'fitted with the offset its label names');
});

test('an option of a default law is accepted beside `default`, and must belong to a law the table gets', async () => {
  const curve = join(import.meta.dirname, '..', '..', 'examples', 'loss-curve.jsonl');
  const ok = await runCaptured(run, [curve, '--option', 'breaks=2', '--json']);
  assert.equal(ok.code, 0);
  const bnsl = (JSON.parse(ok.stdout) as { rows: Array<{ law: string; options?: Record<string, unknown> }> }).rows.find((row) => row.law === 'bnsl');
  assert.deepEqual(bnsl?.options, { breaks: 2 });
  await assert.rejects(runCaptured(run, [example, '--option', 'breaks=2']), /No law here \(chinchilla, .*\) has an option 'breaks'/);
});
