import * as vscode from 'vscode';
import { comparisonMarkdown, fitSummaryMarkdown, type FitFailure } from '../../core/spec/summary';
import { vectorPredictor } from '../../core/spec/predictor';
import type { ComparedFits } from '../../core/fit/compare';
import type { FitOutputOptions } from '../../core/plot/buildFitOutput';
import type { SeriesFits } from '../../core/plot/series';
import type { FitResult, RunTable } from '../../core/types';
import type { ComparisonView, PlotKind, RunForecast } from '../../shared/fitOutput';
import { FIT_MIME, VEGA_LITE_MIME } from '../../shared/mime';
import { COMPARISON_KEY } from '../../shared/messages';
import { loadEngine } from '../engineLoader';

export interface CellFits {
  table: RunTable;
  fits: FitResult[];
  failures: FitFailure[];
  /** Rows the spec's `where` keeps (default: every usable row). */
  rows?: number[];
  /** The spec's `plot` list. */
  plots?: PlotKind[];
  /** How the spec draws the chart: its `x:` axis, `extrapolate:` target, and learning curves' `until:` and `smooth:`. */
  drawing?: Pick<FitOutputOptions, 'x' | 'extrapolateTo' | 'until' | 'smooth'>;
  /**
   * `loss: [a, b, …]` or `group:`: each target's or group's table and fits (`fits` holds them all, in this
   * order), drawn in one chart coloured by `by`.
   */
  series?: { by: 'loss' | 'group'; parts: SeriesFits[] };
  /** `compare: true`: the ranking, drawn as a table above the overlay of `fits`. */
  comparison?: ComparisonView;
  /** A comparison's spec text as it ran: "Use this law" refits only from that spec, never from a later edit. */
  specText?: string;
}

/** Output metadata key of the spec text a comparison ran (CellFits.specText); in memory only, never saved. */
export const COMPARED_SPEC_KEY = 'comparedSpec';

/** A comparison as a cell's fits: the laws that could be fitted, drawn together under the ranking of all. */
export function comparedCell(table: RunTable, compared: ComparedFits, display: Pick<CellFits, 'rows' | 'plots' | 'drawing'>, specText: string): CellFits {
  const fits = compared.fits.flatMap((fit) => (fit ? [fit] : []));
  const comparison = loadEngine().comparisonView(compared);
  const failures = compared.comparison.rows.flatMap((row) => (row.error ? [{ law: row.law, message: row.error }] : []));
  return { table, fits, failures, comparison, specText, ...display };
}

/**
 * The outputs of a spec cell: the chart (our MIME type first, then a plain Vega-Lite spec any Jupyter
 * renderer can draw) and the markdown summary as a second output, so VS Code never picks the summary
 * as the chart's representation.
 */
export function fitOutputs(cell: CellFits): vscode.NotebookCellOutput[] {
  const outputs: vscode.NotebookCellOutput[] = [];
  let forecasts: RunForecast[] = [];
  const engine = cell.fits.length > 0 ? loadEngine() : undefined;
  const predictor = engine && vectorPredictor(engine.predictWith);
  const output =
    engine && predictor && (cell.series ? engine.buildSeriesOutput(cell.series.parts, predictor, cell.drawing, cell.series.by) : engine.buildFitOutput(cell.table, cell.fits, predictor, { ...(cell.rows ? { rows: cell.rows } : {}), ...cell.drawing }));
  // A fit with nothing to chart (x read from a column) still gets its summary.
  if (engine && output && output.plots.length > 0) {
    forecasts = output.learningCurve?.forecasts ?? [];
    if (cell.comparison) output.comparison = cell.comparison;
    if (cell.plots) {
      const missing = cell.plots.filter((kind) => !output.plots.includes(kind));
      if (missing.length > 0) output.notes.push(vscode.l10n.t('Not available for this fit: {0}.', missing.join(', ')));
      const kept = cell.plots.filter((kind) => output.plots.includes(kind));
      if (kept.length > 0) output.plots = kept;
    }
    const light = [vscode.ColorThemeKind.Light, vscode.ColorThemeKind.HighContrastLight].includes(vscode.window.activeColorTheme.kind);
    const vegaLite = engine.buildStaticSpec(output, { theme: light ? engine.LIGHT_THEME : engine.DARK_THEME });
    // A comparison's id lets "Use this law" find its cell again (outputs have no id in the API).
    const metadata = cell.comparison ? { [COMPARISON_KEY]: crypto.randomUUID(), [COMPARED_SPEC_KEY]: cell.specText } : undefined;
    outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.json(output, FIT_MIME), vscode.NotebookCellOutputItem.json(vegaLite, VEGA_LITE_MIME)], metadata));
  }
  const summary = fitSummaryMarkdown(cell.fits, cell.failures, forecasts);
  const markdown = cell.comparison ? `${comparisonMarkdown(cell.comparison)}\n\n${summary}` : summary;
  outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(markdown, 'text/markdown')]));
  return outputs;
}

/** An error output with the message only: a stack trace says nothing to someone fixing a spec. */
export function errorOutput(message: string): vscode.NotebookCellOutput {
  const error = new Error(message);
  error.name = 'Scaling Laws';
  error.stack = undefined;
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(error)]);
}

export function progressOutput(message: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(message, 'text/plain')]);
}
