import * as vscode from 'vscode';
import { PLOT_RENDERER_ID, type ExportChartMessage, type HostToRenderer, type RendererToHost, type UseLawMessage, type UseLawResultMessage } from '../../shared/messages';
import { errorMessage } from '../commands/target';
import { log } from '../log';

const FILTERS: Record<ExportChartMessage['format'], Record<string, string[]>> = {
  svg: { SVG: ['svg'] },
  png: { PNG: ['png'] },
};

/**
 * The host side of the renderer's buttons (one messaging channel per renderer): "Use this law" is handed
 * to its handler, and Save SVG / Save PNG handled here: webviews cannot download, so the chart
 * (colours already resolved by the renderer) comes here, goes through a save dialog and is written
 * with workspace.fs. `scalingLaws.exportPlotTo` (not in the palette) names the file of the next export
 * instead of asking, for scripts and UI tests.
 */
export class PlotExport implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(PLOT_RENDERER_ID);
  private readonly subscription: vscode.Disposable;
  private next: { target: vscode.Uri; written: (uri: vscode.Uri) => void } | undefined;

  /** `useLaw` answers the comparison table's "Use this law" (useComparedLaw.ts). */
  constructor(useLaw: (editor: vscode.NotebookEditor, message: UseLawMessage) => Promise<Omit<UseLawResultMessage, 'type' | 'outputId'>>) {
    this.subscription = this.messaging.onDidReceiveMessage(({ editor, message }) => {
      const typed = message as RendererToHost;
      if (typed?.type === 'export') void this.save(editor, typed);
      if (typed?.type === 'useLaw') {
        void useLaw(editor, typed).then((result) => this.messaging.postMessage({ type: 'useLawResult', outputId: typed.outputId, ...result } satisfies HostToRenderer, editor));
      }
    });
  }

  /** Arms the next export to write `target`; resolves once it is written. */
  exportTo(target: vscode.Uri): Promise<vscode.Uri> {
    return new Promise((written) => (this.next = { target, written }));
  }

  private async save(editor: vscode.NotebookEditor, message: ExportChartMessage): Promise<void> {
    const reply = (result: Omit<HostToRenderer, 'type' | 'outputId'>) =>
      void this.messaging.postMessage({ type: 'exportResult', outputId: message.outputId, ...result } satisfies HostToRenderer, editor);
    const armed = this.next;
    this.next = undefined;
    const folder = editor.notebook.uri.scheme === 'untitled' ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(editor.notebook.uri, '..');
    const target =
      armed?.target ??
      (await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, message.suggestedName) : undefined,
        filters: FILTERS[message.format],
        title: vscode.l10n.t('Save chart'),
      }));
    if (!target) return reply({ ok: true });
    try {
      const bytes = message.format === 'svg' ? new TextEncoder().encode(message.data) : Buffer.from(message.data, 'base64');
      await vscode.workspace.fs.writeFile(target, bytes);
      log().info(`chart saved to ${target.toString(true)}`);
      armed?.written(target);
      reply({ ok: true, message: target.scheme === 'file' ? target.fsPath : target.toString(true) });
    } catch (error) {
      reply({ ok: false, message: errorMessage(error) });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
