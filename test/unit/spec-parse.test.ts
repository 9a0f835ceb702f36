// Spec cells: every problem is reported at its line and column, valid specs come back typed, and the
// spec the fit command writes (formatSpec) parses back to itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readRunLog } from '../../src/core/runlog';
import { checkSpecFilters, formatSpec, parseSpec, type NotebookSpec } from '../../src/core/spec';
import { dataFile } from '../dataPath';

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `${needle} not in the spec`);
  return index + 1;
}

test('a valid spec with every key comes back typed', () => {
  const text = [
    'data: runs/kyo.csv',
    'map:',
    '  N: params',
    '  loss: eval/loss',
    'where: "N >= 1e8"',
    'law:',
    '  - chinchilla',
    '  - E + A/N^alpha + B/D^beta',
    'objective: mse-log',
    'delta: 0.001',
    'holdout: C > 1e21',
    'bootstrap: 200',
    'seed: 7',
    'plot: [fit, parity]',
  ].join('\n');
  const { spec, errors } = parseSpec(text);
  assert.deepEqual(errors, []);
  assert.deepEqual(spec, {
    data: 'runs/kyo.csv',
    map: { N: 'params', loss: 'eval/loss' },
    where: 'N >= 1e8',
    laws: ['chinchilla', 'E + A/N^alpha + B/D^beta'],
    objective: 'mse-log',
    delta: 0.001,
    holdout: 'C > 1e21',
    bootstrap: 200,
    seed: 7,
    plot: ['fit', 'parity'],
  });
});

test('unknown keys, laws, roles, objectives and plots are reported at their line with a suggestion', () => {
  const text = ['data: runs.csv', 'law: chinchila', 'lwa: x', 'objective: huber_log', 'bootstrap: -3', 'plot: [fit, residual]', 'map:', '  Nparams: params'].join('\n');
  const { spec, errors } = parseSpec(text);
  assert.equal(spec, undefined);
  const at = (needle: string) => errors.find((e) => e.line === lineOf(text, needle));
  assert.match(at('law: chinchila')?.message ?? '', /chinchila.*did you mean `chinchilla`/);
  assert.equal(at('law: chinchila')?.column, 6, 'points at the value, not the key');
  assert.match(at('lwa:')?.message ?? '', /Unknown key 'lwa'.*did you mean `law`/);
  assert.equal(at('lwa:')?.column, 1);
  assert.match(at('objective:')?.message ?? '', /did you mean `huber-log`/);
  assert.match(at('bootstrap:')?.message ?? '', /whole number/);
  assert.match(at('plot:')?.message ?? '', /unknown plot 'residual'.*`residuals`/);
  assert.equal(at('plot:')?.column, 13, 'points at the bad list item');
  assert.match(at('Nparams')?.message ?? '', /unknown role 'Nparams'/);
  assert.equal(errors.length, 6, JSON.stringify(errors));
  assert.deepEqual(
    errors.map((e) => e.line),
    [...errors.map((e) => e.line)].sort((a, b) => a - b),
    'errors come in line order',
  );
});

test('YAML syntax errors, a non-mapping cell and missing keys say where and what', () => {
  const syntax = parseSpec('data: runs.csv\nlaw: [chinchilla\n');
  assert.equal(syntax.spec, undefined);
  assert.ok(syntax.errors.length > 0 && syntax.errors.every((e) => e.line >= 1 && e.column >= 1));

  const duplicate = parseSpec('data: a.csv\nlaw: chinchilla\nlaw: power\n');
  assert.equal(duplicate.errors[0].line, 3);
  assert.match(duplicate.errors[0].message, /unique/i);

  assert.match(parseSpec('just a sentence').errors[0].message, /YAML mapping/);
  const missing = parseSpec('where: N > 1\n');
  assert.deepEqual(
    missing.errors.map((e) => e.message.split(':')[0]),
    ['Missing key data', 'Missing key law'],
  );
  const empty = parseSpec('data:\nlaw: chinchilla\n');
  assert.deepEqual(empty.errors.map((e) => [e.line, e.message]), [[1, 'data: needs a value']]);
});

