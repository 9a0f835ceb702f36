/**
 * Notebook renderer for fit outputs (FIT_MIME), in our notebooks and in ordinary .ipynb files. Builds
 * Vega-Lite specs from the payload with src/core/plot and draws them with vega-embed in CSP-safe mode.
 */
import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import type { FitOutput, ThemeSetting } from '../src/shared/fitOutput';
import { COMPARISON_KEY, type HostToRenderer, type RendererToHost } from '../src/shared/messages';
import { ChartOutput } from './chartOutput';

export const activate: ActivationFunction = (ctx) => {
  const charts = new Map<string, ChartOutput>();
  // Messaging is optional (web, serverless hosts): export buttons appear only when it exists.
  const post = ctx.postMessage ? (message: RendererToHost) => ctx.postMessage!(message) : undefined;
  ctx.onDidReceiveMessage?.((message: HostToRenderer) => charts.get(message.outputId)?.onMessage(message));

  const dispose = (id: string) => {
    charts.get(id)?.dispose();
    charts.delete(id);
  };

  return {
    async renderOutputItem(item, element, signal) {
      dispose(item.id);
      const output = readOutput(item);
      if (typeof output === 'string') {
        const message = element.ownerDocument.createElement('div');
        message.className = 'sl-error';
        message.textContent = output;
        element.replaceChildren(message);
        return;
      }
      const comparison = (item.metadata as Record<string, unknown> | undefined)?.[COMPARISON_KEY];
      const chart = new ChartOutput(element, item.id, output, themeSetting(item, output), post, typeof comparison === 'string' ? comparison : undefined);
      charts.set(item.id, chart);
      await chart.draw(signal);
    },
    disposeOutputItem(id) {
      // No id: every output of this renderer was cleared.
      for (const key of id === undefined ? [...charts.keys()] : [id]) dispose(key);
    },
  };
};

/** The payload, or why it cannot be drawn (hand-written .ipynb outputs can hold anything). */
function readOutput(item: OutputItem): FitOutput | string {
  let value: unknown;
  try {
    value = item.json();
  } catch (error) {
    return `Scaling Laws: the output is not valid JSON (${(error as Error).message}).`;
  }
  const output = value as Partial<FitOutput> | null;
  if (!output || output.version !== 1 || !Array.isArray(output.fits) || !output.points || !Array.isArray(output.curves) || !Array.isArray(output.plots)) {
    return 'Scaling Laws: this output is not a version-1 fit output (expected {version: 1, fits, points, curves, plots}).';
  }
  return output as FitOutput;
}

/** Output metadata `theme` (set by the notebook from the user's setting) wins over the payload's. */
function themeSetting(item: OutputItem, output: FitOutput): ThemeSetting {
  const pinned = (item.metadata as { theme?: unknown } | undefined)?.theme;
  return pinned === 'light' || pinned === 'dark' || pinned === 'auto' ? pinned : (output.theme ?? 'auto');
}
