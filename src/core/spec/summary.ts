import { markdownCode, markdownText } from '../escape';
import { formatNumber, formatPercent, plural } from '../format';
import { describeStarts } from '../startsText';
import { describeRows } from '../describeRows';
import type { FitResult } from '../types';
import { fitTargets } from '../fitTargets';
import { comparisonVerdict, type ComparisonView, type RunForecast } from '../../shared/fitOutput';
import { describeForecast } from '../curve/describe';

/** A law that could not be fitted, shown in the summary beside the ones that could. */
export interface FitFailure {
  law: string;
  message: string;
}

function interval(fit: FitResult, name: string): string {
  const ci = fit.ci95?.[name];
  return ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '';
}

/**
 * The markdown summary output of a spec cell: per law a one-line quality summary, a parameter table
 * (with bootstrap 95 % intervals when there are some) and its warnings; failed laws say why. A fit of
 * a run's learning curve also says its forecast (FitOutput.learningCurve.forecasts).
 * Names, formulas and messages can come from the file: they go through markdownText / markdownCode.
 */
export function fitSummaryMarkdown(fits: readonly FitResult[], failures: readonly FitFailure[] = [], forecasts: readonly RunForecast[] = []): string {
  const targets = fitTargets(fits);
  const parts = fits.map((fit, f) => {
    const quality = [`RMSE(log) ${formatNumber(fit.metrics.rmseLog, 3)}`, `R² ${formatNumber(fit.metrics.r2, 4)}`, `MAPE ${formatPercent(fit.metrics.mape)}`];
    if (fit.holdout) quality.push(`held-out ARE ${formatPercent(fit.holdout.are)} on ${plural(fit.holdout.n, 'row')} (max ${formatPercent(fit.holdout.maxAre)})`);
    const withCi = fit.ci95 !== undefined;
    const table = [...Object.entries(fit.params), ...Object.entries(fit.derived ?? {})].map(
      ([name, value]) => `| ${markdownText(name)}${fit.derived && name in fit.derived ? ' (derived)' : fit.held?.includes(name) ? ' (held)' : ''} | ${formatNumber(value)} |${withCi ? ` ${interval(fit, name)} |` : ''}`,
    );
    const header = withCi ? ['| parameter | value | 95 % CI |', '|---|---|---|'] : ['| parameter | value |', '|---|---|'];
    // A list, one item per warning: quoted lines in a row merge into one paragraph.
    const warnings = fit.warnings.length > 0 ? ['', `⚠ ${plural(fit.warnings.length, 'warning')}:`, '', ...fit.warnings.map((w) => `- ${markdownText(w.message)}`)] : [];
    const forecast = forecasts.find((fc) => fc.fit === f);
    const prediction = forecast ? ['', `Forecast: ${markdownText(describeForecast(forecast))}`] : [];
    const rows = fit.rows ? ['', markdownText(describeRows(fit.rows))] : [];
    const target = targets ? ` of ${markdownCode(targets[f])}` : '';
    return [`**${markdownText(fit.law.id)}**${target} on ${plural(fit.n, 'row')}: ${quality.join(', ')}`, ...rows, ...prediction, '', markdownCode(fit.law.formula), '', ...header, ...table, '', `Starts: ${describeStarts(fit.starts)}`, ...warnings].join('\n');
  });
  for (const failure of failures) parts.push(`**${markdownText(failure.law)}** could not be fitted: ${markdownText(failure.message)}`);
  return parts.join('\n\n');
}

/**
 * The comparison's verdict above the cell's parameter tables (the ranking itself is the table in the
 * chart output). Labels can hold a formula from the spec: markdownText.
 */
export function comparisonMarkdown(view: ComparisonView): string {
  const chosen = view.recommended ? view.rows[view.recommended.row] : undefined;
  const { lead, label, reason } = comparisonVerdict(chosen?.label, view.recommended?.reason);
  const verdict = label !== undefined ? `**${lead}${markdownText(label)}** — ${markdownText(reason ?? '')}` : lead;
  return `${verdict}.\n\n${markdownText(view.cv)}`;
}
