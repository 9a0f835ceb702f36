// The "Treat as missing" quick fix clears the cell a reader diagnostic names. Its range comes from
// diagnosticCell (the squiggle and the edit both use it), so these tests apply that range to the real
// text, re-read the file, and check that only the bad cell changed: every other row and cell is
// byte-identical, and the cell is empty. Issue 9 item 15: a multi-line quoted field before the bad cell
// made the old line-based lookup fall back to the whole line, and the edit deleted the field's opening
// quote, corrupting every later row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRunLog } from '../../src/core/runlog';
import type { RunTable } from '../../src/core/types';
import { diagnosticCell, locateCell, type CellSpan, type LineSource } from '../../src/extension/providers/cells';

const CELL_CODES = new Set(['not-a-number', 'non-finite']);

/** Lines as VS Code splits them (\r\n, \r or \n), with the offset where each starts in the text. */
function linesOf(text: string): LineSource & { offset(line: number, char: number): number } {
  const starts = [0];
  const texts: string[] = [];
  const re = /\r\n|\r|\n/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    texts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    starts.push(last);
  }
  texts.push(text.slice(last));
  return { lineCount: texts.length, lineText: (line) => texts[line], offset: (line, char) => starts[line] + char };
}

/** The text after the quick fix: the located span replaced by nothing. */
function applyFix(text: string, span: CellSpan): string {
  const lines = linesOf(text);
  return text.slice(0, lines.offset(span.startLine, span.startChar)) + text.slice(lines.offset(span.endLine, span.endChar));
}

/** Every source cell of every row, as the reader saw it (string columns keep text; numbers their value). */
function cells(table: RunTable): string[][] {
  const source = table.columns.filter((c) => !c.derived);
  return Array.from({ length: table.rowCount }, (_, row) => source.map((c) => c.text?.[row] ?? String(c.values[row])));
}

/** Clears each bad cell in turn and checks the whole file re-reads with only that cell changed. */
function checkEveryFix(text: string, fileName = 'runs.csv'): number {
  const table = readRunLog(text, { fileName });
  const bad = table.diagnostics.filter((d) => CELL_CODES.has(d.code));
  assert.ok(bad.length > 0, 'the fixture has unusable cells');
  for (const d of bad) {
    const span = diagnosticCell(linesOf(text), table, d);
    assert.ok(span, `no cell located for ${JSON.stringify(d)}`);
    const fixed = applyFix(text, span);
    const after = readRunLog(fixed, { fileName });
    assert.equal(after.rowCount, table.rowCount, `rows lost after clearing ${d.column} on line ${d.line}:\n${fixed}`);
    // Rows after a cleared multi-line cell move up by the lines it held; no other row moves.
    const row = table.lines.indexOf(d.line!);
    const held = span.endLine - span.startLine;
    assert.deepEqual(Array.from(after.lines), Array.from(table.lines, (line, i) => (i > row ? line - held : line)), 'every row still starts on its line');
    const column = table.columns.filter((c) => !c.derived).findIndex((c) => c.name === d.column);
    const expected = cells(table);
    const got = cells(after);
    assert.equal(got[row][column], 'NaN', `the cleared cell is empty (${JSON.stringify(got[row][column])})`);
    assert.equal(after.columns.find((c) => c.name === d.column)!.text?.[row] ?? '', '', 'the cleared cell has no text left');
    got[row][column] = expected[row][column];
    assert.deepEqual(got, expected, 'every other cell is unchanged');
    // Byte-identical outside the cell: the fixed text is the original minus exactly the cell's characters.
    const lines = linesOf(text);
    const from = lines.offset(span.startLine, span.startChar);
    const to = lines.offset(span.endLine, span.endChar);
    assert.equal(fixed, text.slice(0, from) + text.slice(to));
    assert.ok(!/[\r\n]/.test(text.slice(from, to)) || text[from] === '"', 'only a quoted cell may span lines');
    assert.ok(text[from - 1] === undefined || text[from - 1] === ',' || text[from - 1] === '\t' || text[from - 1] === ';' || /[\r\n]/.test(text[from - 1]));
  }
  return bad.length;
}

const HEADER = 'note,N,D,loss';

test('a multi-line quoted field before the bad cell in the same row: only the bad cell is cleared', () => {
  const text = `${HEADER}\nfirst,1e9,2e10,3.1\n"spans\ntwo lines",2e9,4e10,about 2.9\nlast,4e9,8e10,2.7\nafter,8e9,1.6e11,2.5\n`;
  assert.equal(checkEveryFix(text), 1);
  const table = readRunLog(text, { fileName: 'runs.csv' });
  const span = diagnosticCell(linesOf(text), table, table.diagnostics.find((d) => d.code === 'not-a-number')!);
  assert.deepEqual(span, { startLine: 3, startChar: 20, endLine: 3, endChar: 29 }, 'the cell is on the row’s second line');
});

test('rows after an earlier multi-line field, a quoted bad cell, and a bad cell that itself spans lines', () => {
  const text = [
    HEADER,
    '"a, b\nand ""c""",1e9,2e10,3.1',
    'plain,2e9,4e10,"about 2.9"',
    '"x\n\ny",4e9,"8e10\nor so",2.7',
    'tail,8e9,1.6e11,inf',
    'end,1.6e10,3.2e11,2.3',
    '',
  ].join('\n');
  assert.equal(checkEveryFix(text), 3);
});

test('CRLF line breaks and a BOM', () => {
  const rows = [HEADER, '"line one\r\nline two",1e9,2e10,approx 3', 'b,2e9,4e10,2.9', 'c,4e9,"big\r\nmodel",2.7', 'd,8e9,1.6e11,2.5', ''];
  assert.equal(checkEveryFix(rows.join('\r\n')), 2);
  assert.equal(checkEveryFix(`\ufeff${rows.join('\r\n')}`), 2);
  assert.equal(checkEveryFix(rows.join('\n').replace(/^note/, '\ufeffnote')), 2);
});

test('TSV and a cell with a quote inside an unquoted field', () => {
  const text = 'note\tN\tD\tloss\nsay "hi\t1e9\t2e10\t3.1\n"q\nq"\t2e9\tlots\t2.9\nz\t4e9\t8e10\t2.7\nw\t8e9\t1.6e11\t2.5\n';
  assert.equal(checkEveryFix(text, 'runs.tsv'), 1);
});

test('a broken quote never makes the locator scan past the next row', () => {
  const lines = linesOf('a,b\n"open,1\nx,2\ny,3\n');
  let reads = 0;
  const counted: LineSource = { lineCount: lines.lineCount, lineText: (line) => (reads++, lines.lineText(line)) };
  assert.equal(locateCell(counted, 1, 1, { delimiter: ',', quote: '"', decimalComma: false, bom: false, lineEnding: '\n' }, 1), undefined);
  assert.equal(reads, 1);
});
