// Scaling notebooks in a real VS Code: a .scalenb file opens with our serializer, its spec cell runs
// through the controller and the fitting worker on a real run log, the outputs carry our MIME type, the
// Vega-Lite fallback and a markdown summary, the fit equals the engine's on the same file, bad specs
// become error outputs with line numbers, saving round-trips byte for byte, and "Fit scaling law" /
// "New scaling notebook" open notebooks.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatNumber } from '../../../src/core/format';
import type { ScalingLawsApi } from '../../../src/extension/extension';
import type { FitResult } from '../../../src/core/types';
import type { Comparison } from '../../../src/core/fit/compare';
import { rowLabel } from '../../../src/core/fit/recommend';
import { markdownText } from '../../../src/core/escape';
import { ScalingNotebookSerializer } from '../../../src/extension/notebook/serializer';
import type { FitOutput } from '../../../src/shared/fitOutput';
import { FIT_MIME, VEGA_LITE_MIME } from '../../../src/shared/mime';
import { engine, EXTENSION_ID, KYO, until, workspaceFile } from './workspace';

const CONTROLLER_ID = 'scaling-laws.fit';
const ERROR_MIME = 'application/vnd.code.notebook.error';

/** Writes a notebook file (canonical bytes, as the serializer would) with one markdown and one spec cell. */
async function writeNotebook(name: string, spec: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  const data = new vscode.NotebookData([
    new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Test notebook', 'markdown'),
    new vscode.NotebookCellData(vscode.NotebookCellKind.Code, spec, 'yaml'),
  ]);
  await vscode.workspace.fs.writeFile(uri, new ScalingNotebookSerializer().serializeNotebook(data));
  return uri;
}

/** Runs one cell with our controller and waits until its execution has ended. */
async function runCell(notebook: vscode.NotebookDocument, index: number): Promise<vscode.NotebookCell> {
  const editor = await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
  const before = notebook.cellAt(index).executionSummary?.executionOrder;
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  return until(
    'the cell to finish',
    () => {
      const cell = notebook.cellAt(index);
      const summary = cell.executionSummary;
      return summary?.success !== undefined && summary.executionOrder !== before && summary.timing?.endTime ? cell : undefined;
    },
    120_000,
  );
}

function json<T>(item: vscode.NotebookCellOutputItem): T {
  return JSON.parse(new TextDecoder().decode(item.data)) as T;
}

function text(item: vscode.NotebookCellOutputItem): string {
  return new TextDecoder().decode(item.data);
}

