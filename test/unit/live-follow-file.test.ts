/**
 * The worker side of live fits (src/extension/live/follow.ts, request.ts) on real files: a grown log is
 * continued from its appended bytes, a truncated or rewritten one is read whole, an unchanged one not
 * at all; and the refit request of a stored fit reproduces that fit on the same rows.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog/reader';
import { followFile } from '../../src/extension/live/follow';
import { refitRequest } from '../../src/extension/live/request';
import { dataFile } from '../dataPath';

const lines = readFileSync(dataFile('llm360-mamba/llm360Mamba3B.csv'), 'utf8').split('\n');
const rows = (from: number, to: number) => `${lines.slice(from, to).join('\n')}\n`;
const dir = mkdtempSync(join(tmpdir(), 'live-follow-'));
const file = join(dir, 'train.csv');
const settings = { fileName: 'train.csv', map: {}, flopsPerToken: 6, nCounting: 'total' as const };

describe('followFile', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads whole, then only appended bytes, then nothing; a truncated or rewritten file whole again', () => {
    writeFileSync(file, rows(0, 3001));
    const first = followFile(undefined, file, settings);
    assert.equal(first.mode, 'full');
    assert.equal(first.table.rowCount, 3000);

    const appended = rows(3001, 3501);
    appendFileSync(file, appended);
    const grown = followFile(first.followed, file, settings);
    assert.equal(grown.mode, 'append');
    assert.equal(grown.bytes, Buffer.byteLength(appended));
    assert.deepEqual(grown.table, readRunLog(readFileSync(file, 'utf8'), { fileName: 'train.csv', encoding: 'utf-8' }));

    const same = followFile(grown.followed, file, settings);
    assert.equal(same.mode, 'unchanged');
    assert.equal(same.bytes, 0);

    writeFileSync(file, rows(0, 1001));
    const truncated = followFile(same.followed, file, settings);
    assert.equal(truncated.mode, 'full');
    assert.equal(truncated.table.rowCount, 1000);

    // Rewritten with other rows and grown: same header, different bytes where the last read ended.
    writeFileSync(file, lines[0] + '\n' + rows(5001, 7001));
    const rewritten = followFile(truncated.followed, file, settings);
    assert.equal(rewritten.mode, 'full');
    assert.equal(rewritten.table.rowCount, 2000);

    const remapped = followFile(rewritten.followed, file, { ...settings, map: { loss: 'grad_norm' } });
    assert.equal(remapped.mode, 'full', 'other role overrides: read again with them');
    assert.equal(remapped.table.roles.loss?.column, 'grad_norm');
  });

  it('refits a stored fit with its own request: the same fit on the same rows', () => {
    writeFileSync(file, rows(0, 2001));
    const table = followFile(undefined, file, settings).table;
    const stored = fitTable(table, { law: 'lr-annealing', objective: 'huber-log', where: 'step > 400', bootstrap: 20, seed: 3 });
    const again = fitTable(table, refitRequest(stored));
    assert.equal(again.law.id, stored.law.id);
    assert.equal(again.n, stored.n, 'the same rows: the where filter carried over');
    assert.deepEqual(again.request, stored.request, 'where, x, options, bootstrap and seed carried over');
    assert.deepEqual(again.roles, stored.roles);
    assert.equal(again.starts.tried, 1, 'one local solve from the stored parameters, no global search');
    assert.ok(again.objective.value <= stored.objective.value * (1 + 1e-9), `refit objective ${again.objective.value} vs stored ${stored.objective.value}`);
  });
});
