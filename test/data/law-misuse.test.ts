// Issue 11 item 8: laws that are hard to misuse — inputs equal to the target, downstream-error's explicit
// loss input, formula columns by backtick name, law options (engine, spec, CLI) and compare --x.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compareLaws, fitTable, predictWith } from '../../src/core/fit';
import { buildFitOutput, pointwise } from '../../src/core/plot';
import { requestForLaw } from '../../src/core/fit/lawRequest';
import { readRunLog } from '../../src/core/runlog';
import { checkSpecOptionColumns, formatSpec, parseSpec } from '../../src/core/spec';
import { UserError, type FitRequest, type RunTable } from '../../src/core/types';
import { cliFromSource } from '../unit/cli-helpers';
import { dataFile } from '../dataPath';
import { near } from './fit-helpers';

const read = (relative: string, map?: Record<string, string>): RunTable => readRunLog(readFileSync(dataFile(relative), 'utf8'), { fileName: relative, ...(map ? { map } : {}) });

/** Fails unless the fit throws a UserError with this code whose message matches. */
function refused(table: RunTable, request: FitRequest, code: string, message: RegExp): void {
  assert.throws(
    () => fitTable(table, request),
    (error: unknown) => error instanceof UserError && error.code === code && message.test(error.message),
  );
}

const UPSTREAM = 'mc4_en-validation/CrossEntropyLoss';
const HELLASWAG = 'downstream/hellaswag_len_norm';

/** OLMo checkpoints' upstream loss and HellaSwag error (1 − accuracy): the data of Gadre et al.'s law, from olmo.csv. */
function olmoErrors(): RunTable {
  const olmo = read('olmo/olmo.csv');
  const column = (name: string) => olmo.columns.find((c) => c.name === name)!.values;
  const [loss, acc] = [column(UPSTREAM), column(HELLASWAG)];
  const lines = ['upstream_loss,err'];
  for (let i = 0; i < olmo.rowCount; i++) if (Number.isFinite(loss[i]) && Number.isFinite(acc[i])) lines.push(`${loss[i]},${1 - acc[i]}`);
  return readRunLog(lines.join('\n'), { fileName: 'olmo-hellaswag.csv', map: { loss: 'err' } });
}

describe('inputs equal to the target are refused', () => {
  it('downstream-error no longer reads the target as its x; it asks for the upstream loss column', () => {
    const olmo = read('olmo/olmo.csv', { loss: HELLASWAG });
    // Before: x defaulted to the loss role, i.e. the target itself (eps and k at their bounds, exit 0).
    refused(olmo, { law: 'downstream-error' }, 'bad-option', /--option input=COLUMN/);
    refused(olmo, { law: 'downstream-error', options: { input: HELLASWAG } }, 'input-is-target', /'downstream\/hellaswag_len_norm', the column it is fitted to/);
    refused(olmo, { law: 'downstream-error', options: { input: 'mc4_en-validation/CrossEntropyLos' } }, 'bad-option', /did you mean `mc4_en-validation\/CrossEntropyLoss`/);
    refused(olmo, { law: 'downstream-error', options: { input: UPSTREAM }, x: 'N' }, 'bad-option', /takes no --x role/);
  });

  it('downstream-error with its upstream loss fits OLMo HellaSwag error', () => {
    const fit = fitTable(olmoErrors(), { law: 'downstream-error', options: { input: 'upstream_loss' } });
    // 444 checkpoints have both; 11 report a normalised accuracy above 1 (error < 0), which the reader leaves out.
    assert.equal(fit.n, 433);
    assert.deepEqual(fit.request?.options, { input: 'upstream_loss' });
    near(fit.params.eps, 0.8735, 0.005, 'eps');
    near(fit.params.gamma, 1.021, 0.02, 'gamma');
    assert.ok(fit.metrics.r2 > 0.96, `R² ${fit.metrics.r2}`);
    assert.ok(fit.metrics.mape < 0.025, `MAPE ${fit.metrics.mape}`);
    // Charts are keyed by role and this x is a column: no chart, said so (it used to throw inside the plot builder).
    const output = buildFitOutput(olmoErrors(), [fit], pointwise(predictWith));
    assert.deepEqual(output.plots, []);
    assert.match(output.notes.join(' '), /No chart: downstream-error reads x from a column/);
  });

  it('a one-variable law with --x loss, and a formula reading the target column, are refused', () => {
    const kyo = read('kyo-chinchilla-llm/df.csv');
    refused(kyo, { law: 'power', x: 'loss' }, 'input-is-target', /power would read its input x \(loss\) from 'loss'.*--x ROLE/);
    refused(kyo, { law: 'E + A*`loss`^a' }, 'input-is-target', /input loss from 'loss'/);
  });
});