describe('scaling notebooks', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .scalenb file as a scaling notebook with a markdown and a YAML spec cell', async () => {
    const uri = await writeNotebook('open.scalenb', `data: ${KYO}\nlaw: chinchilla`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(notebook.notebookType, 'scaling-notebook');
    assert.deepEqual(
      notebook.getCells().map((c) => [c.kind, c.document.languageId]),
      [
        [vscode.NotebookCellKind.Markup, 'markdown'],
        [vscode.NotebookCellKind.Code, 'yaml'],
      ],
    );
  });

  it('runs a spec cell on a real run log: chart, Vega-Lite and summary outputs with the engine’s parameters', async () => {
    const uri = await writeNotebook('kyo.scalenb', `data: ${KYO}\nlaw: chinchilla\nobjective: huber-log`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = await runCell(notebook, 1);
    assert.equal(cell.executionSummary?.success, true, JSON.stringify(cell.outputs.map((o) => o.items.map((i) => [i.mime, text(i).slice(0, 400)]))));
    const mimes = cell.outputs.map((o) => o.items.map((i) => i.mime));
    assert.deepEqual(mimes, [[FIT_MIME, VEGA_LITE_MIME], ['text/markdown']]);

    const output = json<FitOutput>(cell.outputs[0].items[0]);
    assert.equal(output.version, 1);
    assert.equal(output.fits.length, 1);
    const fit = output.fits[0];
    assert.equal(fit.n, 234, 'every row of the kyo-takano data is used');
    assert.ok(output.points.line.length > 0 && output.curves.length > 0 && output.plots.includes('fit'));

    const e = engine();
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO)));
    const direct: FitResult = e.fitTable(e.readRunLog(csv, { fileName: 'df.csv', map: {}, flopsPerToken: 6 }), { law: 'chinchilla', objective: 'huber-log' }, {});
    for (const [name, value] of Object.entries(direct.params)) {
      const relative = Math.abs(fit.params[name] - value) / Math.max(Math.abs(value), 1e-12);
      assert.ok(relative < 1e-6, `${name}: notebook ${fit.params[name]} vs engine ${value}`);
    }

    const vegaLite = json<{ $schema: string; vconcat: unknown[]; config?: unknown }>(cell.outputs[0].items[1]);
    assert.match(vegaLite.$schema, /vega-lite/);
    assert.equal(vegaLite.vconcat.length, output.plots.length, 'one static chart per plot');
    assert.ok(vegaLite.config, 'the fallback carries concrete theme colours');

    const summary = text(cell.outputs[1].items[0]);
    assert.match(summary, /\*\*chinchilla\*\* on 234 rows/);
    for (const name of Object.keys(fit.params)) assert.match(summary, new RegExp(`\\| ${name} \\|`));
  });

  it('makes the notebook’s fit the data file’s current fit: the run log’s hover shows its prediction', async () => {
    const uri = await writeNotebook('kyo-current.scalenb', `data: ${KYO}\nlaw: chinchilla\nobjective: mse`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = await runCell(notebook, 1);
    assert.equal(cell.executionSummary?.success, true);
    const fit = json<FitOutput>(cell.outputs[0].items[0]).fits[0];
    const data = await vscode.workspace.openTextDocument(workspaceFile(KYO));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', data.uri, new vscode.Position(1, 1));
    const shown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.ok(shown.includes(`${fit.law.id} on loss`) && shown.includes('Predicted loss'), shown);
    const e = engine();
    const predicted = e.predictTable(fit, e.readRunLog(data.getText(), { fileName: 'df.csv', map: {}, flopsPerToken: 6 }))[0];
    assert.ok(shown.includes(formatNumber(predicted)), `hover lacks the notebook fit's prediction ${predicted}:\n${shown}`);
  });

  it('saves the executed notebook small and byte-stable (no Vega-Lite copy, same bytes after a round trip)', async () => {
    const uri = workspaceFile('kyo.scalenb');
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.ok(notebook.cellAt(1).outputs.length > 0, 'the previous test left outputs');
    // An edit makes sure there is something to save (save() is false for a clean document).
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, [vscode.NotebookEdit.insertCells(2, [new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'Saved by the test.', 'markdown')])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await notebook.save(), 'save failed');
    const bytes = await vscode.workspace.fs.readFile(uri);
    const saved = new TextDecoder().decode(bytes);
    assert.ok(saved.includes(FIT_MIME) && saved.includes('text/markdown'));
    assert.ok(!saved.includes(VEGA_LITE_MIME), 'the Vega-Lite fallback is rebuilt on run, not saved');
    assert.ok(bytes.byteLength < 200_000, `notebook is ${bytes.byteLength} bytes`);
    const serializer = new ScalingNotebookSerializer();
    const again = serializer.serializeNotebook(serializer.deserializeNotebook(bytes));
    assert.equal(new TextDecoder().decode(again), saved);
  });

  it('turns a bad spec into an error output that names the line', async () => {
    const uri = await writeNotebook('bad.scalenb', `data: ${KYO}\nlwa: chinchilla\nlaw: chinchila`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = await runCell(notebook, 1);
    assert.equal(cell.executionSummary?.success, false);
    const item = cell.outputs[0].items[0];
    assert.equal(item.mime, ERROR_MIME);
    const { message } = json<{ message: string }>(item);
    assert.match(message, /line 2, column 1: Unknown key 'lwa'.*`law`/);
    assert.match(message, /line 3, column 6: law: Unknown law 'chinchila'/);
  });

  it('issue 13: x: and extrapolate: reach the chart; an axis the law lacks is an error output naming its line', async () => {
    const uri = await writeNotebook('kyo-axis.scalenb', `data: ${KYO}\nlaw: chinchilla\nx: D\nextrapolate: 1e13`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const cell = await runCell(notebook, 1);
    assert.equal(cell.executionSummary?.success, true, JSON.stringify(cell.outputs.map((o) => o.items.map((i) => [i.mime, text(i).slice(0, 400)]))));
    const output = json<FitOutput>(cell.outputs[0].items[0]);
    assert.equal(output.xRole, 'D');
    assert.equal(output.groupRole, 'N', 'iso-N lines along D');
    assert.equal(output.extrapolateTo, 1e13);
    for (const curve of output.curves) assert.ok(Math.abs(curve.xs[curve.xs.length - 1] / 1e13 - 1) < 1e-5, `${curve.group} ends at ${curve.xs[curve.xs.length - 1]}`);

    const bad = await writeNotebook('kyo-bad-axis.scalenb', `data: ${KYO}\nlaw: chinchilla\nx: step\nextrapolate: -1`);
    const failed = await runCell(await vscode.workspace.openNotebookDocument(bad), 1);
    assert.equal(failed.executionSummary?.success, false);
    const { message } = json<{ message: string }>(failed.outputs[0].items[0]);
    assert.match(message, /line 3, column 4: x: chinchilla is drawn against N, D, C, M; 'step' is not among them/);
    assert.match(message, /line 4, column 14: extrapolate: must be a positive number/);
  });

  it('issue 9 item 22: a 100k-deep spec is an error output naming its line', async () => {
    const uri = await writeNotebook('deep-spec.scalenb', `data: ${KYO}\nlaw: chinchilla\nwhere: ${'['.repeat(100_000)}`);
    const cell = await runCell(await vscode.workspace.openNotebookDocument(uri), 1);
    assert.equal(cell.executionSummary?.success, false);
    assert.match(json<{ message: string }>(cell.outputs[0].items[0]).message, /line 3, column \d+: Nested more than \d+ levels deep/);
  });

  it('issue 9 item 22: a .scalenb nested too deep to read fails to open with a clear message and stays as it was on disk', async () => {
    const uri = workspaceFile('deep-output.scalenb');
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const text = `{\n  "scalingNotebook": 1,\n  "cells": [{"kind": "spec", "source": ["data: a.csv"],\n    "outputs": [{"items": [{"mime": "application/json", "data": ${deep}}]}]}]\n}\n`;
    const bytes = new TextEncoder().encode(text);
    await vscode.workspace.fs.writeFile(uri, bytes);
    await assert.rejects(Promise.resolve(vscode.workspace.openNotebookDocument(uri)), /nests more than \d+ levels deep at line 4/);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), text);
  });

  it('reports a missing data file and a bad where filter without crashing', async () => {
    const uri = await writeNotebook('missing.scalenb', 'data: no-such-file.csv\nlaw: chinchilla');
    const cell = await runCell(await vscode.workspace.openNotebookDocument(uri), 1);
    assert.match(json<{ message: string }>(cell.outputs[0].items[0]).message, /cannot find no-such-file\.csv/);

    const filter = await writeNotebook('filter.scalenb', `data: ${KYO}\nlaw: chinchilla\nwhere: N > 1e8 and los < 3`);
    const bad = await runCell(await vscode.workspace.openNotebookDocument(filter), 1);
    assert.match(json<{ message: string }>(bad.outputs[0].items[0]).message, /line 3, column 20: where: .*los/);
  });

  it('stops a long fit when the cell is cancelled, leaving a "Cancelled." error output', async () => {
    const uri = await writeNotebook('cancel.scalenb', `data: ${KYO}\nlaw: chinchilla\nbootstrap: 10000`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const editor = await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: notebook.uri });
    // Progress shows in the cell while the worker fits.
    await until('progress in the cell', () => notebook.cellAt(1).outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/plain' && /%/.test(text(i))), 60_000);
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: 1, end: 2 }], document: notebook.uri });
    const cell = await until('the cancelled cell to end', () => (notebook.cellAt(1).executionSummary?.success === false ? notebook.cellAt(1) : undefined), 30_000);
    assert.match(json<{ message: string }>(cell.outputs[0].items[0]).message, /Cancelled/);
  });

  it('scalingLaws.fit opens a scaling notebook with the spec and the fit as its output', async () => {
    const uri = workspaceFile(KYO);
    await vscode.window.showTextDocument(uri);
    const fit = (await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla'] })) as FitResult;
    assert.equal(fit.law.id, 'chinchilla');
    const editor = await until('a notebook editor', () => vscode.window.activeNotebookEditor, 60_000);
    const notebook = editor.notebook;
    assert.equal(notebook.notebookType, 'scaling-notebook');
    const spec = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(spec);
    assert.match(spec.document.getText(), new RegExp(`^data: ${KYO.replace(/[.-]/g, '\\$&')}$`, 'm'));
    assert.match(spec.document.getText(), /^law: chinchilla$/m);
    const output = json<FitOutput>(spec.outputs[0].items.find((i) => i.mime === FIT_MIME)!);
    assert.deepEqual(output.fits[0].params, fit.params, 'the notebook shows the fit the command returned');
  });

  it('scalingLaws.newNotebook points the template at the active run log', async () => {
    await vscode.window.showTextDocument(workspaceFile(KYO));
    const notebook = (await vscode.commands.executeCommand('scalingLaws.newNotebook')) as vscode.NotebookDocument;
    assert.equal(notebook.notebookType, 'scaling-notebook');
    assert.equal(notebook.isUntitled, true);
    const spec = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(spec);
    assert.match(spec.document.getText(), new RegExp(`^data: ${KYO.replace(/[.-]/g, '\\$&')}$`, 'm'));
    // The untitled notebook resolves the relative path against the workspace folder: it runs.
    const cell = await runCell(notebook, spec.index);
    assert.equal(cell.executionSummary?.success, true, JSON.stringify(cell.outputs.map((o) => o.items.map((i) => text(i).slice(0, 300)))));
  });

  // Issue 12 item 6: "Compare Laws…" ends in a notebook whose spec reproduces the comparison.
  it('Compare Laws opens a notebook with the ranking (recommended law marked) over one chart of every law, and changes no current fit', async () => {
    const api = (await vscode.extensions.getExtension<ScalingLawsApi>(EXTENSION_ID)!.activate()) as ScalingLawsApi;
    const uri = workspaceFile(KYO);
    const before = api.live.fits(uri).map((f) => [f.law.id, f.params]);
    const comparison = (await vscode.commands.executeCommand('scalingLaws.compare', { uri, laws: ['default', 'kaplan-compute'] })) as Comparison;
    assert.ok(comparison.recommended, 'a law is recommended');
    const labels = comparison.rows.map(rowLabel);
    assert.deepEqual(labels, ['chinchilla', 'over-training', 'kaplan-nd', 'kaplan-compute']);
    const notebook = await until('the comparison notebook', () => {
      const open = vscode.window.activeNotebookEditor?.notebook;
      return open?.getCells().some((c) => c.outputs.length > 0) ? open : undefined;
    });
    const check = (cell: vscode.NotebookCell) => {
      assert.match(cell.document.getText(), /^law:\n {2}- default\n {2}- kaplan-compute\ncompare: true$/m);
      const chart = cell.outputs.find((o) => o.items.some((i) => i.mime === FIT_MIME))!;
      assert.equal(typeof chart.metadata?.comparison, 'string', 'the output carries the id "Use this law" finds it by');
      assert.equal(chart.metadata?.comparedSpec?.trim(), cell.document.getText().trim(), 'and the spec it ran, which "Use this law" refits from only while the cell still says it');
      const output = json<FitOutput>(chart.items.find((i) => i.mime === FIT_MIME)!);
      assert.deepEqual(output.comparison?.rows.map((r) => r.label), labels);
      assert.equal(output.comparison?.rows[output.comparison.recommended!.row].label, rowLabel(comparison.recommended!));
      assert.equal(output.fits.length, comparison.rows.filter((r) => !r.error).length, 'every fitted law is drawn');
      const summary = text(cell.outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/markdown')!);
      assert.ok(summary.startsWith(`**Recommended: ${markdownText(rowLabel(comparison.recommended!))}** — `), summary.slice(0, 200));
    };
    const spec = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)!;
    check(spec);
    // Re-running the cell compares again from the spec alone, and neither run makes a law the current fit.
    check(await runCell(notebook, spec.index));
    assert.deepEqual(api.live.fits(uri).map((f) => [f.law.id, f.params]), before);
  });
});

