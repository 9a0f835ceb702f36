import embed, { type EmbedOptions, type Result, type VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';

/**
 * vega-embed as every chart of the extension needs it (notebook renderer, calculator webview): under a
 * CSP without 'unsafe-eval' expression ASTs are interpreted instead of compiled with Function(); SVG;
 * no vega-embed action menu (its <a download> links fail in webviews) and no injected <style>.
 */
export function embedCspSafe(element: HTMLElement, spec: Record<string, unknown>, options: Pick<EmbedOptions, 'tooltip' | 'bind'> = {}): Promise<Result> {
  return embed(element, spec as VisualizationSpec, {
    mode: 'vega-lite',
    ast: true,
    expr: expressionInterpreter,
    renderer: 'svg',
    actions: false,
    defaultStyle: false,
    ...options,
  });
}
