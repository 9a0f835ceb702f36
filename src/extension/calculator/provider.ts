/**
 * The compute-optimal calculator view (`scalingLaws.calculator`). The webview does the maths itself
 * (dist/calculator.js bundles core/optimal), so this provider stays small: it serves the page, feeds
 * it the current fit, persists its inputs across reloads (no retainContextWhenHidden: a hidden view is
 * rebuilt from state), and does what a webview cannot — clipboard and notebook edits.
 */
import * as vscode from 'vscode';
import type { CalculatorFit, CalculatorInputs, CalculatorOutputs, CalculatorToHost, HostToCalculator } from '../../shared/messages';
import { CALCULATOR_VIEW } from '../commands/simple';
import { log, notifyError } from '../log';
import type { RunLogs } from '../runLogs';
import type { FileState } from '../stores';
import { CurrentFitSource } from './currentFit';
import { calculatorHtml } from './html';
import { insertMarkdownCell } from './notebookInsert';

const INPUTS_KEY = 'scalingLaws.calculator.inputs';
const HOOK_TIMEOUT_MS = 20_000;

/** What the webview last computed (the `scalingLaws.calculator.getState` test hook returns it). */
export interface CalculatorSnapshot {
  inputs: CalculatorInputs;
  outputs: CalculatorOutputs;
  fit?: string;
  /** Whether the page is loaded now (false once the view is hidden), so a test can wait for that. */
  loaded?: boolean;
}

export class CalculatorViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private snapshot: CalculatorSnapshot | undefined;
  private sentFit = '';
  /** The page has said `ready` and got its init (false again when the view is hidden: the page is then unloaded). */
  private loaded = false;
  private readonly readyWaiters: Array<() => void> = [];
  private readonly computedListeners = new Set<(snapshot: CalculatorSnapshot) => void>();
  private readonly fitSubscription: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly currentFit: CurrentFitSource,
  ) {
    this.fitSubscription = currentFit.onDidChange(() => void this.sendFit());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.loaded = false;
    const { extensionUri } = this.context;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    view.webview.onDidReceiveMessage((message: CalculatorToHost) => void this.onMessage(message));
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.loaded = false;
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
    view.webview.html = calculatorHtml(view.webview, extensionUri);
  }

  /** Test hook: the last inputs and outputs the webview reported. */
  getState(): CalculatorSnapshot | undefined {
    return this.snapshot && { ...this.snapshot, loaded: this.loaded };
  }

  /** Test hook: opens the view, sets some inputs and resolves with what the webview computes for them. */
  async setInputs(inputs: Partial<CalculatorInputs>): Promise<CalculatorOutputs> {
    await this.ready();
    const computed = this.nextComputed((snapshot) => Object.entries(inputs).every(([key, value]) => JSON.stringify(snapshot.inputs[key as keyof CalculatorInputs]) === JSON.stringify(value)));
    await this.post({ type: 'setInputs', inputs });
    return (await computed).outputs;
  }

  dispose(): void {
    this.fitSubscription.dispose();
  }

  private async onMessage(message: CalculatorToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const fit = this.currentFit.current();
        this.sentFit = fitKey(fit);
        await this.post({ type: 'init', inputs: this.context.globalState.get<CalculatorInputs>(INPUTS_KEY), fit });
        this.loaded = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        break;
      }
      case 'computed':
        this.snapshot = { inputs: message.inputs, outputs: message.outputs, fit: this.currentFit.current()?.label };
        await this.context.globalState.update(INPUTS_KEY, message.inputs);
        for (const listener of [...this.computedListeners]) listener(this.snapshot);
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        break;
      case 'insertIntoNotebook':
        try {
          await insertMarkdownCell(this.context, message.markdown);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          log().error(`calculator: inserting into a notebook failed: ${reason}`);
          notifyError(vscode.l10n.t('Could not insert the plan into a notebook: {0}', reason));
        }
        break;
    }
  }

  private async sendFit(): Promise<void> {
    const fit = this.currentFit.current();
    const key = fitKey(fit);
    if (!this.loaded || key === this.sentFit) return;
    this.sentFit = key;
    await this.post({ type: 'currentFit', fit });
  }

  private async post(message: HostToCalculator): Promise<void> {
    await this.view?.webview.postMessage(message);
  }

  /** Resolves once the webview has loaded and received its init message (opening the view if needed). */
  private ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    void vscode.commands.executeCommand(`${CALCULATOR_VIEW}.focus`);
    return withTimeout(waiting, 'the calculator view did not load');
  }

  private nextComputed(matches: (snapshot: CalculatorSnapshot) => boolean): Promise<CalculatorSnapshot> {
    let listener: (snapshot: CalculatorSnapshot) => void = () => {};
    const computed = new Promise<CalculatorSnapshot>((resolve) => {
      listener = (snapshot) => {
        if (!matches(snapshot)) return;
        this.computedListeners.delete(listener);
        resolve(snapshot);
      };
      this.computedListeners.add(listener);
    });
    return withTimeout(computed, 'the calculator did not answer').finally(() => this.computedListeners.delete(listener));
  }
}

function fitKey(fit: CalculatorFit | undefined): string {
  return fit ? JSON.stringify(fit) : '';
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${HOOK_TIMEOUT_MS / 1000} s`)), HOOK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers the view and its two test hooks (not contributed, so not in the palette):
 * `scalingLaws.calculator.getState` → CalculatorSnapshot | undefined, and
 * `scalingLaws.calculator.setInputs(Partial<CalculatorInputs>)` → CalculatorOutputs.
 */
export function registerCalculator(context: vscode.ExtensionContext, state: FileState, runLogs: RunLogs): vscode.Disposable[] {
  const currentFit = new CurrentFitSource(state, runLogs);
  const provider = new CalculatorViewProvider(context, currentFit);
  return [
    currentFit,
    provider,
    vscode.window.registerWebviewViewProvider(CALCULATOR_VIEW, provider),
    vscode.commands.registerCommand('scalingLaws.calculator.getState', () => provider.getState()),
    vscode.commands.registerCommand('scalingLaws.calculator.setInputs', (inputs: Partial<CalculatorInputs>) => provider.setInputs(inputs ?? {})),
  ];
}