// Issue 9 items 12 and 24: a notebook is a file people share, so its `data:` reads only regular files,
// inside the workspace folders unless the user confirms (README, "Scaling notebooks").
describe('scaling notebooks: what data: may read', function () {
  this.timeout(180_000);
  let api: ScalingLawsApi;
  let ask: ScalingLawsApi['outsideDataPrompt']['ask'];
  /** The locations the prompt was shown, and the answer the test gives. */
  let asked: string[] = [];
  let answer = false;
  const outside = mkdtempSync(join(tmpdir(), 'scaling-outside-'));

  before(async () => {
    const extension = vscode.extensions.getExtension<ScalingLawsApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    ask = api.outsideDataPrompt.ask;
    // The modal cannot be clicked from the extension host: the test answers it, and records the question.
    api.outsideDataPrompt.ask = async (shown) => {
      asked.push(shown);
      return answer;
    };
  });

  after(async () => {
    api.outsideDataPrompt.ask = ask;
    rmSync(outside, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** One notebook, one spec cell per case (opening a notebook is the slow part), each run in turn. */
  async function errorsOf(name: string, specs: readonly string[]): Promise<string[]> {
    const uri = workspaceFile(name);
    const cells = specs.map((spec) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, spec, 'yaml'));
    await vscode.workspace.fs.writeFile(uri, new ScalingNotebookSerializer().serializeNotebook(new vscode.NotebookData(cells)));
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const messages: string[] = [];
    for (let index = 0; index < specs.length; index++) {
      const cell = await runCell(notebook, index);
      assert.equal(cell.executionSummary?.success, false, specs[index]);
      const item = cell.outputs[0].items[0];
      assert.equal(item.mime, ERROR_MIME);
      messages.push(json<{ message: string }>(item).message);
    }
    return messages;
  }

  it('data: /etc/passwd asks first; declined, nothing is read and the cell says why; other schemes are refused without asking', async () => {
    asked = [];
    answer = false;
    const [passwd, command, https] = await errorsOf('refused.scalenb', [
      'data: /etc/passwd\nlaw: chinchilla',
      'data: command:workbench.action.terminal.new\nlaw: chinchilla',
      'data: https://example.com/runs.csv\nlaw: chinchilla',
    ]);
    assert.deepEqual(asked, ['/etc/passwd'], 'asked once, showing the resolved path; never for the other schemes');
    assert.match(passwd, /data: \/etc\/passwd is outside the workspace folders and reading it was not allowed/);
    assert.doesNotMatch(passwd, /root:/, 'the file was not read');
    assert.match(command, /data: command: URIs are not read/);
    assert.match(https, /data: https: URIs are not read/);
  });

  it('a `..` escape, once allowed, is read; the same notebook does not ask again', async () => {
    asked = [];
    answer = true;
    copyFileSync(workspaceFile('chinchilla-sweep.csv').fsPath, join(outside, 'sweep.csv'));
    // Enough `..` to reach the root from any workspace folder (extra ones stay at the root).
    const relative = join(...Array<string>(32).fill('..'), outside, 'sweep.csv').replace(/\\/g, '/');
    const uri = await writeNotebook('outside.scalenb', `data: ${relative}\nlaw: chinchilla`);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    for (let run = 0; run < 2; run++) {
      const cell = await runCell(notebook, 1);
      assert.equal(cell.executionSummary?.success, true, JSON.stringify(cell.outputs.map((o) => o.items.map((i) => text(i).slice(0, 300)))));
    }
    assert.deepEqual(asked, [join(outside, 'sweep.csv')]);
  });

  it('a folder, a FIFO and a symlink to /dev/zero in the workspace are refused at once, unread', async function () {
    if (process.platform === 'win32') this.skip();
    const [folder, fifo, zero] = ['folder.csv', 'pipe.csv', 'zero.csv'].map((name) => workspaceFile(name).fsPath);
    for (const made of [folder, fifo, zero]) rmSync(made, { recursive: true, force: true });
    mkdirSync(folder);
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', zero);
    try {
      const messages = await errorsOf('special-files.scalenb', ['folder.csv', 'pipe.csv', 'zero.csv'].map((name) => `data: ${name}\nlaw: chinchilla`));
      assert.match(messages[0], /it is a folder; only regular files are read/);
      assert.match(messages[1], /pipe\.csv: it is not a regular file/);
      assert.match(messages[2], /zero\.csv: it is not a regular file/);
    } finally {
      for (const made of [folder, fifo, zero]) rmSync(made, { recursive: true, force: true });
    }
  });
});
