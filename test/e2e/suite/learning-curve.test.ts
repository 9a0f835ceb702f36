// Issue 10 in the real VS Code, on the example learning curve (examples/loss-curve.jsonl: step, loss and
// the LR schedule): the row hover predicts from the whole table and states the run's forecast, the law
// picker prefers the law that reads the LR, and a fit whose chart cannot be shown is reported and never
// becomes the file's current fit.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatNumber } from '../../../src/core/format';
import type { FitResult, RunTable } from '../../../src/core/types';
import type { FitOutput } from '../../../src/shared/fitOutput';
import { FIT_MIME } from '../../../src/shared/mime';
import { describeForecast } from '../../../src/core/curve/describe';
import { engine, EXTENSION_ID, workspaceFile } from './workspace';

const CURVE = 'loss-curve.jsonl';
const SWEEP = 'chinchilla-sweep.csv';
const TRAINER_STATE = 'trainer_state.json';

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

function read(document: vscode.TextDocument): RunTable {
  return engine().readRunLog(document.getText(), { fileName: document.fileName, map: {}, flopsPerToken: 6 });
}

/** The hover's markdown with the escapes of quoted file text (`eval\_loss`) removed, as it reads. */
async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 2));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

describe('learning curves in the editor', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the row hover predicts lr-annealing from the whole table and states the run forecast', async () => {
    const uri = workspaceFile(CURVE);
    const document = await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['lr-annealing'], silent: true })) as FitResult;
    assert.equal(fit.law.id, 'lr-annealing');
    const table = read(document);
    const predicted = engine().predictTable(fit, table);
    const forecast = engine().forecastRun(table, fit);
    assert.ok(forecast, 'the engine forecasts the run');
    assert.equal(forecast.at, 4000, 'at the last logged step (the log has no max_steps)');
    // Row 190 is in the LR decay: there a prediction from the row alone misses the annealing drop.
    for (const row of [10, 100, 190]) {
      const text = await hoverAt(uri, table.lines[row] - 1);
      assert.ok(text.includes(`Predicted loss: ${formatNumber(predicted[row])}`), `row ${row}: the hover does not show ${formatNumber(predicted[row])}:\n${text}`);
      // The engine's forecast in the words of the CLI and the status bar: "final loss ≈ 3.187 at step 4K (…)".
      assert.ok(text.includes(`Run: ${describeForecast(forecast)}`), `row ${row}: no run forecast in the hover:\n${text}`);
    }
    // The prediction falls through the decay as the observed loss does (a row-wise prediction rises).
    assert.ok(predicted[199] < predicted[160] - 0.1, `predicted ${predicted[160]} → ${predicted[199]} over the LR decay`);
  });

  it('the forecast item\'s command (Show Fit) opens the stored fit\'s chart without fitting again', async () => {
    const uri = workspaceFile(CURVE);
    await open(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['lr-annealing'], silent: true })) as FitResult;
    await vscode.commands.executeCommand('scalingLaws.showFit', { uri: uri.toString() });
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    assert.ok(notebook?.isUntitled, 'an untitled fit notebook is active');
    assert.equal(notebook.cellAt(0).document.getText(), '# Fit of loss\\-curve\\.jsonl', 'the title cell names the file (escaped markdown)');
    const item = notebook
      .getCells()
      .flatMap((cell) => cell.outputs.flatMap((output) => output.items))
      .find((i) => i.mime === FIT_MIME);
    assert.ok(item, 'the chart output is there');
    const shown = JSON.parse(new TextDecoder().decode(item.data)) as FitOutput;
    // The stored fit itself: the same parameters, not a new fit's.
    assert.deepEqual(shown.fits[0].params, fit.params);
  });

  it('trainer_state.json: any line of an entry hovers it; eval and summary entries say what they are', async () => {
    const uri = workspaceFile(TRAINER_STATE);
    const document = await open(uri);
    const table = read(document);
    const series = table.rowStatus.indexOf('series');
    const summary = table.rowStatus.indexOf('summary');
    assert.ok(series >= 0 && summary >= 0, `the example has eval and summary entries (statuses: ${[...new Set(table.rowStatus)].join(', ')})`);
    // The line after an entry's `{` is inside it (transformers writes one key per line).
    const seriesHover = await hoverAt(uri, table.lines[series]);
    assert.match(seriesHover, /eval_loss = [\d.]+: an entry of its own series/);
    assert.doesNotMatch(seriesHover, /Predicted loss/);
    assert.match(await hoverAt(uri, table.lines[summary] + 2), /Run summary entry/);

    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['lr-annealing'], silent: true })) as FitResult;
    const forecast = engine().forecastRun(table, fit);
    assert.ok(forecast, 'the engine forecasts the run to max_steps');
    assert.equal(forecast.source, 'max_steps');
    const row = table.rowStatus.indexOf('ok', 100);
    const text = await hoverAt(uri, table.lines[row] + 3);
    assert.ok(text.includes(`Predicted loss: ${formatNumber(engine().predictTable(fit, table)[row])}`), `no prediction of row ${row}:\n${text}`);
    assert.ok(text.includes(`Run: ${describeForecast(forecast)}`), `no run forecast:\n${text}`);
    assert.match(text, /at step 5K \(max_steps\)/);
  });

  it('the law picker lists and preselects lr-annealing on a log with an LR column, not on one without', async () => {
    const window = vscode.window as Writable<typeof vscode.window>;
    const original = window.showQuickPick;
    const offered: vscode.QuickPickItem[][] = [];
    window.showQuickPick = ((items: readonly vscode.QuickPickItem[]) => {
      offered.push([...items]);
      return Promise.resolve(undefined);
    }) as unknown as typeof window.showQuickPick;
    try {
      for (const file of [CURVE, SWEEP]) {
        await vscode.commands.executeCommand('scalingLaws.fit', { uri: workspaceFile(file) });
      }
    } finally {
      window.showQuickPick = original;
    }
    assert.equal(offered.length, 2, 'the picker was shown once per file');
    const [curve, sweep] = offered;
    assert.equal(curve[0].description, 'lr-annealing', `listed first: ${curve.map((i) => i.description).join(', ')}`);
    assert.equal(curve[0].picked, true);
    assert.match(curve[0].detail ?? '', /Preferred: reads the LR schedule \(lr\)/);
    assert.deepEqual(
      curve.filter((i) => i.picked).map((i) => i.description),
      ['lr-annealing'],
    );
    assert.ok(!sweep.some((i) => i.description === 'lr-annealing'), 'a sweep without an LR column is not offered lr-annealing');
    assert.deepEqual(
      sweep.filter((i) => i.picked).map((i) => i.description),
      ['chinchilla'],
      'without an LR column the default law is preselected',
    );
  });

  it('a fit whose chart cannot be opened is reported with Show log and does not replace the current fit', async () => {
    const uri = workspaceFile(SWEEP);
    await open(uri);
    await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'], silent: true });
    const firstRow = 1;
    assert.match(await hoverAt(uri, firstRow), /chinchilla on loss/, 'the stored fit is the current one');

    // The fit succeeds in the worker; showing it fails where the notebook with the chart is opened.
    const workspace = vscode.workspace as Writable<typeof vscode.workspace>;
    const window = vscode.window as unknown as Record<'showErrorMessage', (message: string, ...items: string[]) => Thenable<string | undefined>>;
    const originals = { openNotebookDocument: workspace.openNotebookDocument, showErrorMessage: window.showErrorMessage };
    const errors: Array<{ message: string; items: string[] }> = [];
    workspace.openNotebookDocument = (() => Promise.reject(new Error('the chart cannot be built'))) as typeof workspace.openNotebookDocument;
    window.showErrorMessage = (message, ...items) => {
      errors.push({ message, items });
      return Promise.resolve(undefined);
    };
    let returned: unknown;
    try {
      returned = await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['kaplan-nd'] });
    } finally {
      Object.assign(workspace, { openNotebookDocument: originals.openNotebookDocument });
      Object.assign(window, { showErrorMessage: originals.showErrorMessage });
    }
    assert.equal(returned, undefined, 'the failed fit is not returned');
    assert.equal(errors.length, 1, `one error notification: ${JSON.stringify(errors)}`);
    assert.match(errors[0].message, /the chart cannot be built/);
    assert.deepEqual(errors[0].items, ['Show log']);
    const hover = await hoverAt(uri, firstRow);
    assert.match(hover, /chinchilla on loss/, `the previous fit is still the current one:\n${hover}`);
    assert.doesNotMatch(hover, /kaplan-nd/);

    // With no previous fit, a failed one leaves none (the hover offers to fit).
    await vscode.commands.executeCommand('scalingLaws.clearFit', { uri });
    workspace.openNotebookDocument = (() => Promise.reject(new Error('the chart cannot be built'))) as typeof workspace.openNotebookDocument;
    window.showErrorMessage = () => Promise.resolve(undefined);
    try {
      await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['kaplan-nd'] });
    } finally {
      Object.assign(workspace, { openNotebookDocument: originals.openNotebookDocument });
      Object.assign(window, { showErrorMessage: originals.showErrorMessage });
    }
    assert.match(await hoverAt(uri, firstRow), /Fit scaling law…/);
  });
});
