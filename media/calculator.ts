/**
 * The compute-optimal calculator webview (dist/calculator.js). The maths runs here, through the same
 * planRun as `scaling-laws optimal`, so every keystroke answers at once; the host supplies the current
 * fit, persists the inputs across reloads, and does what a webview cannot (clipboard, notebooks).
 */
import type { Result } from 'vega-embed';
import { embedCspSafe } from '../renderer/cspEmbed';
import { resolveTheme } from '../renderer/theme';
import { shadowTooltip } from '../renderer/tooltip';
import type { CalculatorFits, CalculatorInputs, CalculatorOutputs, CalculatorToHost, HostToCalculator } from '../src/shared/messages';
import { CalculatorForm } from './calculatorForm';
import { type CalculatorPlan, DEFAULT_INPUTS, evaluate, type FieldErrors } from './calculatorModel';
import { isoflopSpec } from './isoflopChart';
import { planColumns, planMarkdown, planRows, planSummary } from './planTable';

interface VsCodeApi {
  postMessage(message: CalculatorToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  inputs: CalculatorInputs;
}

const vscode = acquireVsCodeApi();
const RECOMPUTE_DELAY_MS = 120;
/** Redraw only for resizes of at least this much, not for every pixel of a drag. */
const RESIZE_STEP_PX = 8;
/** Room beside the plot for the loss axis (labels and title), so the whole chart fits its box. */
const Y_AXIS_ROOM_PX = 60;
const MIN_PLOT_WIDTH_PX = 160;

function chartWidth(boxWidth: number): number {
  return Math.max(MIN_PLOT_WIDTH_PX, boxWidth - Y_AXIS_ROOM_PX);
}

class Calculator {
  private inputs: CalculatorInputs;
  private fits: CalculatorFits | undefined;
  private plan: CalculatorPlan | undefined;
  private readonly form: CalculatorForm;
  private readonly results: HTMLElement;
  private readonly planError: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly warnings: HTMLElement;
  private readonly chart: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly status: HTMLElement;
  private readonly tooltip: ReturnType<typeof shadowTooltip>;
  private chartResult: Result | undefined;
  private drawing: Promise<void> = Promise.resolve();
  /** The chart box's width at the last draw: a resize redraws the chart at the new width. */
  private drawnWidth = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly restored: boolean;

  constructor(
    private readonly doc: Document,
    saved: CalculatorInputs | undefined,
  ) {
    this.inputs = saved ?? DEFAULT_INPUTS;
    this.restored = saved !== undefined;
    this.form = new CalculatorForm(doc, this.inputs, (inputs) => this.changed(inputs));
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] => {
      const e = doc.createElement(tag);
      e.className = className;
      return e;
    };
    this.results = el('section', 'results');
    this.results.id = 'results';
    this.results.setAttribute('aria-label', 'Plan');
    this.results.setAttribute('aria-live', 'polite');
    this.planError = el('div', 'error plan-error');
    this.planError.setAttribute('role', 'alert');
    this.summary = el('ul', 'summary');
    this.table = el('table', 'plan');
    this.warnings = el('ul', 'warnings');
    this.chart = el('div', 'chart');
    this.chart.setAttribute('role', 'img');
    this.chart.setAttribute('aria-label', 'IsoFLOP chart: predicted loss versus parameters at this budget, with the optimum marked');
    this.actions = el('div', 'actions');
    this.status = el('span', 'status');
    this.status.setAttribute('role', 'status');
    this.actions.append(
      this.button('Copy as Markdown', () => this.post({ type: 'copy', format: 'markdown', text: this.markdown() })),
      this.button('Copy as JSON', () => this.post({ type: 'copy', format: 'json', text: this.json() })),
      this.button('Insert into notebook', () => this.post({ type: 'insertIntoNotebook', markdown: this.markdown() })),
      this.status,
    );
    this.results.append(this.planError, this.table, this.summary, this.warnings, this.chart, this.actions);
    this.tooltip = shadowTooltip(this.chart);
    const main = doc.getElementById('root') ?? doc.body;
    main.replaceChildren(this.form.element, this.results);
    this.form.refresh(this.fits);
    this.followEditorTheme();
    this.followWidth();
  }

  onMessage(message: HostToCalculator): void {
    switch (message.type) {
      case 'init':
        this.fits = message.fits;
        // The webview's own state (kept while the view is hidden) wins over the host's copy.
        if (message.inputs && !this.restored) this.inputs = { ...DEFAULT_INPUTS, ...message.inputs };
        this.form.setInputs(this.inputs, this.fits);
        this.compute();
        break;
      case 'fits':
        this.fits = message.fits;
        this.form.refresh(this.fits);
        if (this.inputs.lawSource === 'current-fit') this.compute();
        break;
      case 'setInputs':
        this.inputs = { ...this.inputs, ...message.inputs };
        this.form.setInputs(this.inputs, this.fits);
        this.compute();
        break;
    }
  }

