/**
 * `scaling-laws fit FILE --law ID|FORMULA [--objective K] [--delta X] [--where EXPR] [--holdout EXPR]
 * [--bootstrap N] [--seed N] [--map ROLE=COLUMN|ROLE=none]… [--x ROLE] [--option KEY=VALUE]… [--skip-first F] [--until X] [--smooth N]
 * [--json] [--plot OUT] [--extrapolate X]`.
 */
import { describeRows, fitTable, predictWith } from '../../core/fit';
import { formatNumber, formatPercent, plural } from '../../core/format';
import { describeStarts } from '../../core/startsText';
import { MAX_BOOTSTRAP, MAX_SEED } from '../../core/limits';
import { buildFitOutput, pointwise } from '../../core/plot';
import { OBJECTIVES, UserError, type FitResult } from '../../core/types';
import { EXIT, formatTable, parseCommandArgs, parseMapFlags, printJson, readMappedRunLogFile, writeErr, writeOut } from '../io';
import { checkPlotPath, writeFitPlot } from '../plotOutput';
import { curveFlags, isUsageError, parseWholeFlag, requestFlags } from './fitShared';
import { forecastOrReason, progressRole } from '../../core/curve/forecast';
import { forecastLine } from '../../core/curve/describe';
import { DEFAULT_SKIP_FIRST } from '../../core/fit/skipFirst';
import { parseNumber } from '../../core/runlog/numbers';
import { quoteText } from '../../core/quote';

const USAGE = `usage: scaling-laws fit FILE --law ID|FORMULA [--objective ${OBJECTIVES.join('|')}]
         [--delta X] [--where EXPR] [--holdout EXPR] [--bootstrap N] [--seed S]
         [--map ROLE=COLUMN|ROLE=none]... [--x ROLE] [--option KEY=VALUE]... [--skip-first F] [--until X] [--smooth N]
         [--json] [--plot OUT.svg|OUT.html|OUT.vl.json|OUT.fit.json] [--extrapolate X]

Fits a scaling law (a law or preset id from 'scaling-laws laws', or a formula such as
"E + A/N^alpha + B/D^beta") to the runs in FILE and prints parameters, objective, metrics and warnings.
huber-mle (Besiroglu et al.) also fits the residual scale; its value is a negative log-likelihood and
s = ln σ is reported as a derived quantity.
--map C=none leaves C unbound, so C = 6·N·D is derived (a column named none: --map C='"none"').
--option KEY=VALUE sets a law option (bnsl breaks=2, saturating-power offset=true, downstream-error
input=COLUMN …; 'scaling-laws laws' lists each law's options); an option the law lacks is an error.
--bootstrap N: 0 … ${MAX_BOOTSTRAP} resamples; --seed S: 0 … ${MAX_SEED} (the PRNG's 32-bit state), default 0.
Learning curves (one run's loss against step or tokens): the forecast is printed at the end of the run
(--until X, else the trainer's max_steps, else the last row). --skip-first F leaves rows before F × the
last step out of the fit (default per law: ${Object.entries(DEFAULT_SKIP_FIRST).map(([law, f]) => `${law} ${f}`).join(', ')}; 0 keeps
every row). --smooth N: EMA window in rows of the plotted curve (default 1 % of the rows).
--extrapolate X: where the plot's fitted curves, bands and compute-optimal frontier end, in the unit of
its x axis (C in FLOPs for chinchilla; 1e24, or a count such as 70B); default a decade past the data.
Exit codes: 0 ok, 1 the fit failed (the message says why), 2 bad usage or unreadable input.`;

