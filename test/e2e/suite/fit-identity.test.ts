// Issue 11, "the spec is the whole truth" and "roles can be unbound", in a real VS Code. A notebook
// cell's result depends only on its spec and the data file (the editor's role overrides play no part);
// a stored fit is used by hovers only while the file still has its data and columns, and only on rows
// its where covers, and the hover names it; a column of broken FLOPs is replaced by C = 6·N·D with a
// quick fix. Real data: Porian et al.'s IsoFLOP optima (rw and owt2 rows), an overflowed flops column.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { markdownText } from '../../../src/core/escape';
import type { FitResult } from '../../../src/core/types';
import { ScalingNotebookSerializer } from '../../../src/extension/notebook/serializer';
import type { FitOutput } from '../../../src/shared/fitOutput';
import { FIT_MIME } from '../../../src/shared/mime';
import { engine, EXTENSION_ID, until, workspaceFile } from './workspace';

const CONTROLLER_ID = 'scaling-laws.fit';
const PORIAN = 'shared-data/porian-isoflop_optimal_pairs.csv';
const OVERFLOW = 'shared-data/bad-inputs-overflow-flops.csv';
const WHERE = "dataset == 'rw'";

async function setRoles(uri: vscode.Uri, map: Record<string, string | null>): Promise<unknown> {
  return vscode.commands.executeCommand('scalingLaws.setRoles', { uri, map, silent: true });
}

async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 1));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Runs the spec cell of a new notebook file with our controller; returns the fit of its output. */
async function runSpec(name: string, spec: string): Promise<FitResult> {
  const uri = workspaceFile(name);
  const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, spec, 'yaml')]);
  await vscode.workspace.fs.writeFile(uri, new ScalingNotebookSerializer().serializeNotebook(data));
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  const editor = await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: 1 }], document: notebook.uri });
  const cell = await until('the cell to finish', () => (notebook.cellAt(0).executionSummary?.timing?.endTime ? notebook.cellAt(0) : undefined), 120_000);
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === FIT_MIME);
  assert.ok(item, `the cell failed: ${cell.outputs.flatMap((o) => o.items).map((i) => new TextDecoder().decode(i.data).slice(0, 300)).join('\n')}`);
  return (JSON.parse(new TextDecoder().decode(item.data)) as FitOutput).fits[0];
}

/** The 0-based editor line of the first data row whose `dataset` cell is `dataset`. */
function lineOf(text: string, dataset: string): number {
  return text.split('\n').findIndex((line, i) => i > 0 && line.split(',')[2] === dataset && line.split(',')[12] !== '');
}

function relativeDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

