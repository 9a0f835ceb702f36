import { markdownCode, markdownText } from '../escape';
import { formatNumber, formatPercent, plural } from '../format';
import { describeStarts } from '../startsText';
import { describeRows } from '../describeRows';
import type { FitResult } from '../types';
import { fitSeries } from '../fitSeries';
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
  const several = fitSeries(fits) !== undefined;
  const parts = fits.map((fit, f) => {
    const quality = [`RMSE(log) ${formatNumber(fit.metrics.rmseLog, 3)}`, `R² ${formatNumber(fit.metrics.r2, 4)}`, `MAPE ${formatPercent(fit.metrics.mape)}`];
    if (fit.holdout) quality.push(`held-out ARE ${formatPercent(fit.holdout.are)} on ${plural(fit.holdout.n, 'row')} (max ${formatPercent(fit.holdout.maxAre)})`);
    const withCi = fit.ci95 !== undefined;
    const table = [...Object.entries(fit.params), ...Object.entries(fit.derived ?? {})].map(
      ([name, value]) => `| ${markdownText(name)}${paramNote(fit, name)} | ${formatNumber(value)} |${withCi ? ` ${interval(fit, name)} |` : ''}`,
    );
    const header = withCi ? ['| parameter | value | 95 % CI |', '|---|---|---|'] : ['| parameter | value |', '|---|---|'];
    // A list, one item per warning: quoted lines in a row merge into one paragraph.
    const warnings = fit.warnings.length > 0 ? ['', `⚠ ${plural(fit.warnings.length, 'warning')}:`, '', ...fit.warnings.map((w) => `- ${markdownText(w.message)}`)] : [];
    const forecast = forecasts.find((fc) => fc.fit === f);
    const prediction = forecast ? ['', `Forecast: ${markdownText(describeForecast(forecast))}`] : [];
    const rows = fit.rows ? ['', markdownText(describeRows(fit.rows))] : [];
    return [`**${markdownText(fit.law.id)}**${several ? seriesText(fit) : ''} on ${plural(fit.n, 'row')}: ${quality.join(', ')}`, ...rows, ...prediction, '', markdownCode(fit.law.formula), '', ...header, ...table, '', `Starts: ${describeStarts(fit.starts)}`, ...warnings].join('\n');
  });
  const shared = fits.find((fit) => fit.group?.shared)?.group;
  if (shared?.shared) parts.push(sharedText(shared.column, shared.shared));
  for (const failure of failures) parts.push(`**${markdownText(failure.law)}** could not be fitted: ${markdownText(failure.message)}`);
  return parts.join('\n\n');
}

function paramNote(fit: FitResult, name: string): string {
  if (fit.derived && name in fit.derived) return ' (derived)';
  if (fit.group?.shared?.names.includes(name)) return ' (shared)';
  return fit.held?.includes(name) ? ' (held)' : '';
}

/** " of `c4_loss`" (a target of `loss: [a, b]`) or " for `dataset` = `rw`" (a group of `group:`). */
function seriesText(fit: FitResult): string {
  if (fit.target !== undefined) return ` of ${markdownCode(fit.target)}`;
  return fit.group ? ` for ${markdownCode(fit.group.column)} = ${markdownCode(fit.group.label)}` : '';
}

/** What sharing cost: the joint objective against the groups fitted apart (never lower: it is their constrained fit). */
function sharedText(column: string, shared: NonNullable<NonNullable<FitResult['group']>['shared']>): string {
  const rise = shared.independent > 0 ? ` (${formatPercent(shared.objective / shared.independent - 1)} more)` : '';
  return `Shared across ${markdownCode(column)}: ${shared.names.map(markdownText).join(', ')}, fitted jointly. Objective ${formatNumber(shared.objective)}, against ${formatNumber(shared.independent)} for the groups fitted apart${rise}.`;
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