const OPTIONS = {
  law: { type: 'string' },
  objective: { type: 'string' },
  delta: { type: 'string' },
  where: { type: 'string' },
  holdout: { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  map: { type: 'string', multiple: true },
  x: { type: 'string' },
  option: { type: 'string', multiple: true },
  'skip-first': { type: 'string' },
  until: { type: 'string' },
  smooth: { type: 'string' },
  json: { type: 'boolean' },
  plot: { type: 'string' },
  extrapolate: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** "    options: input = C4 loss" when the fit had law options (downstream-error's x column is one). */
function lawOptionsText(fit: FitResult): string {
  const options = Object.entries(fit.request?.options ?? {});
  return options.length ? `    options: ${options.map(([key, value]) => `${key} = ${String(value)}`).join(', ')}` : '';
}

/** The human-readable report. */
export function describeFit(fit: FitResult): string {
  const header = ['parameter', 'value', ...(fit.se ? ['se', '95% CI'] : [])];
  const rows = Object.entries(fit.params).map(([name, value]) => [
    fit.held?.includes(name) ? `${name} (held)` : name,
    formatNumber(value),
    ...(fit.se ? [formatNumber(fit.se[name] ?? NaN), fit.ci95?.[name] ? `${formatNumber(fit.ci95[name][0])} – ${formatNumber(fit.ci95[name][1])}` : ''] : []),
  ]);
  for (const [name, value] of Object.entries(fit.derived ?? {})) {
    rows.push([`${name} (derived)`, formatNumber(value), ...(fit.se ? [formatNumber(fit.se[name] ?? NaN), fit.ci95?.[name] ? `${formatNumber(fit.ci95[name][0])} – ${formatNumber(fit.ci95[name][1])}` : ''] : [])]);
  }
  const roles = Object.entries(fit.roles)
    .map(([role, b]) => `${role} = ${b.column}${b.derived ? ' (derived)' : ''}`)
    .join(', ');
  const objective = `${fit.objective.kind}${fit.objective.delta !== undefined ? ` (δ = ${fit.objective.delta})` : ''}`;
  const lines = [
    `${fit.law.id}: ${fit.law.formula}`,
    fit.rows ? describeRows(fit.rows) : `rows: ${fit.n}`,
    `roles: ${roles}${lawOptionsText(fit)}`,
    '',
    formatTable(header, rows),
    '',
    `objective ${objective}: ${fit.objective.value.toPrecision(7)}`,
    `metrics: RMSE(ln) ${formatNumber(fit.metrics.rmseLog)}, R² ${fit.metrics.r2.toFixed(5)}, MAPE ${formatPercent(fit.metrics.mape)}`,
    `starts: ${describeStarts(fit.starts)}; fit ${fit.timing.fitMs.toFixed(0)} ms${fit.timing.bootstrapMs !== undefined ? `, bootstrap ${fit.timing.bootstrapMs.toFixed(0)} ms` : ''}`,
  ];
  if (fit.holdout) {
    lines.push(`held out: ${plural(fit.holdout.n, 'row')}, mean ARE ${formatPercent(fit.holdout.are)}, max ${formatPercent(fit.holdout.maxAre)}`);
    lines.push(
      formatTable(
        ['line', 'observed', 'predicted', 'ARE'],
        fit.holdout.rows.map((r) => [String(r.line), formatNumber(r.observed), formatNumber(r.predicted), formatPercent(r.are)]),
      ),
    );
  }
  if (fit.warnings.length) {
    lines.push('', 'warnings:');
    for (const w of fit.warnings) lines.push(`  [${w.code}] ${w.message}`);
  }
  return lines.join('\n');
}

/** `--extrapolate X`: a positive number, digits or a count as run logs write it (70B), like the spec's `extrapolate:`. */
function extrapolateFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const target = parseNumber(value);
  if (target === undefined || !(target > 0)) throw new UserError(`--extrapolate expects a positive number in the plot's x unit (e.g. 1e24 FLOPs), got ${quoteText(value)}`, 'usage');
  return target;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || !values.law) {
    writeErr(USAGE);
    return EXIT.usage;
  }
  const bootstrap = parseWholeFlag('bootstrap', values.bootstrap, MAX_BOOTSTRAP);
  const seed = parseWholeFlag('seed', values.seed, MAX_SEED);
  const curve = curveFlags(values);
  if (values.plot !== undefined) checkPlotPath(values.plot);
  const extrapolateTo = extrapolateFlag(values.extrapolate);
  const table = await readMappedRunLogFile(positionals[0], parseMapFlags(values.map ?? []));
  const request = requestFlags(values);
  let fit: FitResult;
  try {
    fit = fitTable(table, {
      law: values.law,
      ...request,
      ...(bootstrap ? { bootstrap } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(curve.skipFirst !== undefined ? { skipFirst: curve.skipFirst } : {}),
    });
  } catch (error) {
    if (!(error instanceof UserError) || isUsageError(error)) throw error;
    writeErr(`scaling-laws fit: ${error.message}`);
    return EXIT.failed;
  }
  const options = { ...(curve.until !== undefined ? { until: curve.until } : {}), ...(curve.smooth !== undefined ? { smooth: curve.smooth } : {}) };
  if (values.plot !== undefined) {
    await writeFitPlot(
      values.plot,
      buildFitOutput(table, [fit], pointwise(predictWith), {
        ...options,
        ...(request.x ? { x: request.x } : {}),
        ...(extrapolateTo !== undefined ? { extrapolateTo } : {}),
      }),
    );
  }
  const forecast = forecastOrReason(table, fit, 0, options);
  const learningCurve = progressRole(fit) !== undefined;
  if (values.json) printJson(learningCurve ? { ...fit, forecast } : fit);
  else writeOut([describeFit(fit), ...(learningCurve ? ['', forecastLine(forecast)] : [])].join('\n'));
  return EXIT.ok;
}
