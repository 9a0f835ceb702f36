// The run-log features in a real VS Code: the fit command returns what the engine computes, and
// diagnostics, hover, CodeLens and inlay hints appear on real files of the example workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatInterval, formatNumber } from '../../../src/core/format';
import type { FitResult } from '../../../src/core/types';
import { setEnginePath } from '../../../src/extension/engineLoader';
import { RunLogHoverProvider } from '../../../src/extension/providers/hover';
import { RunLogs } from '../../../src/extension/runLogs';
import { FileState } from '../../../src/extension/stores';
import { engine, EXTENSION_ID, KYO, until, workspaceFile } from './workspace';

const BAD_ROWS = 'bad-rows.csv';

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

function assertSameParams(actual: FitResult, expected: FitResult): void {
  assert.deepEqual(Object.keys(actual.params).sort(), Object.keys(expected.params).sort());
  for (const [name, value] of Object.entries(expected.params)) {
    const relative = Math.abs(actual.params[name] - value) / Math.max(Math.abs(value), 1e-12);
    assert.ok(relative < 1e-9, `${name}: command ${actual.params[name]} vs engine ${value}`);
  }
}

describe('run-log features', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('scalingLaws.fit returns the parameters the engine computes on the same file', async () => {
    const uri = workspaceFile(KYO);
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], silent: true })) as FitResult;
    assert.ok(fit, 'the command returned nothing');
    assert.equal(fit.law.id, 'chinchilla');
    assert.equal(fit.n, 234, 'every row of the kyo-takano data is used');

    const e = engine();
    const table = e.readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const direct = await e.fitTable(table, { law: 'chinchilla', objective: 'huber-log' }, {});
    assertSameParams(fit, direct);
  });

  it('hovering a row shows the predicted loss of the stored fit', async () => {
    const uri = workspaceFile(KYO);
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], silent: true })) as FitResult;
    const e = engine();
    const table = e.readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const row = 10;
    const predicted = e.predictTable(fit, table)[row];
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(table.lines[row] - 1, 2));
    const text = hoverText(hovers);
    assert.match(text, /Predicted loss/);
    assert.ok(text.includes(formatNumber(predicted)), `hover does not show ${formatNumber(predicted)}:\n${text}`);
    assert.match(text, /Tokens per parameter/);
  });

  it('after Clear fit, the hover offers to fit instead', async () => {
    const uri = workspaceFile(KYO);
    await open(uri);
    assert.equal(await vscode.commands.executeCommand('scalingLaws.clearFit', { uri }), true);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 2));
    assert.match(hoverText(hovers), /command:scalingLaws\.fit/);
  });

  it('puts Fit / Compare / Open calculator lenses on the header line', async () => {
    const uri = workspaceFile(KYO);
    await open(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const commands = lenses.filter((lens) => lens.range.start.line === 0).map((lens) => lens.command?.command);
    assert.deepEqual(commands, ['scalingLaws.fit', 'scalingLaws.compare', 'scalingLaws.openCalculator']);
  });

  it('flags the bad rows of examples/bad-rows.csv as problems', async () => {
    const uri = workspaceFile(BAD_ROWS);
    await open(uri);
    const diagnostics = await until('diagnostics', () => {
      const list = vscode.languages.getDiagnostics(uri);
      return list.length > 0 ? list : undefined;
    });
    // Line 3 has "about 200M" as params (examples/bad-rows.csv): it must be flagged on that line.
    assert.ok(
      diagnostics.some((d) => d.range.start.line === 2),
      `no diagnostic on line 3: ${diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`,
    );
    assert.ok(diagnostics.every((d) => d.source === 'scaling-laws'));
  });

  it('offers "Treat as missing" on the unusable cell of a bad row', async () => {
    const uri = workspaceFile(BAD_ROWS);
    const document = await open(uri);
    const diagnostic = await until('the line-3 diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === 2));
    assert.equal(document.getText(diagnostic.range), 'about 200M', 'the squiggle covers the offending cell');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => /Treat as missing/.test(a.title));
    assert.ok(fix?.edit, `no "Treat as missing" among ${actions.map((a) => a.title).join(', ')}`);
    const [[target, edits]] = fix.edit.entries();
    assert.equal(target.toString(), uri.toString());
    assert.equal(edits.length, 1);
    assert.equal(document.getText(edits[0].range), 'about 200M');
    assert.equal(edits[0].newText, '');
  });

  it('"Treat as missing" after a multi-line quoted field clears only the bad cell', async () => {
    // Issue 9 item 15: the note spans lines 3–4 and the bad loss is on line 4; the fix used to delete
    // line 3's text (the note's opening quote), corrupting every later row. CRLF breaks on purpose.
    const kyo = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO))).trimEnd().split(/\r?\n/);
    const [header, first, second, ...rest] = kyo;
    const bad = second.replace(/,[^,]*$/, ',about 2.9');
    const lines = [`note,${header}`, `plain,${first}`, `"spans\r\ntwo, lines",${bad}`, ...rest.map((row) => `ok,${row}`)];
    const text = `${lines.join('\r\n')}\r\n`;
    const uri = workspaceFile('multiline-note.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const document = await open(uri);
    const diagnostic = await until('the not-a-number diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'not-a-number'));
    assert.equal(diagnostic.range.start.line, 3, 'the squiggle is on the row’s second line');
    assert.equal(document.getText(diagnostic.range), 'about 2.9');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => /Treat as missing/.test(a.title));
    assert.ok(fix?.edit, `no "Treat as missing" among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), text.replace(',about 2.9\r\n', ',\r\n'), 'only the bad cell changed');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('re-reading an edited large run log in the worker brings its diagnostics up to date', async () => {
    // Issue 9 item 23: the re-parse after a typing pause ran on the host thread, stalling every extension
    // for the whole parse; it runs in the worker now. How long the host still stalls is a number for
    // `npm run bench -- hostparse` (same file shape, its own budget), not a timed assertion here: on a
    // loaded machine the event-loop delay measures the scheduler as much as this extension.
    const kyo = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO))).trimEnd().split('\n');
    const rows = Array.from({ length: 600 }, () => kyo.slice(1)).flat();
    const uri = workspaceFile('kyo-typing.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${[kyo[0], ...rows, '1e18,7e7,3e9,oops'].join('\n')}\n`));
    const document = await open(uri);
    const badOn = (line: number) => () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'not-a-number' && d.range.start.line === line);
    await until('the first parse’s diagnostic', badOn(rows.length + 1), 60_000);

    const editor = await vscode.window.showTextDocument(document);
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), '2e18,8e7,4e9,oops again\n')));
    await until('the re-parse’s diagnostic', badOn(rows.length + 2), 60_000);
    assert.ok(badOn(rows.length + 1)(), 'the first bad row is still flagged');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a table not recognised as a run log gets a hint whose quick fixes map columns; mapping makes it a run log', async () => {
    const uri = workspaceFile('unnamed-columns.csv');
    const kyo = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO))).trimEnd().split('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`a,b,c,d\n${kyo.slice(1).join('\n')}\n`));
    await open(uri);
    const hint = await until('the not-a-run-log hint', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'not-a-run-log'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, hint.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Set column roles…'), titles.join(', '));
    assert.ok(titles.includes('Map column “b” as N'), titles.join(', '));
    // Only roles the values fit: the loss column is offered as loss, never as N.
    assert.ok(titles.includes('Map column “d” as loss') && !titles.includes('Map column “d” as N'), titles.join(', '));
    assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri), []);

    const map = await vscode.commands.executeCommand('scalingLaws.setRoles', { uri, map: { C: 'a', N: 'b', D: 'c', loss: 'd' }, silent: true });
    assert.deepEqual(map, { C: 'a', N: 'b', D: 'c', loss: 'd' });
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(lenses.length, 3, 'a mapped file is a run log');
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], silent: true })) as FitResult;
    assert.equal(fit.roles.N?.column, 'b');
  });

  it('shows the predicted loss as an inlay hint on planned rows', async () => {
    // The kyo-takano runs plus two planned runs (loss empty), written into the test workspace.
    const source = await vscode.workspace.fs.readFile(workspaceFile(KYO));
    const planned = ['6e21,1e10,1e11,', '1.2e22,2e10,1e11,'];
    const text = `${new TextDecoder().decode(source).trimEnd()}\n${planned.join('\n')}\n`;
    const uri = workspaceFile('kyo-planned.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], silent: true })) as FitResult;
    assert.equal(fit.n, 234, 'planned rows are not fitted');

    const e = engine();
    const table = e.readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const predicted = e.predictTable(fit, table);
    const range = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
    const plannedLines = [document.lineCount - 3, document.lineCount - 2];
    for (const line of plannedLines) {
      const row = table.lines.indexOf(line + 1);
      assert.ok(row >= 0 && table.rowStatus[row] === 'planned', `line ${line + 1} is not a planned row`);
      const hint = hints.find((h) => h.position.line === line);
      assert.ok(hint, `no inlay hint on line ${line + 1}`);
      const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
      assert.ok(label.includes(formatNumber(predicted[row])), `hint "${label}" lacks ${formatNumber(predicted[row])}`);
    }
    assert.equal(hints.length, plannedLines.length, 'only planned rows get hints');
  });

  it('with a bootstrap, hovers and inlay hints give the 95 % interval of the prediction', async () => {
    const uri = workspaceFile('kyo-planned.csv');
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], bootstrap: 100, silent: true })) as FitResult;
    assert.ok((fit.bootstrapSamples?.length ?? 0) >= 20, 'the fit kept its replicates');
    const e = engine();
    const table = e.readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const predicted = e.predictTable(fit, table);
    const intervalAt = e.rowIntervals(fit, table);
    assert.ok(intervalAt);

    const row = 10;
    const interval = intervalAt(row)!;
    assert.ok(interval.lo < predicted[row] && predicted[row] < interval.hi);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(table.lines[row] - 1, 2));
    const expected = `Predicted loss: ${formatNumber(predicted[row])} (95 % bootstrap interval ${formatNumber(interval.lo)} – ${formatNumber(interval.hi)})`;
    assert.ok(hoverText(hovers).includes(expected), `hover lacks "${expected}":\n${hoverText(hovers)}`);

    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, document.lineCount, 0));
    assert.equal(hints.length, 2);
    for (const hint of hints) {
      const planned = table.lines.indexOf(hint.position.line + 1);
      const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
      assert.equal(label, `predicted loss ≈ ${formatNumber(predicted[planned])}${formatInterval(predicted[planned], intervalAt(planned))}`);
      assert.match(label, / ± | \(95 % /);
    }
  });

  it('hovers on a 10k-row log read caches (provider time printed, budget p95 ≤ 2 ms)', async () => {
    // The kyo-takano rows repeated to 10,062 rows; the hover provider is the extension's own class,
    // run here on the real TextDocument with a fit of the original file.
    const kyo = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO))).trimEnd().split('\n');
    const rows = Array.from({ length: 43 }, () => kyo.slice(1)).flat();
    const uri = workspaceFile('kyo-10k.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${[kyo[0], ...rows].join('\n')}\n`));
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri: workspaceFile(KYO), laws: ['chinchilla'], silent: true })) as FitResult;

    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    setEnginePath(extension.extensionPath);
    const store = new Map<string, unknown>();
    const memento = { keys: () => [...store.keys()], get: (key: string) => store.get(key), update: async (key: string, value: unknown) => void store.set(key, value) };
    const state = new FileState(memento as unknown as vscode.Memento);
    // Stored as a fit of this file (its own table), so every hover takes the full path: prediction and range.
    const table = engine().readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    await state.setFits(uri, [fit], { table, map: {} });
    const provider = new RunLogHoverProvider(new RunLogs(state, extension.extensionPath), state);
    const token = new vscode.CancellationTokenSource().token;
    // The first hover waits for the worker's parse; every later one reads the cached table synchronously.
    const first = await provider.provideHover(document, new vscode.Position(1, 1), token);
    assert.ok(first, 'no hover on the first data row');

    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const line = 1 + ((i * 7919) % rows.length);
      const start = performance.now();
      const hover = provider.provideHover(document, new vscode.Position(line, 1), token);
      times.push(performance.now() - start);
      assert.ok(hover instanceof vscode.Hover, `no cached hover on line ${line + 1}`);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length * 0.5)];
    const p95 = times[Math.floor(times.length * 0.95)];
    console.log(`        hover provider on ${rows.length} rows: p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (budget 2 ms)`);
  });

  it('passes where/holdout through and compares laws without UI', async () => {
    const uri = workspaceFile(KYO);
    const document = await open(uri);
    const table = engine().readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
    const n = table.columns.find((c) => c.name === 'N');
    assert.ok(n);
    const big = n.values.filter((v) => v > 1e9).length;
    assert.ok(big > 0 && big < table.rowCount, 'the holdout must split the rows');
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], holdout: 'N > 1e9', silent: true })) as FitResult;
    assert.equal(fit.holdout?.n, big);
    assert.equal(fit.n, table.rowCount - big);

    const { rows } = (await vscode.commands.executeCommand('scalingLaws.compare', { uri, laws: ['chinchilla', 'kaplan-nd'], silent: true })) as { rows: Array<{ law: string; aic: number }> };
    assert.deepEqual(rows.map((r) => r.law), ['chinchilla', 'kaplan-nd']);
    assert.ok(rows.every((r) => Number.isFinite(r.aic)));
  });

  it('reads a file above the large-file threshold that is not open through the streaming reader', async () => {
    // 1 MB is the smallest threshold the setting allows; the kyo-takano rows ×100 are ~1.2 MB.
    const kyo = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO))).trimEnd().split('\n');
    const rows = Array.from({ length: 100 }, () => kyo.slice(1)).flat();
    const uri = workspaceFile('kyo-large.csv');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${[kyo[0], ...rows].join('\n')}\n`));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    const config = vscode.workspace.getConfiguration('scalingLaws');
    await config.update('largeFileThresholdMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['kaplan-compute'], silent: true })) as FitResult;
      assert.equal(fit.n, rows.length);
    } finally {
      await config.update('largeFileThresholdMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