test('a custom formula that does not parse is an error on its own list item', () => {
  const text = 'data: a.csv\nlaw:\n  - chinchilla\n  - "E + A/N^^alpha"\n';
  const { errors } = parseSpec(text);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 4);
  assert.equal(errors[0].column, 5);
});

test('where/holdout are checked against the real table and point into the cell', () => {
  const table = readRunLog(readFileSync(dataFile('kyo-chinchilla-llm/df.csv'), 'utf8'), { fileName: 'df.csv' });
  const good = parseSpec('data: df.csv\nlaw: chinchilla\nwhere: N >= 1e8\nholdout: "C > 1e21"\n');
  assert.ok(good.spec);
  const checked = checkSpecFilters(good.spec, good.positions, table);
  assert.deepEqual(checked.errors, []);
  const N = table.columns.find((c) => c.name === 'N')!.values;
  const expected = table.rowStatus.flatMap((s, row) => (s === 'ok' && N[row] >= 1e8 ? [row] : []));
  assert.ok(expected.length > 0 && expected.length < table.rowCount, 'the filter keeps some rows, not all');
  assert.deepEqual(checked.rows, expected);

  const text = 'data: df.csv\nlaw: chinchilla\nwhere: N >= 1e8 and los < 3\n';
  const bad = parseSpec(text);
  assert.ok(bad.spec);
  const { errors } = checkSpecFilters(bad.spec, bad.positions, table);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 3);
  assert.equal(errors[0].column, 'where: N >= 1e8 and '.length + 1, 'the column of `los`');
  assert.match(errors[0].message, /los.*`loss`/);
});

test('formatSpec writes YAML that parses back to the same spec (quoting what needs it)', () => {
  const specs: NotebookSpec[] = [
    { data: 'shared-data/kyo-chinchilla-llm-df.csv', laws: ['chinchilla'] },
    {
      data: '/abs/path with spaces/runs: 2024.csv',
      map: { N: 'Model Size (B)', loss: 'eval/loss' },
      where: "dataset == 'rpj' and N >= 1e9",
      laws: ['chinchilla', 'E + A/N^alpha + B/D^beta', 'power'],
      objective: 'huber-log',
      delta: 1e-3,
      holdout: 'C > 1e21',
      bootstrap: 100,
      seed: 3,
      plot: ['fit', 'residuals'],
    },
    { data: 'yes', laws: ['kaplan-nd'], x: 'N' },
    { data: 'runs/sweep.csv', sweep: { runs: ['runs/pythia-70m', 'runs/gpt 2: small', 'true'], take: 'after=0.3', n: { 'gpt 2: small': 124439808, 'pythia-70m': 70e6 } }, laws: ['chinchilla'] },
    { data: 'sweep.csv', sweep: { runs: ['events.out.tfevents.1700000000.host.1.0'] }, laws: ['power'], x: 'N' },
  ];
  for (const spec of specs) {
    const { spec: back, errors } = parseSpec(formatSpec(spec));
    assert.deepEqual(errors, []);
    assert.deepEqual(back, spec);
  }
});

test('sweep: the runs, what to take and confirmed sizes; each mistake at its place', () => {
  const { errors } = parseSpec('data: sweep.csv\nsweep:\n  runs: []\n  take: last\n  n: {a: -1}\n  size: 3\nlaw: chinchilla\n');
  assert.deepEqual(
    errors.map((e) => [e.line, e.message]),
    [
      [3, 'sweep: list the runs: runs: [run-folder, run.csv, …]'],
      [4, "sweep: take expects final, all or after=F with F a fraction of training in [0, 1], got 'last'"],
      [5, 'sweep: N of a must be positive'],
      [6, "sweep: unknown key 'size'; a sweep has runs, take, n"],
    ],
  );
  assert.match(parseSpec('data: t.csv\nsweep: runs/\nlaw: power\n').errors[0].message, /^sweep: give the runs to assemble into data/);
});
