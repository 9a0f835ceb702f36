import type { Result } from 'vega-embed';
import { defaultXScale } from '../src/core/plot/learningCurveSpec';
import type { XScale } from '../src/core/plot/specContext';
import { BUDGET, buildSpec, HIDDEN, ZOOM } from '../src/core/plot/specs';
import type { FitOutput, PlotKind, ThemeSetting } from '../src/shared/fitOutput';
import type { ExportFormat, HostToRenderer, RendererToHost } from '../src/shared/messages';
import { comparisonTable } from './comparisonTable';
import { embedCspSafe } from './cspEmbed';
import { RENDERER_CSS } from './styles';
import { resolveTheme } from './theme';
import { shadowTooltip } from './tooltip';

const TAB_LABELS: Record<PlotKind, string> = {
  'learning-curve': 'Learning curve',
  fit: 'Fit',
  residuals: 'Residuals',
  parity: 'Predicted vs observed',
  isoflop: 'IsoFLOP',
  frontier: 'Compute-optimal',
  'loss-curve': 'Loss curves',
};

let sheet: CSSStyleSheet | undefined;

/** Room a chart's y axis and legend take beside its plot, and the plot's width limits. */
const CHART_CHROME = 230;
const MIN_PLOT_WIDTH = 300;
const MAX_PLOT_WIDTH = 1200;
/** A resize smaller than this does not redraw (scroll bars coming and going). */
const RESIZE_STEP = 40;

/** One notebook output: a tab per plot kind, the chart, the budget slider and export buttons. */
export class ChartOutput {
  private readonly root: ShadowRoot;
  private readonly chart: HTMLElement;
  private readonly bindings: HTMLElement;
  private readonly status: HTMLElement;
  private readonly tooltip: ReturnType<typeof shadowTooltip>;
  private readonly observers: Array<MutationObserver | ResizeObserver> = [];
  private result: Result | undefined;
  private kind: PlotKind;
  /** The learning curve's x scale: Vega fixes a scale's type when it parses a spec, so a switch re-embeds. */
  private xScale: XScale | undefined;
  private scaleButtons: HTMLButtonElement[] = [];
  private drawnWidth = 0;
  private drawing: Promise<void> = Promise.resolve();
  /** Set by "Reset zoom": the next draw starts from the data's domains. */
  private zoomReset = false;

  constructor(
    element: HTMLElement,
    private readonly outputId: string,
    private readonly output: FitOutput,
    private readonly themeSetting: ThemeSetting,
    private readonly post: ((message: RendererToHost) => void) | undefined,
    /** The comparison's id in the output metadata: "Use this law" needs it (and messaging) to reach the host. */
    private readonly comparisonId?: string,
  ) {
    this.root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    this.root.replaceChildren();
    adoptStyles(this.root);
    const doc = element.ownerDocument;
    const container = doc.createElement('div');
    container.className = 'sl-root';
    this.chart = doc.createElement('div');
    this.chart.className = 'sl-chart';
    this.bindings = doc.createElement('div');
    this.bindings.className = 'sl-bindings';
    this.status = doc.createElement('span');
    this.status.className = 'sl-status';
    this.status.setAttribute('role', 'status');
    this.kind = output.plots[0] ?? 'fit';
    this.xScale = output.learningCurve ? defaultXScale(output.learningCurve) : undefined;
    if (output.comparison) container.append(comparisonTable(doc, output.comparison, post && comparisonId ? (row, button) => this.useLaw(row, button) : undefined));
    container.append(this.toolbar(doc), this.chart, this.bindings);
    this.root.append(container);
    this.tooltip = shadowTooltip(container);
    if (themeSetting === 'auto') this.followEditorTheme(doc);
    this.followWidth(doc);
  }

  /** Draws the current plot; a later call waits for the previous one (theme flips can come in bursts). */
  draw(signal?: AbortSignal): Promise<void> {
    const next = this.drawing.catch(() => undefined).then(() => (signal?.aborted ? undefined : this.embedCurrent()));
    this.drawing = next;
    return next;
  }