describe('custom formulas read columns by backtick name', () => {
  const porian = read('porian/isoflop_optimal_pairs.csv');
  const where = "dataset == 'rw'";

  it('a backticked column name is read from the file', () => {
    // Before: "`flops` is not a known column", although the file has it.
    const fit = fitTable(porian, { law: 'E + A/`flops`^alpha', where });
    assert.equal(fit.n, 115);
    assert.ok(fit.params.alpha > 0.1 && fit.params.alpha < 0.3, `alpha ${fit.params.alpha}`);
    assert.ok(fit.metrics.r2 > 0.85, `R² ${fit.metrics.r2}`);
    refused(porian, { law: 'E + A/`flopz`^alpha' }, 'bad-expression', /`flopz`, which is neither a role nor a column of this file \(did you mean `flops`\?\)/);
  });

  it('a bare name equal to a column is refused with the backticks suggested', () => {
    // Before: `flops` was fitted as a free parameter.
    refused(porian, { law: 'E + A/flops^alpha', where }, 'bad-expression', /fits `flops` as a parameter, but this file has a column named 'flops': write `flops` in backticks/);
  });
});

describe('law options', () => {
  const bnsl = read('bnsl-addition/four_digit_addition.csv');
  const fitRows = "split == 'fit'";

  it('are checked against the options the law declares', () => {
    refused(bnsl, { law: 'bnsl', options: { breks: 2 } }, 'bad-option', /bnsl has no option 'breks' \(did you mean `breaks`\?\); its options: breaks/);
    refused(bnsl, { law: 'bnsl', options: { breaks: 4 } }, 'bad-option', /breaks must be a whole number in 1 … 3/);
    refused(bnsl, { law: 'bnsl', options: { breaks: 1.5 } }, 'bad-option', /whole number/);
    refused(bnsl, { law: 'power', options: { breaks: 2 } }, 'bad-option', /power has no option 'breaks'; its options: none/);
    refused(bnsl, { law: 'saturating-power', options: { offset: 'yes' } }, 'bad-option', /offset must be true or false/);
    refused(read('kyo-chinchilla-llm/df.csv'), { law: 'chinchilla', options: { normalisation: 'avg' } }, 'bad-option', /one of sum, mean/);
  });

  it('change the fit: bnsl breaks=2 has 3 more parameters; a hand-edited "2" counts as 2', () => {
    const two = fitTable(bnsl, { law: 'bnsl', where: fitRows, options: { breaks: 2 } });
    assert.equal(Object.keys(two.params).length, 9);
    assert.deepEqual(two.request?.options, { breaks: 2 });
    assert.deepEqual(fitTable(bnsl, { law: 'bnsl', where: fitRows, options: { breaks: '2' } }).request?.options, { breaks: 2 });
  });

  it('shared by several laws go to those that declare them; x only to laws whose x is a role', () => {
    const shared = { x: 'D' as const, options: { breaks: 2, offset: true } };
    assert.deepEqual(requestForLaw(shared, 'bnsl'), { law: 'bnsl', x: 'D', options: { breaks: 2 } });
    assert.deepEqual(requestForLaw(shared, 'chinchilla'), { law: 'chinchilla' });
    assert.deepEqual(requestForLaw({ x: 'N', options: { input: 'l' } }, 'downstream-error'), { law: 'downstream-error', options: { input: 'l' } });
  });
});

describe('compare --x', () => {
  it('each one-variable law is fitted against the given role', () => {
    const kyo = read('kyo-chinchilla-llm/df.csv');
    const {
      rows: [row],
    } = compareLaws(kyo, ['power'], { x: 'D' });
    assert.equal(row.error, undefined);
    assert.deepEqual(row.params, fitTable(kyo, { law: 'power', x: 'D' }).params);
    assert.notDeepEqual(row.params, fitTable(kyo, { law: 'power', x: 'N' }).params);
  });
});

