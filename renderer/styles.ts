/**
 * The renderer's only stylesheet, adopted by each output's shadow root (constructable stylesheets are
 * not inline styles, so they work under a CSP without 'unsafe-inline'; vega-embed's own injected
 * <style> is turned off with defaultStyle: false).
 */
export const RENDERER_CSS = `
:host { display: block; color: var(--vscode-foreground, inherit); font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); }
.sl-root { position: relative; }
.sl-toolbar { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin: 0 0 6px; }
.sl-toolbar button { font: inherit; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, #8884)); border-radius: 2px; padding: 2px 8px; cursor: pointer; }
.sl-toolbar button[aria-pressed="true"] { color: var(--vscode-button-foreground, inherit); background: var(--vscode-button-background, #8883); }
.sl-toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); outline-offset: 1px; }
.sl-toolbar button[data-x-scale="log"] { margin-left: 12px; }
.sl-toolbar button[hidden] { display: none; }
.sl-spacer { flex: 1; }
.sl-status { color: var(--vscode-descriptionForeground, inherit); margin-left: 6px; }
.sl-status.sl-status-error { color: var(--vscode-errorForeground, #c72e0f); }
.sl-chart { position: relative; }
.sl-chart .vega-embed { display: inline-block; }
.sl-bindings .vega-bind { display: inline-flex; align-items: center; gap: 6px; margin: 4px 12px 0 0; }
.sl-bindings input[type="range"] { width: 220px; accent-color: var(--vscode-charts-red, auto); }
.sl-compare { margin: 0 0 8px; }
.sl-compare-table { overflow-x: auto; }
.sl-compare table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.sl-verdict { margin: 0 0 4px; font-weight: 600; }
.sl-compare th, .sl-compare td { padding: 2px 6px; text-align: right; border-bottom: 1px solid var(--vscode-editorWidget-border, #8884); white-space: nowrap; }
.sl-compare th:nth-child(2), .sl-compare td:nth-child(2) { text-align: left; }
.sl-compare tr.sl-recommended td { font-weight: 600; background: var(--vscode-list-inactiveSelectionBackground, #8882); }
.sl-compare td[title] { text-decoration: underline dotted; cursor: help; }
.sl-compare button { font: inherit; color: var(--vscode-button-secondaryForeground, inherit); background: var(--vscode-button-secondaryBackground, transparent);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, #8884)); border-radius: 2px; padding: 1px 8px; cursor: pointer; }
.sl-compare button:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); outline-offset: 1px; }
.sl-compare-note { color: var(--vscode-descriptionForeground, inherit); margin: 4px 0 0; }
.sl-error { color: var(--vscode-errorForeground, #c4314b); white-space: pre-wrap; }
.sl-tooltip { position: absolute; z-index: 10; pointer-events: none; max-width: 420px; padding: 4px 8px;
  color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground, #222)); background: var(--vscode-editorHoverWidget-background, #f3f3f3);
  border: 1px solid var(--vscode-editorHoverWidget-border, #8886); border-radius: 3px; font-size: 12px; }
.sl-tooltip[hidden] { display: none; }
.sl-tooltip th { text-align: right; font-weight: normal; color: var(--vscode-descriptionForeground, #666); padding-right: 8px; }
`;
