/**
 * `--plot OUT.svg|OUT.html|OUT.vl.json`: write a fit's charts to a file.
 *
 * - `.vl.json`: the Vega-Lite spec itself (open it in any Vega-Lite viewer).
 * - `.fit.json`: the renderer payload (`application/vnd.scaling-laws.fit+json`), for Jupyter.
 * - `.svg`: rendered headlessly with Vega in Node (`View.toSVG`, no canvas or browser needed).
 * - `.html`: a self-contained page holding the same static SVG plus the spec as inert JSON. It runs no
 *   script and fetches nothing, so it opens offline and under any CSP; the interactive chart is the
 *   notebook output in VS Code (inlining the ~900 KB Vega runtime into every file was the alternative).
 */
import { escapeHtml } from '../core/escape';
import { buildStaticSpec, LIGHT_THEME, type VegaLiteSpec } from '../core/plot';
import { UserError } from '../core/types';
import type { FitOutput } from '../shared/fitOutput';
import { checkOutputPath, writeOutputFile } from './io';

type PlotFormat = 'svg' | 'html' | 'vl.json';

function formatOf(path: string): PlotFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.vl.json')) return 'vl.json';
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  throw new UserError(`--plot ${path}: the file name must end in .svg, .html, .vl.json or .fit.json`, 'bad-plot-path');
}

/** Validates a `--plot` path (format and folder) before the fit runs; writing re-checks it. */
export function checkPlotPath(path: string): void {
  if (!path.toLowerCase().endsWith('.fit.json')) formatOf(path);
  checkOutputPath('--plot', path);
}

/** Renders a Vega-Lite spec to SVG text in Node. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // Loaded on demand: Vega is large and most CLI runs draw nothing.
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(compile(spec as unknown as Parameters<typeof compile>[0]).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** What a page says it holds and which command wrote it. */
export interface PlotPage {
  title: string;
  command: string;
}

const FIT_PAGE: PlotPage = { title: 'Scaling-law fit', command: 'scaling-laws fit --plot' };

function htmlPage(svg: string, spec: VegaLiteSpec, page: PlotPage): string {
  const { title } = page;
  // `<` escaped so the JSON cannot close its script element.
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;background:#fff;color:#1f1f1f}p{color:#616161;max-width:60em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${svg}
<p>Static chart written by <code>${escapeHtml(page.command)}</code>. The Vega-Lite spec is embedded below
(<code>script#vega-lite-spec</code>) for any Vega-Lite viewer; open the run log in VS Code with the Scaling Laws
extension for the interactive chart.</p>
<script type="application/json" id="vega-lite-spec">${json}</script>
</body></html>
`;
}

/** Writes `spec` to `path` in the format its extension names. */
export async function writePlot(path: string, spec: VegaLiteSpec, page: PlotPage = FIT_PAGE): Promise<void> {
  const format = formatOf(path);
  const text = format === 'vl.json' ? `${JSON.stringify(spec, null, 2)}\n` : format === 'svg' ? await renderSvg(spec) : htmlPage(await renderSvg(spec), spec, page);
  await writeOutputFile('--plot', path, text);
}

/**
 * The CLI's `--plot`: every chart of a fit output, stacked, in the light theme — or, for `.fit.json`, the
 * notebook renderer's payload itself, which a Jupyter notebook displays under our MIME type.
 */
export async function writeFitPlot(path: string, output: FitOutput): Promise<void> {
  if (output.plots.length === 0) throw new UserError(`--plot: nothing to draw (${output.notes.join(' ')})`, 'no-plot');
  if (path.toLowerCase().endsWith('.fit.json')) {
    await writeOutputFile('--plot', path, `${JSON.stringify(output)}\n`);
    return;
  }
  await writePlot(path, buildStaticSpec(output, { theme: LIGHT_THEME }));
}
