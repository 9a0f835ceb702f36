/**
 * The compute-optimal calculator in its two places: the side view (`scalingLaws.calculator`) and the
 * editor-area panel that `scalingLaws.openCalculator` opens (one panel, revealed again when open; restored
 * after a reload). The webview does the maths itself (dist/calculator.js bundles core/optimal); each
 * place is a CalculatorPage.
 */
import * as vscode from 'vscode';
import type { CalculatorInputs } from '../../shared/messages';
import { CalculatorPage, type CalculatorSnapshot } from './page';
import type { RunLogs } from '../runLogs';
import type { FileState } from '../stores';
import { WorkspaceFits } from './workspaceFits';

export const CALCULATOR_VIEW = 'scalingLaws.calculator';
export const CALCULATOR_PANEL = 'scalingLaws.calculatorPanel';

/** Which page a test hook talks to; without one, the panel when it is open, else the side view. */
export type CalculatorTarget = 'panel' | 'view';

class CalculatorView implements vscode.WebviewViewProvider, vscode.Disposable {
  page: CalculatorPage | undefined;
  private readonly resolvedWaiters: Array<(page: CalculatorPage) => void> = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly fits: WorkspaceFits,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.page?.dispose();
    const page = new CalculatorPage(this.context, this.fits, view.webview, 'view', () => void vscode.commands.executeCommand(`${CALCULATOR_VIEW}.focus`));
    this.page = page;
    view.onDidChangeVisibility(() => {
      if (!view.visible) page.unloaded();
    });
    view.onDidDispose(() => {
      page.dispose();
      if (this.page === page) this.page = undefined;
    });
    for (const resolve of this.resolvedWaiters.splice(0)) resolve(page);
  }

  /** The view's page, focusing the view first when VS Code has not resolved it yet. */
  async shown(): Promise<CalculatorPage> {
    if (this.page) return this.page;
    const resolved = new Promise<CalculatorPage>((resolve) => this.resolvedWaiters.push(resolve));
    await vscode.commands.executeCommand(`${CALCULATOR_VIEW}.focus`);
    return resolved;
  }

  dispose(): void {
    this.page?.dispose();
  }
}

class CalculatorPanel implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: { panel: vscode.WebviewPanel; page: CalculatorPage } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly fits: WorkspaceFits,
  ) {}

  get page(): CalculatorPage | undefined {
    return this.panel?.page;
  }

  /** Reveals the panel, creating it in the active editor group the first time. */
  open(): CalculatorPage {
    if (this.panel) {
      this.panel.panel.reveal();
      return this.panel.page;
    }
    const panel = vscode.window.createWebviewPanel(CALCULATOR_PANEL, vscode.l10n.t('Compute-Optimal Calculator'), vscode.ViewColumn.Active);
    return this.adopt(panel);
  }

  /** After a reload VS Code hands back the panel that was open; its page restores its own inputs. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.adopt(panel);
    return Promise.resolve();
  }

  private adopt(panel: vscode.WebviewPanel): CalculatorPage {
    this.panel?.panel.dispose();
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'scaling-laws.svg');
    const page = new CalculatorPage(this.context, this.fits, panel.webview, 'panel', () => panel.reveal());
    this.panel = { panel, page };
    panel.onDidChangeViewState(() => {
      if (!panel.visible) page.unloaded();
    });
    panel.onDidDispose(() => {
      page.dispose();
      if (this.panel?.panel === panel) this.panel = undefined;
    });
    return page;
  }

  dispose(): void {
    this.panel?.panel.dispose();
  }
}

/**
 * Registers both places, `scalingLaws.openCalculator`, and two test hooks (not contributed, so not in
 * the palette): `scalingLaws.calculator.getState(target?)` → CalculatorSnapshot | undefined, and
 * `scalingLaws.calculator.setInputs(Partial<CalculatorInputs>, target?)` → CalculatorOutputs.
 */
export function registerCalculator(context: vscode.ExtensionContext, state: FileState, runLogs: RunLogs): vscode.Disposable[] {
  const fits = new WorkspaceFits(state, runLogs);
  const view = new CalculatorView(context, fits);
  const panel = new CalculatorPanel(context, fits);
  const page = async (target: CalculatorTarget | undefined): Promise<CalculatorPage> =>
    target === 'panel' ? (panel.page ?? panel.open()) : target === undefined && panel.page ? panel.page : view.shown();
  return [
    fits,
    view,
    panel,
    vscode.window.registerWebviewViewProvider(CALCULATOR_VIEW, view),
    vscode.window.registerWebviewPanelSerializer(CALCULATOR_PANEL, panel),
    vscode.commands.registerCommand('scalingLaws.openCalculator', () => {
      panel.open();
      return true;
    }),
    vscode.commands.registerCommand('scalingLaws.calculator.getState', (target?: CalculatorTarget): CalculatorSnapshot | undefined =>
      (target === 'view' ? view.page : target === 'panel' ? panel.page : (panel.page ?? view.page))?.getState(),
    ),
    vscode.commands.registerCommand('scalingLaws.calculator.setInputs', async (inputs: Partial<CalculatorInputs> | undefined, target?: CalculatorTarget) => (await page(target)).setInputs(inputs ?? {})),
  ];
}