describe('options: in notebook specs', () => {
  it('parse, reach the laws that declare them, and round-trip through formatSpec', () => {
    const { spec, errors } = parseSpec('data: four_digit_addition.csv\nlaw: [bnsl, power]\noptions:\n  breaks: 2\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(spec?.options, { breaks: 2 });
    assert.deepEqual(parseSpec(formatSpec(spec!)).spec, spec);
    const column = { data: 'o.csv', laws: ['downstream-error'], options: { input: 'mc4_en-validation/CrossEntropyLoss' } };
    assert.deepEqual(parseSpec(formatSpec(column)).spec, column);
  });

  it('an unknown option or a bad value is an error at its line and column', () => {
    const unknown = parseSpec('data: a.csv\nlaw: bnsl\noptions:\n  breks: 2\n');
    assert.deepEqual(unknown.errors, [{ line: 4, column: 3, message: "options: No law here (bnsl) has an option 'breks' (did you mean `breaks`?); their options: breaks" }]);
    const bad = parseSpec('data: a.csv\nlaw: bnsl\noptions: {breaks: 7}\n');
    assert.deepEqual(bad.errors, [{ line: 3, column: 19, message: "options: bnsl option breaks must be a whole number in 1 … 3 (got '7')" }]);
    const list = parseSpec('data: a.csv\nlaw: bnsl\noptions: [2]\n');
    assert.equal(list.errors.length, 1);
    assert.match(list.errors[0].message, /options: give law options as a mapping/);
    assert.equal(list.errors[0].line, 3);
  });

  it('a column option naming a column the file lacks is an error of the cell', () => {
    const olmo = read('olmo/olmo.csv');
    const parsed = parseSpec(`data: olmo.csv\nlaw: downstream-error\noptions:\n  input: mc4_en-validation/CrossEntropyLos\n`);
    const errors = checkSpecOptionColumns(parsed.spec!, parsed.positions.options, olmo);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 4);
    assert.match(errors[0].message, /options: input: 'mc4_en-validation\/CrossEntropyLos' is not a column of this file \(did you mean `mc4_en-validation\/CrossEntropyLoss`/);
    const good = parseSpec(`data: olmo.csv\nlaw: downstream-error\noptions:\n  input: ${UPSTREAM}\n`);
    assert.deepEqual(checkSpecOptionColumns(good.spec!, good.positions.options, olmo), []);
  });
});

describe('CLI: --option, compare --x, and refusals exit 2 with the reason', () => {
  const addition = dataFile('bnsl-addition/four_digit_addition.csv');

  it('fit --option breaks=2 fits two breaks; a typo is a usage error with a suggestion', () => {
    const ok = cliFromSource(['fit', addition, '--law', 'bnsl', '--where', "split == 'fit'", '--option', 'breaks=2', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((JSON.parse(ok.stdout) as { request: { options: unknown } }).request.options, { breaks: 2 });
    const typo = cliFromSource(['fit', addition, '--law', 'bnsl', '--option', 'breks=2']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /bnsl has no option 'breks' \(did you mean `breaks`\?\)/);
    const shape = cliFromSource(['fit', addition, '--law', 'bnsl', '--option', 'breaks']);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /--option expects KEY=VALUE/);
  });

  it('compare --x D --option offset=true: options reach the laws that have them; one no law has is refused', () => {
    const ok = cliFromSource(['compare', addition, '--laws', 'power,saturating-power', '--x', 'D', '--option', 'offset=true', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    const { rows } = JSON.parse(ok.stdout) as { rows: Array<{ law: string; params: Record<string, number>; error?: string }> };
    assert.deepEqual(rows.map((r) => r.error), [undefined, undefined]);
    assert.ok('x0' in rows[1].params, 'saturating-power fitted its offset x0');
    const unknown = cliFromSource(['compare', addition, '--laws', 'power,bnsl', '--option', 'ofset=true']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No law here \(power, bnsl\) has an option 'ofset'/);
    const role = cliFromSource(['compare', addition, '--laws', 'power', '--x', 'tokens']);
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--x must be a role/);
  });

  it('downstream-error against its own target exits 2 and says how to give the upstream loss', () => {
    const r = cliFromSource(['fit', dataFile('olmo/olmo.csv'), '--law', 'downstream-error', '--map', `loss=${HELLASWAG}`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /downstream-error reads x from a column of its own: name it with --option input=COLUMN/);
  });
});
