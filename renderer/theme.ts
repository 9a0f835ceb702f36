import { type ChartTheme, DARK_THEME, LIGHT_THEME } from '../src/core/plot/theme';
import type { ThemeSetting } from '../src/shared/fitOutput';

type Kind = ChartTheme['kind'];

/** The workbench theme kind, from the classes VS Code puts on the webview's body. */
export function editorThemeKind(doc: Document = document): Kind {
  const body = doc.body;
  const attr = body.dataset.vscodeThemeKind;
  if (attr === 'vscode-high-contrast-light' || body.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (attr === 'vscode-high-contrast' || body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (attr === 'vscode-dark' || body.classList.contains('vscode-dark')) return 'dark';
  if (attr === 'vscode-light' || body.classList.contains('vscode-light')) return 'light';
  return matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Chart colours for the output. 'auto' reads the editor's --vscode-* variables (resolved to concrete
 * values, so exported SVG/PNG files carry real colours); a pinned 'light'/'dark' ignores the editor so
 * the chart looks the way colleagues will see it.
 */
export function resolveTheme(setting: ThemeSetting, host: Element): ChartTheme {
  if (setting === 'light') return LIGHT_THEME;
  if (setting === 'dark') return DARK_THEME;
  const kind = editorThemeKind(host.ownerDocument);
  const base = kind === 'light' || kind === 'high-contrast-light' ? LIGHT_THEME : DARK_THEME;
  const css = getComputedStyle(host);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const charts = ['blue', 'orange', 'red', 'green', 'purple', 'yellow'].map((c) => css.getPropertyValue(`--vscode-charts-${c}`).trim()).filter(Boolean);
  const contrast = kind.startsWith('high-contrast') ? v('--vscode-contrastBorder', base.grid) : undefined;
  return {
    ...base,
    kind,
    background: v('--vscode-notebook-outputContainerBackgroundColor', v('--vscode-editor-background', base.background)),
    foreground: v('--vscode-editor-foreground', v('--vscode-foreground', base.foreground)),
    muted: contrast ?? v('--vscode-descriptionForeground', base.muted),
    grid: contrast ?? v('--vscode-editorWidget-border', v('--vscode-charts-lines', base.grid)),
    palette: charts.length >= 4 ? [...charts, ...base.palette.slice(charts.length)] : base.palette,
    accent: v('--vscode-charts-red', base.accent),
    fontFamily: v('--vscode-font-family', base.fontFamily),
    fontSize: Number.parseFloat(v('--vscode-font-size', '')) - 2 || base.fontSize,
  };
}
