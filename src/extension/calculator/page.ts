import * as vscode from 'vscode';
import type { CalculatorInputs, CalculatorOutputs, CalculatorToHost, HostToCalculator } from '../../shared/messages';
import { log, notifyError } from '../log';
import { calculatorHtml, type CalculatorPlace } from './html';
import { insertMarkdownCell } from './notebookInsert';
import type { WorkspaceFits } from './workspaceFits';

const INPUTS_KEY = 'scalingLaws.calculator.inputs';
const HOOK_TIMEOUT_MS = 20_000;

/** What the webview last computed (the `scalingLaws.calculator.getState` test hook returns it). */
export interface CalculatorSnapshot {
  inputs: CalculatorInputs;
  outputs: CalculatorOutputs;
  /** The label of the fit planned with (lawSource 'current-fit'), else of the active file's fit. */
  fit?: string;
  /** The fits the page offers, as ids and labels. */
  fits: Array<{ id: string; label: string }>;
  /** Whether the page is loaded now (false once it is hidden), so a test can wait for that. */
  loaded: boolean;
}

/**
 * One calculator page — in the side view or in the editor panel; both run the same dist/calculator.js
 * and share the persisted inputs. It serves the page, feeds it the workspace's fits, persists its inputs
 * (no retainContextWhenHidden: a hidden page is rebuilt from state), and does what a webview cannot —
 * clipboard and notebook edits.
 */
export class CalculatorPage implements vscode.Disposable {
  private snapshot: Omit<CalculatorSnapshot, 'loaded'> | undefined;
  private sentFits = '';
  /** The page has said `ready` and got its init (false again when it is hidden: the page is then unloaded). */
  private loaded = false;
  private readonly readyWaiters: Array<() => void> = [];
  private readonly computedListeners = new Set<(snapshot: Omit<CalculatorSnapshot, 'loaded'>) => void>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly fits: WorkspaceFits,
    private readonly webview: vscode.Webview,
    place: CalculatorPlace,
    /** Shows the page (focusing the view or revealing the panel) so that it loads. */
    private readonly reveal: () => void,
  ) {
    const { extensionUri } = context;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    this.subscriptions = [webview.onDidReceiveMessage((message: CalculatorToHost) => void this.onMessage(message)), fits.onDidChange(() => void this.sendFits())];
    webview.html = calculatorHtml(webview, extensionUri, place);
  }

  /** The host hid the page: its document is gone until it is shown again. */
  unloaded(): void {
    this.loaded = false;
  }

  /** Test hook: the last inputs and outputs the webview reported. */
  getState(): CalculatorSnapshot | undefined {
    return this.snapshot && { ...this.snapshot, loaded: this.loaded };
  }

  /** Test hook: shows the page, sets some inputs and resolves with what the webview computes for them. */
  async setInputs(inputs: Partial<CalculatorInputs>): Promise<CalculatorOutputs> {
    await this.ready();
    const computed = this.nextComputed((snapshot) => Object.entries(inputs).every(([key, value]) => JSON.stringify(snapshot.inputs[key as keyof CalculatorInputs]) === JSON.stringify(value)));
    await this.post({ type: 'setInputs', inputs });
    return (await computed).outputs;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async onMessage(message: CalculatorToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const fits = this.fits.all();
        this.sentFits = JSON.stringify(fits);
        await this.post({ type: 'init', inputs: this.context.globalState.get<CalculatorInputs>(INPUTS_KEY), fits });
        this.loaded = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        break;
      }
      case 'computed': {
        const fits = this.fits.all();
        const id = message.inputs.fit || fits.active;
        this.snapshot = {
          inputs: message.inputs,
          outputs: message.outputs,
          fit: fits.list.find((fit) => fit.id === id)?.label,
          fits: fits.list.map(({ id, label }) => ({ id, label })),
        };
        await this.context.globalState.update(INPUTS_KEY, message.inputs);
        for (const listener of [...this.computedListeners]) listener(this.snapshot);
        break;
      }
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

  private async sendFits(): Promise<void> {
    const fits = this.fits.all();
    const key = JSON.stringify(fits);
    if (!this.loaded || key === this.sentFits) return;
    this.sentFits = key;
    await this.post({ type: 'fits', fits });
  }

  private async post(message: HostToCalculator): Promise<void> {
    await this.webview.postMessage(message);
  }

  /** Resolves once the webview has loaded and received its init message (showing the page if needed). */
  private ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    this.reveal();
    return withTimeout(waiting, 'the calculator did not load');
  }

  private nextComputed(matches: (snapshot: Omit<CalculatorSnapshot, 'loaded'>) => boolean): Promise<Omit<CalculatorSnapshot, 'loaded'>> {
    let listener: (snapshot: Omit<CalculatorSnapshot, 'loaded'>) => void = () => {};
    const computed = new Promise<Omit<CalculatorSnapshot, 'loaded'>>((resolve) => {
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

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${HOOK_TIMEOUT_MS / 1000} s`)), HOOK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