describe('the spec is the whole truth; a stored fit says what it is and where it applies', function () {
  this.timeout(180_000);
  const porian = () => workspaceFile(PORIAN);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  afterEach(async () => {
    await setRoles(porian(), { loss: '', C: '' });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a spec without map: ignores the editor’s role overrides for its data file', async () => {
    await setRoles(porian(), { loss: 'loss_star_std' });
    const fit = await runSpec('no-map.scalenb', `data: ${PORIAN}\nlaw: chinchilla\nwhere: ${WHERE}`);
    const e = engine();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(porian()));
    const read = (map: Record<string, string>) => e.readRunLog(text, { fileName: 'isoflop_optimal_pairs.csv', map, flopsPerToken: 6 });
    const spec = await e.fitTable(read({}), { law: 'chinchilla', objective: 'huber-log', where: WHERE }, {});
    const overridden = await e.fitTable(read({ loss: 'loss_star_std' }), { law: 'chinchilla', objective: 'huber-log', where: WHERE }, {});
    assert.ok(relativeDiff(overridden.params.E, spec.params.E) > 0.01, 'the override must change the fit, or this test proves nothing');
    for (const [name, value] of Object.entries(spec.params)) {
      assert.ok(relativeDiff(fit.params[name], value) < 1e-6, `${name}: notebook ${fit.params[name]} vs the spec's own fit ${value} (the override's: ${overridden.params[name]})`);
    }
  });

  it('a fit from the editor writes the file’s role mapping, C: null included, into the spec it opens', async () => {
    await setRoles(porian(), { C: null });
    await vscode.window.showTextDocument(porian());
    await vscode.commands.executeCommand('scalingLaws.fit', { uri: porian(), laws: ['chinchilla'] });
    const editor = await until('the fit notebook', () => (vscode.window.activeNotebookEditor?.notebook.isUntitled ? vscode.window.activeNotebookEditor : undefined), 60_000);
    const spec = editor.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document.getText() ?? '';
    assert.match(spec, /^map:\n {2}C: null$/m, spec);
  });

  it('after a where-filtered notebook fit, the hover names the fit, predicts its rows and declines the others', async () => {
    const fit = await runSpec('where.scalenb', `data: ${PORIAN}\nlaw: chinchilla\nwhere: ${WHERE}`);
    assert.equal(fit.request?.where, WHERE);
    const document = await vscode.workspace.openTextDocument(porian());
    const text = document.getText();
    const name = markdownText(`chinchilla on loss, where ${WHERE}`);

    const inside = await hoverAt(porian(), lineOf(text, 'rw'));
    assert.ok(inside.includes(name), `the hover does not name the fit (${name}):\n${inside}`);
    assert.match(inside, /Predicted loss/);

    const outside = await hoverAt(porian(), lineOf(text, 'owt2'));
    assert.ok(outside.includes(name), outside);
    assert.ok(outside.includes(markdownText(`Not in this fit’s rows: where ${WHERE}`)), `no "not in this fit's rows":\n${outside}`);
    assert.doesNotMatch(outside, /Predicted loss|fitted range/);
  });

  it('remapping loss, or editing a fitted row, makes the stored fit stale: the hover predicts nothing from it', async () => {
    await vscode.commands.executeCommand('scalingLaws.fit', { uri: porian(), laws: ['chinchilla'], silent: true });
    const document = await vscode.window.showTextDocument(porian());
    const line = lineOf(document.document.getText(), 'rw');
    assert.match(await hoverAt(porian(), line), /Predicted loss/);

    await setRoles(porian(), { loss: 'loss_star_std' });
    const remapped = await hoverAt(porian(), line);
    assert.ok(remapped.includes(markdownText("not used, it read loss from 'loss', the file now reads loss from 'loss_star_std'.")), remapped);
    assert.match(remapped, /Stale fit/);
    assert.doesNotMatch(remapped, /Predicted loss|fitted range/);

    // The mapping it was fitted with, back: the same fit applies again.
    await setRoles(porian(), { loss: '' });
    assert.match(await hoverAt(porian(), line), /Predicted loss/);

    // An unsaved edit of a loss the fit read.
    const cells = document.document.lineAt(line).text.split(',');
    const at = cells.slice(0, 12).join(',').length + 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(porian(), new vscode.Range(line, at, line, at + cells[12].length), String(Number(cells[12]) + 0.5));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = await hoverAt(porian(), line);
    assert.ok(edited.includes(markdownText('not used, the rows it was fitted on have changed.')), edited);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.match(await hoverAt(porian(), line), /Predicted loss/);
  });

  it('quick fix "Derive C = 6·N·D instead of “flops”" leaves C unbound and the flops diagnostics go', async () => {
    const uri = workspaceFile(OVERFLOW);
    await vscode.window.showTextDocument(uri);
    // Mapped explicitly, so the broken column is C whatever the reader would choose by itself.
    await setRoles(uri, { C: 'flops' });
    const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
    // Problems of C's values ('big-numbers' is about reading the column's digits, bound or not: it stays).
    const flopsProblems = () => vscode.languages.getDiagnostics(uri).filter((d) => ['non-positive', 'flops-inconsistent', 'bad-column'].includes(codeOf(d)));
    const diagnostic = await until('a diagnostic on the flops column', () => vscode.languages.getDiagnostics(uri).find((d) => ['flops-inconsistent', 'bad-column'].includes(codeOf(d))));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Derive C = 6·N·D instead of “flops”');
    assert.ok(fix?.command, `no derive fix among ${actions.map((a) => a.title).join(', ')}`);
    const map = await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.deepEqual(map, { C: null });
    // C = 6·N·D from good N and D: nothing about the flops column is left to report.
    await until('the flops diagnostics to go', () => (flopsProblems().length === 0 ? true : undefined));
    await setRoles(uri, { C: '' });
  });
});
