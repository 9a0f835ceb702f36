// Issue 9 items 1–3 in the real VS Code: "Fit scaling law" on a file whose name and N column carry
// `<img onerror>` and a `command:` link. The notebook's title cell and markdown summary hold them only
// escaped, and the notification the fit shows has no link syntax left.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_LINK, CRAFTED_FILE, craftedCsv, IMG } from '../crafted';
import { EXTENSION_ID, until, workspaceFile } from './workspace';

type Show = (message: string, ...items: unknown[]) => Thenable<unknown>;

/** No live markup: no raw tag, no link syntax, no `command:` link target. */
function assertEscaped(markdown: string, what: string): void {
  assert.ok(!markdown.includes('<img'), `${what} holds a raw <img: ${markdown}`);
  assert.ok(!/\]\(command:/.test(markdown), `${what} holds a command link: ${markdown}`);
}

describe('text from a file is escaped in every sink', function () {
  this.timeout(180_000);
  const shown: string[] = [];
  const window = vscode.window as unknown as Record<'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage', Show>;
  const originals = { showInformationMessage: window.showInformationMessage, showWarningMessage: window.showWarningMessage, showErrorMessage: window.showErrorMessage };

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const sweep = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('chinchilla-sweep.csv')));
    await vscode.workspace.fs.writeFile(workspaceFile(CRAFTED_FILE), new TextEncoder().encode(craftedCsv(sweep)));
    // The suite bundle lives in the extension's folder, so it shares the extension's `vscode` API object:
    // what the extension shows passes through these.
    for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
      window[name] = (message, ...items) => {
        shown.push(message);
        return originals[name](message, ...items);
      };
    }
  });

  after(async () => {
    Object.assign(window, originals);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile(CRAFTED_FILE));
  });

  it('Fit scaling law: title cell, summary output and notification', async () => {
    const uri = workspaceFile(CRAFTED_FILE);
    // Two laws: the notification then names the file ("Fitted 2 laws to …").
    await vscode.commands.executeCommand('scalingLaws.fit', { uri, laws: ['chinchilla', 'kaplan-nd'] });
    const notebook = await until('the fit notebook', () => (vscode.window.activeNotebookEditor?.notebook.isUntitled ? vscode.window.activeNotebookEditor.notebook : undefined), 60_000);
    const title = notebook.cellAt(0).document.getText();
    assertEscaped(title, 'the title cell');
    assert.ok(title.includes('\\[Show details\\]'), `the file name is in the title, escaped: ${title}`);

    const spec = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    const summary = spec?.outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/markdown');
    assert.ok(summary, 'a markdown summary output');
    const text = new TextDecoder().decode(summary.data);
    assertEscaped(text, 'the summary output');
    assert.ok(text.includes('&lt;img src=x onerror=&#39;alert\\(1\\)&#39;&gt;'), `the N column is quoted, escaped: ${text}`);

    const notification = await until('the fit notification', () => shown.find((m) => m.includes('Fitted 2 laws')), 10_000);
    assert.ok(!notification.includes(COMMAND_LINK) && !/\[[^\]]*\]\(/.test(notification), `a link in the notification: ${notification}`);
    const linkFree = CRAFTED_FILE.replace('](', ']\u200b(');
    assert.ok(notification.includes(linkFree), `the file name is shown as ${linkFree}: ${notification}`);
  });

  it('a shared .scalenb restores no saved markup it did not write: forged markdown is plain text, HTML is dropped', async () => {
    // A hand-made notebook: a markdown "summary" with a script and a command link, and an HTML output.
    const forged = `**power** ${IMG} <script>alert(1)</script> ${COMMAND_LINK}`;
    const file = {
      scalingNotebook: 1,
      cells: [{ kind: 'spec', source: ['law: power'], outputs: [{ items: [{ mime: 'text/markdown', data: forged }] }, { items: [{ mime: 'text/html', data: IMG }] }] }],
    };
    const uri = workspaceFile('forged-outputs.scalenb');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(file)));
    try {
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      await vscode.window.showNotebookDocument(notebook);
      const items = notebook.cellAt(0).outputs.flatMap((o) => o.items);
      for (const item of items.filter((i) => i.mime !== 'text/plain')) assertEscaped(new TextDecoder().decode(item.data), `the ${item.mime} output`);
      assert.deepEqual(
        items.map((i) => i.mime),
        ['text/plain', 'text/plain'],
        'the forged markdown is plain text and the HTML item is replaced by a note',
      );
      assert.equal(new TextDecoder().decode(items[0].data), forged, 'the forged text is still readable');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
