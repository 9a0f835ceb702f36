// "Fit Scaling Law Across Runs…" in a real VS Code: three run folders (real Chinchilla runs of three model
// sizes, from the kyo-takano data in the workspace) become a notebook whose spec records the sweep; its cell
// writes the assembled table beside the runs and fits it — the same fit as the engine's on the table
// assembled by hand — and running the cell again re-reads the runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FitOutput } from '../../../src/shared/fitOutput';
import { FIT_MIME } from '../../../src/shared/mime';
import { engine, EXTENSION_ID, KYO, until, workspaceFile } from './workspace';

const CONTROLLER_ID = 'scaling-laws.fit';

function output(cell: vscode.NotebookCell): FitOutput {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === FIT_MIME);
  assert.ok(item, JSON.stringify(cell.outputs.map((o) => o.items.map((i) => [i.mime, new TextDecoder().decode(i.data).slice(0, 300)]))));
  return JSON.parse(new TextDecoder().decode(item.data)) as FitOutput;
}

async function write(relative: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(workspaceFile(relative), new TextEncoder().encode(text));
}

describe('fit across runs', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('three run folders → confirmed N → a notebook with sweep: whose fit is the hand-assembled table’s; re-running re-reads the runs', async () => {
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(KYO)));
    // Columns C, N, D, loss; the three sizes with the most runs.
    const rows = csv.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(row[1], (counts.get(row[1]) ?? 0) + 1);
    const sizes = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3).map(([n]) => n);
    const runs = ['run-a', 'run-b', 'run-c'];
    for (const [i, run] of runs.entries()) {
      const own = rows.filter((r) => r[1] === sizes[i]);
      await write(`sweep-e2e/${run}/metrics.csv`, `tokens,loss\n${own.map((r) => `${r[2]},${r[3]}`).join('\n')}\n`);
      // run-c has no config: its N is the one the user enters (the quick pick's edit, given here as `n`).
      if (run !== 'run-c') await write(`sweep-e2e/${run}/config.json`, JSON.stringify({ n_params: sizes[i] }));
    }
    const uris = runs.map((run) => workspaceFile(`sweep-e2e/${run}`));
    const editor = (await vscode.commands.executeCommand('scalingLaws.fitAcrossRuns', { uris, n: { 'run-c': sizes[2] }, take: 'all', law: 'chinchilla' })) as vscode.NotebookEditor;
    assert.ok(editor, 'the command opened a notebook');
    const cell = editor.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)!;
    await until('the sweep cell to finish', () => (cell.executionSummary?.timing?.endTime ? cell : undefined), 120_000);
    const spec = cell.document.getText();
    assert.match(spec, /^data: sweep-e2e\/scaling-sweep\.csv$/m);
    assert.match(spec, /^sweep:\n {2}runs:\n {4}- sweep-e2e\/run-a\n {4}- sweep-e2e\/run-b\n {4}- sweep-e2e\/run-c\n {2}take: all\n {2}n:\n {4}run-c: \d+$/m);

    const hand = `run,N,D,C,loss\n${runs.flatMap((run, i) => rows.filter((r) => r[1] === sizes[i]).map((r) => `${run},${sizes[i]},${r[2]},${6 * sizes[i] * r[2]},${r[3]}`)).join('\n')}\n`;
    const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('sweep-e2e/scaling-sweep.csv')));
    assert.equal(written, hand, 'the table the cell wrote is the hand-assembled one');
    const e = engine();
    const direct = e.fitTable(e.readRunLog(hand, { fileName: 'hand.csv' }), { law: 'chinchilla' }, {});
    const fit = output(cell).fits[0];
    assert.equal(fit.n, direct.n);
    for (const [name, value] of Object.entries(direct.params)) assert.ok(Math.abs(fit.params[name] - value) <= 1e-6 * Math.max(Math.abs(value), 1e-12), `${name}: ${fit.params[name]} vs ${value}`);

    // A run logs one more row: running the cell again reads it.
    const a = rows.filter((r) => r[1] === sizes[0]);
    await write('sweep-e2e/run-a/metrics.csv', `tokens,loss\n${a.map((r) => `${r[2]},${r[3]}`).join('\n')}\n${a[0][2] * 2},${a[0][3] - 0.05}\n`);
    const before = cell.executionSummary?.executionOrder;
    await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: editor.notebook.uri });
    await until('the re-run to finish', () => (cell.executionSummary?.executionOrder !== before && cell.executionSummary?.timing?.endTime ? cell : undefined), 120_000);
    assert.equal(output(cell).fits[0].n, direct.n + 1);
  });
});