  onMessage(message: HostToRenderer): void {
    if (message.type === 'exportResult') this.showStatus(message.ok ? (message.message ? `Saved ${message.message}` : '') : `Export failed: ${message.message ?? ''}`, message.ok);
    if (message.type === 'useLawResult') {
      this.showStatus(message.message, message.ok);
      for (const button of Array.from(this.root.querySelectorAll<HTMLButtonElement>('button[data-use-law]'))) button.disabled = false;
    }
  }

  /** A failure reads as one (the error colour), not as a quiet line like a success. */
  private showStatus(text: string, ok: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('sl-status-error', !ok);
  }

  /** "Use this law": the host refits it from the cell's spec; the buttons wait for its answer. */
  private useLaw(row: number, button: HTMLButtonElement): void {
    for (const other of Array.from(this.root.querySelectorAll<HTMLButtonElement>('button[data-use-law]'))) other.disabled = true;
    this.showStatus(`Fitting ${this.output.comparison?.rows[row]?.label ?? ''}…`, true);
    button.blur();
    if (this.comparisonId) this.post?.({ type: 'useLaw', outputId: this.outputId, comparison: this.comparisonId, row });
  }

  dispose(): void {
    for (const observer of this.observers) observer.disconnect();
    this.result?.finalize();
    this.result = undefined;
    this.root.replaceChildren();
  }

  private async embedCurrent(): Promise<void> {
    const previous = this.result;
    // Keep hidden series, the budget and the zoom across a restyle or resize. The scales read the zoom
    // from its store; the next pan or zoom starts from the scales' domains.
    const kept = [`${HIDDEN}_store`, ...(this.zoomReset ? [] : [`${ZOOM}_store`])];
    this.zoomReset = false;
    const state = previous?.view.getState({ signals: (name?: string) => name === BUDGET, data: (name?: string) => kept.includes(name ?? ''), recurse: true });
    previous?.finalize();
    this.bindings.replaceChildren();
    const theme = resolveTheme(this.themeSetting, this.root.host);
    const width = this.plotWidth();
    const spec = buildSpec(this.output, this.kind, { theme, interactive: true, width, ...(this.kind === 'learning-curve' ? { xScale: this.xScale } : {}) });
    this.result = await embedCspSafe(this.chart, spec, { tooltip: this.tooltip, bind: this.bindings });
    this.drawnWidth = width;
    for (const button of this.scaleButtons) {
      button.hidden = this.kind !== 'learning-curve';
      button.setAttribute('aria-pressed', String(button.dataset.xScale === this.xScale));
    }
    if (state && previous && this.chart.dataset.kind === this.kind) {
      try {
        await this.result.view.setState(state).runAsync();
      } catch {
        // A state from an older spec shape is simply not restored.
      }
    }
    // Set once the restored state is drawn: what tests (and styles) can wait on after a restyle.
    this.chart.dataset.kind = this.kind;
    this.chart.dataset.theme = theme.kind;
    if (this.xScale) this.chart.dataset.xScale = this.xScale;
  }

  /**
   * Every chart fills the output's width (within limits), so it reads at notebook widths from 600 to
   * 1,400 px: the axes, legends and wrapped subtitles are laid out for the width it is drawn at.
   */
  private plotWidth(): number {
    const available = (this.root.host as HTMLElement).clientWidth - CHART_CHROME;
    return Math.round(Math.min(MAX_PLOT_WIDTH, Math.max(MIN_PLOT_WIDTH, available)));
  }