  private changed(inputs: CalculatorInputs): void {
    this.inputs = inputs;
    this.form.refresh(this.fits);
    vscode.setState({ inputs } satisfies ViewState);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), RECOMPUTE_DELAY_MS);
  }

  private compute(): void {
    clearTimeout(this.timer);
    vscode.setState({ inputs: this.inputs } satisfies ViewState);
    const evaluation = evaluate(this.inputs, this.fits);
    const errors: FieldErrors = evaluation.ok ? {} : evaluation.errors;
    this.form.showErrors(errors);
    this.planError.textContent = errors.plan ?? (evaluation.ok ? '' : 'Fix the highlighted inputs.');
    this.planError.hidden = evaluation.ok;
    this.plan = evaluation.ok ? evaluation.plan : undefined;
    this.results.classList.toggle('stale', !evaluation.ok);
    if (this.plan) this.renderPlan(this.plan);
    const outputs: CalculatorOutputs = evaluation.ok ? { ok: true, result: evaluation.plan.result } : { ok: false, errors };
    this.post({ type: 'computed', inputs: this.inputs, outputs });
  }

  private renderPlan(plan: CalculatorPlan): void {
    const doc = this.doc;
    const columns = planColumns(plan.result);
    const head = this.table.createTHead();
    head.replaceChildren();
    const headRow = head.insertRow();
    for (const label of ['', ...columns.map((c) => c.label)]) {
      const th = doc.createElement('th');
      th.scope = 'col';
      // A break opportunity after the slash: "20 tokens/param" may wrap in a 300 px side view.
      th.textContent = label.replace('/', '/\u200b');
      headRow.append(th);
    }
    const body = this.table.tBodies[0] ?? this.table.createTBody();
    body.replaceChildren();
    for (const row of planRows(plan.result, columns)) {
      const tr = body.insertRow();
      tr.dataset.output = row.key;
      const th = doc.createElement('th');
      th.scope = 'row';
      th.textContent = row.label;
      tr.append(th);
      for (const cell of row.cells) tr.insertCell().textContent = cell;
    }
    this.summary.replaceChildren(...planSummary(plan.result, plan.lawLabel).map((line) => this.item(line)));
    this.warnings.replaceChildren(...plan.result.warnings.map((w) => this.item(w.message)));
    void this.drawChart();
  }

  /** Re-embeds the chart; a later call waits for the previous one (keystrokes and theme flips come in bursts). */
  private drawChart(): Promise<void> {
    this.drawing = this.drawing.then(async () => {
      const plan = this.plan;
      this.chartResult?.finalize();
      this.chartResult = undefined;
      const host = this.chart.querySelector('.vega') ?? this.doc.createElement('div');
      host.className = 'vega';
      this.chart.prepend(host);
      if (!plan || plan.curve.length === 0) {
        host.replaceChildren();
        return;
      }
      const theme = resolveTheme('auto', this.doc.body);
      const width = chartWidth(this.chart.clientWidth);
      this.drawnWidth = this.chart.clientWidth;
      try {
        this.chartResult = await embedCspSafe(host as HTMLElement, isoflopSpec(plan.curve, plan.result, theme, width), { tooltip: this.tooltip });
      } catch (error) {
        host.textContent = `Chart failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    return this.drawing;
  }

  /** VS Code swaps body classes and --vscode-* variables on a theme change: restyle the chart. */
  private followEditorTheme(): void {
    const observer = new MutationObserver(() => void this.drawChart());
    observer.observe(this.doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
    observer.observe(this.doc.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  /** The side view and the editor panel are resized by dragging: the chart follows its box's width. */
  private followWidth(): void {
    const observer = new ResizeObserver(() => {
      if (Math.abs(this.chart.clientWidth - this.drawnWidth) >= RESIZE_STEP_PX) void this.drawChart();
    });
    observer.observe(this.chart);
  }

  private markdown(): string {
    return this.plan ? planMarkdown(this.plan.result, this.plan.lawLabel) : '';
  }

  private json(): string {
    return this.plan ? JSON.stringify({ input: this.plan.input, result: this.plan.result }, null, 2) : '';
  }

  private post(message: CalculatorToHost): void {
    if ((message.type === 'copy' || message.type === 'insertIntoNotebook') && !this.plan) {
      this.status.textContent = 'Nothing to copy: fix the inputs first.';
      return;
    }
    if (message.type === 'copy') this.status.textContent = `Copied as ${message.format === 'json' ? 'JSON' : 'Markdown'}.`;
    vscode.postMessage(message);
  }

  private button(label: string, onClick: () => void): HTMLButtonElement {
    const button = this.doc.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', onClick);
    return button;
  }

  private item(text: string): HTMLLIElement {
    const li = this.doc.createElement('li');
    li.textContent = text;
    return li;
  }
}

const saved = (vscode.getState() as Partial<ViewState> | undefined)?.inputs;
const calculator = new Calculator(document, saved ? { ...DEFAULT_INPUTS, ...saved } : undefined);
window.addEventListener('message', (event: MessageEvent<HostToCalculator>) => {
  // Only the host's typed messages; VS Code's own messages to the frame carry no such `type`.
  if (event.data && typeof event.data === 'object' && 'type' in event.data) calculator.onMessage(event.data);
});
vscode.postMessage({ type: 'ready' });
