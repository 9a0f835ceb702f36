// A stored fit is identified by its data, its role mapping and its request (issue 11, "the spec is the
// whole truth"): the editor uses it only while the file still has that data under those columns, and
// only for the rows it covers. Before, a hover used whatever fit was stored last, on any row, with
// any mapping. Real data: Porian et al.'s IsoFLOP optima, RefinedWeb (rw) and OpenWebText2 (owt2) rows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { fitBasis, fitName, fitStanding, rowCoverage } from '../../src/core/spec/fitIdentity';
import { readRunLog } from '../../src/core/runlog';
import type { RoleMap } from '../../src/core/types';
import { dataFile } from '../dataPath';

const TEXT = readFileSync(dataFile('porian/isoflop_optimal_pairs.csv'), 'utf8');
const WHERE = "dataset == 'rw'";

function read(text: string, map: RoleMap = {}) {
  return readRunLog(text, { fileName: 'isoflop_optimal_pairs.csv', map, flopsPerToken: 6 });
}

const table = read(TEXT);
const fit = fitTable(table, { law: 'chinchilla', objective: 'huber-log', where: WHERE });
const basis = fitBasis(table, fit, {});
const lines = TEXT.trimEnd().split('\n');
const rwLine = lines.findIndex((line) => line.split(',')[2] === 'rw' && line.split(',')[12] !== '');
const owt2Line = lines.findIndex((line) => line.split(',')[2] === 'owt2');

describe('fit identity', () => {
  it('the file read again is the same data: the fit is current', () => {
    assert.equal(fit.request?.where, WHERE);
    assert.deepEqual(fitStanding(fit, basis, read(TEXT)), { kind: 'current' });
    assert.match(basis.data, /^[0-9a-f]{16}$/);
  });

  it('remapping loss makes the fit stale, naming the old and the new column', () => {
    const standing = fitStanding(fit, basis, read(TEXT, { loss: 'loss_star_std' }));
    assert.equal(standing.kind, 'stale');
    assert.equal(standing.kind === 'stale' && standing.reason, 'columns');
    assert.match(standing.kind === 'stale' ? standing.why : '', /read loss from 'loss', the file now reads loss from 'loss_star_std'/);
  });

  it('editing a value the fit read makes it stale; another dataset’s row or a planned run does not', () => {
    const cells = lines[rwLine].split(',');
    cells[12] = String(Number(cells[12]) + 0.01);
    const edited = [...lines.slice(0, rwLine), cells.join(','), ...lines.slice(rwLine + 1)].join('\n');
    const standing = fitStanding(fit, basis, read(edited));
    assert.deepEqual(standing.kind === 'stale' && [standing.reason, standing.why], ['data', 'the rows it was fitted on have changed']);

    const owt2 = lines[owt2Line].split(',');
    owt2[12] = String(Number(owt2[12]) + 0.01);
    const otherDataset = [...lines.slice(0, owt2Line), owt2.join(','), ...lines.slice(owt2Line + 1)].join('\n');
    assert.deepEqual(fitStanding(fit, basis, read(otherDataset)), { kind: 'current' });

    const planned = `${TEXT.trimEnd()}\nplanned,0,rw,base,long,kaplan,kaplan,train,1e21,1e9,2e10,20,,,,\n`;
    const plannedTable = read(planned);
    assert.equal(plannedTable.rowStatus[plannedTable.rowCount - 1], 'planned');
    assert.deepEqual(fitStanding(fit, basis, plannedTable), { kind: 'current' });

    const newRun = `${TEXT.trimEnd()}\nnew,0,rw,base,long,kaplan,kaplan,train,1e21,1e9,2e10,20,3.1,,,\n`;
    assert.equal(fitStanding(fit, basis, read(newRun)).kind, 'stale', 'a new rw run would change the fit');
  });

  it('the basis records the columns the fit read, the target included', () => {
    assert.deepEqual(basis.columns, { N: 'n', D: 't', loss: 'loss' });
  });

  it('a fit stored without its basis (before fits recorded their data) is stale', () => {
    const standing = fitStanding(fit, undefined, table);
    assert.equal(standing.kind === 'stale' && standing.reason, 'unknown');
  });

  it('covers the rows its where matches; held-out rows say so; other datasets are not covered', () => {
    const coverage = rowCoverage(fit, table);
    const dataset = table.columns.find((c) => c.name === 'dataset');
    assert.ok(dataset?.text);
    const counts = { fitted: 0, 'held-out': 0, 'not-covered': 0 };
    for (let row = 0; row < table.rowCount; row++) {
      const kind = coverage(row);
      counts[kind]++;
      assert.equal(kind === 'not-covered', dataset.text[row] !== 'rw', `row ${row} (${dataset.text[row]})`);
    }
    assert.ok(counts.fitted > 0 && counts['not-covered'] > 0, JSON.stringify(counts));
    assert.equal(counts['held-out'], 0);

    const held = fitTable(table, { law: 'chinchilla', objective: 'huber-log', where: WHERE, holdout: 'C >= 1e19' });
    const heldCoverage = rowCoverage(held, table);
    let heldRows = 0;
    for (let row = 0; row < table.rowCount; row++) if (heldCoverage(row) === 'held-out') heldRows++;
    assert.equal(heldRows, held.holdout?.n, 'the rows the fit held out and scored');
  });

  it('names the fit: law, loss column, filter', () => {
    assert.equal(fitName(fit, basis), "chinchilla on loss, where dataset == 'rw'");
    const unfiltered = fitTable(table, { law: 'chinchilla', objective: 'huber-log', holdout: 'C >= 1e19' });
    assert.equal(fitName(unfiltered, fitBasis(table, unfiltered, {})), 'chinchilla on loss, holdout C >= 1e19');
  });

  it('a where naming a column the file no longer has makes the fit stale, and covers no row', () => {
    const renamed = read(TEXT.replace('dataset', 'corpus'));
    const standing = fitStanding(fit, basis, renamed);
    assert.deepEqual(standing.kind === 'stale' && [standing.reason, standing.why], ['data', "its filter where dataset == 'rw' no longer applies to this file"]);
    assert.equal(rowCoverage(fit, renamed)(0), 'not-covered');
  });
});