  private toolbar(doc: Document): HTMLElement {
    const bar = doc.createElement('div');
    bar.className = 'sl-toolbar';
    const tabs = this.output.plots.map((kind) => {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = TAB_LABELS[kind];
      button.dataset.plot = kind;
      button.setAttribute('aria-pressed', String(kind === this.kind));
      button.addEventListener('click', () => {
        this.kind = kind;
        for (const tab of tabs) tab.setAttribute('aria-pressed', String(tab === button));
        void this.draw();
      });
      return button;
    });
    const spacer = doc.createElement('span');
    spacer.className = 'sl-spacer';
    bar.append(...tabs, ...this.scaleSwitch(doc), spacer, this.resetZoomButton(doc));
    // Export goes through the host's save dialog; without messaging (web, plain viewers) there is none.
    if (this.post) {
      for (const format of ['svg', 'png'] as const) {
        const button = doc.createElement('button');
        button.type = 'button';
        button.textContent = `Save ${format.toUpperCase()}`;
        button.dataset.export = format;
        button.addEventListener('click', () => void this.exportChart(format));
        bar.append(button);
      }
    }
    // The output's notes are the chart's subtitle (so Save SVG/PNG keeps them), not repeated in the bar.
    bar.append(this.status);
    return bar;
  }

  /** "x: log" / "x: linear" for the learning curve (shown on its tab only). */
  private scaleSwitch(doc: Document): HTMLButtonElement[] {
    if (!this.xScale) return [];
    this.scaleButtons = (['log', 'linear'] as const).map((scale) => {
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'sl-scale';
      button.textContent = `x: ${scale}`;
      button.title = `${scale === 'log' ? 'Logarithmic' : 'Linear'} x axis`;
      button.dataset.xScale = scale;
      button.setAttribute('aria-pressed', String(scale === this.xScale));
      button.hidden = this.kind !== 'learning-curve';
      button.addEventListener('click', () => {
        if (this.xScale === scale) return;
        this.xScale = scale;
        void this.draw();
      });
      return button;
    });
    return this.scaleButtons;
  }

  /** Back to the data's domains (Vega's own reset is a double click, which nobody finds). */
  private resetZoomButton(doc: Document): HTMLButtonElement {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = 'Reset zoom';
    button.title = 'Zoom: Ctrl/Cmd + mouse wheel; pan: drag';
    button.dataset.resetZoom = '';
    button.addEventListener('click', () => {
      this.zoomReset = true;
      void this.draw();
    });
    return button;
  }

  /** Chart file contents with the theme's concrete colours (the spec never holds CSS variables). */
  async exportChart(format: ExportFormat): Promise<void> {
    const view = this.result?.view;
    if (!view || !this.post) return;
    const data = format === 'svg' ? await view.toSVG() : (await view.toImageURL('png', 2)).replace(/^data:image\/png;base64,/, '');
    this.post({ type: 'export', outputId: this.outputId, format, data, suggestedName: `scaling-law-${this.kind}.${format}` });
  }

  /** A notebook column resized (panel, window) redraws the chart at the new width. */
  private followWidth(doc: Document): void {
    const view = doc.defaultView;
    if (!view?.ResizeObserver) return;
    const observer = new view.ResizeObserver(() => {
      if (this.drawnWidth > 0 && Math.abs(this.plotWidth() - this.drawnWidth) >= RESIZE_STEP) void this.draw();
    });
    observer.observe(this.root.host);
    this.observers.push(observer);
  }

  /** VS Code swaps body classes and --vscode-* variables on a theme change; restyle without a re-run. */
  private followEditorTheme(doc: Document): void {
    let pending = false;
    const restyle = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        void this.draw();
      });
    };
    for (const [target, attributeFilter] of [
      [doc.body, ['class', 'data-vscode-theme-kind']],
      [doc.documentElement, ['style', 'class']],
    ] as const) {
      const observer = new MutationObserver(restyle);
      observer.observe(target, { attributes: true, attributeFilter: [...attributeFilter] });
      this.observers.push(observer);
    }
  }
}

function adoptStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(RENDERER_CSS);
  }
  root.adoptedStyleSheets = [sheet];
}
