import { formatNumber, formatPercent, plural } from '../format';
import type { LawFitOutcome } from '../laws/law';
import { ownEntry } from '../nameTable';
import type { FitRequest, FitResult, FitWarning, RunTable } from '../types';
import type { PreparedFit } from './fitTable';
import { subset } from './fitTable';
import { LawProblem, residualSpace } from './lawProblem';
import { symmetricEigenvalues } from './linalg';
import { maxOf, minOf, pushAll } from '../arrays';

/** Laws whose target is a cross-entropy loss in nats (the units check applies to these). */
const LOSS_LAWS = new Set(['chinchilla', 'kaplan-nd', 'kaplan-compute', 'over-training', 'precision', 'data-constrained']);
const EXTRAPOLATION_FACTOR = 10;
const ROWS_PER_PARAM = 5;
/**
 * Condition number of the correlation-scaled JᵀJ above which the fit is called ill-conditioned:
 * Chinchilla on Epoch-240 gives ~5e4, on its 37 smallest models ~6e6.
 */
const ILL_CONDITIONED = 1e7;

interface WarningInputs {
  table: RunTable;
  prepared: PreparedFit;
  result: FitResult;
  outcome: LawFitOutcome;
  request: FitRequest;
  unconverged: number;
}

function describeObjective(kind: string, delta: number | undefined): string {
  switch (kind) {
    case 'huber-log':
      return `sum of Huber (δ = ${delta}) on ln loss residuals`;
    case 'huber':
      return `sum of Huber (δ = ${delta}) on raw loss residuals`;
    case 'mse-log':
      return 'sum of squared ln loss residuals';
    case 'mse':
      return 'sum of squared raw residuals';
    case 'mse-log1p':
      return 'sum of squared ln(1 + y) residuals';
    case 'huber-mle':
      return `Huber (δ = ${delta}) negative log-likelihood of ln loss residuals with a fitted scale σ (derived s = ln σ)`;
    default:
      return 'mean asymmetric error (over-prediction weighted 10×: a lower envelope)';
  }
}

/** κ of the correlation-scaled Gauss–Newton matrix of the fitted parameters (internal coordinates). */
function conditionNumber(prepared: PreparedFit, params: Record<string, number>, notFitted: ReadonlySet<string>): number {
  const free = prepared.specs.map((spec, j) => (notFitted.has(spec.name) ? -1 : j)).filter((j) => j >= 0);
  const problem = new LawProblem(prepared.law, prepared.specs, prepared.x, prepared.y, residualSpace(prepared.objective));
  const m = prepared.specs.length;
  const n = prepared.y.length;
  const jac = new Float64Array(n * m);
  if (!problem.residuals(problem.toInternal(prepared.specs.map((spec) => params[spec.name])), new Float64Array(n), jac)) return Infinity;
  const k = free.length;
  const g = new Float64Array(k * k);
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] += jac[i * m + free[a]] * jac[i * m + free[b]];
  const scale = Array.from({ length: k }, (_, a) => Math.sqrt(g[a * k + a]));
  if (scale.some((v) => !(v > 0))) return Infinity;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] /= scale[a] * scale[b];
  const eigen = symmetricEigenvalues(g, k);
  const lo = minOf(eigen);
  return lo > 0 ? maxOf(eigen) / lo : Infinity;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Warnings of laws.md §5 that apply to this fit. `objective-choice` is always present. */
export function fitWarnings({ table, prepared, result, outcome, request, unconverged }: WarningInputs): FitWarning[] {
  const warnings: FitWarning[] = [];
  const add = (code: string, message: string) => warnings.push({ code, message });
  const { law, specs, x, y } = prepared;
  const params = result.params;
  // Held by the request or by the law itself (outcome.held): their values are choices, not estimates.
  const notFitted = new Set([...Object.keys(request.fixed ?? {}), ...(outcome.held ?? [])]);

  add(
    'objective-choice',
    `Objective: ${describeObjective(result.objective.kind, result.objective.delta)}. Exponents differ by objective ` +
      '(on 217 Chinchilla points β = 0.459 with MSE, 0.406 with Huber, 0.396 with log-Huber).',
  );

  const droppedTotal = Object.values(prepared.dropped).reduce((a, b) => a + b, 0);
  if (droppedTotal) {
    const reasons = Object.entries(prepared.dropped).map(([reason, count]) => `${count} × ${reason}`).join(', ');
    add('rows-dropped', `${plural(droppedTotal, 'row')} left out of the fit: ${reasons}.`);
  }
  if (prepared.skipped) {
    const { rows, role, fraction, below, why } = prepared.skipped;
    add(
      'skip-first',
      `The earliest ${formatPercent(fraction)} of the curve is left out of the fit (${why}): ${plural(rows, 'row')} with ${role} < ${formatNumber(below)}. They stay in the plot; skip-first 0 fits them.`,
    );
  }
  if (request.holdout !== undefined && prepared.holdoutRows.length === 0) {
    // Otherwise the held-out score would just be missing from the report, as if no holdout were asked.
    add('holdout-empty', `The holdout \`${request.holdout}\` matched none of the ${y.length} usable rows: nothing was held out or scored.`);
  }

  specs.forEach((spec) => {
    const value = params[spec.name];
    const [lo, hi] = ownEntry(request.bounds, spec.name) ?? [spec.lower, spec.upper];
    if (notFitted.has(spec.name)) return;
    const span = lo !== undefined && hi !== undefined && Number.isFinite(hi - lo) ? hi - lo : Math.abs(value) || 1;
    const near = (bound: number | undefined) =>
      bound !== undefined && Number.isFinite(bound) && Math.abs(value - bound) <= (spec.logScale ? 1e-6 * Math.abs(bound) : 1e-6 * span);
    if (near(lo) || near(hi)) add('parameter-at-bound', `${spec.name} = ${value} sits at its bound; the optimum may lie outside the allowed range.`);
  });
  if (params.E !== undefined && LOSS_LAWS.has(law.id)) {
    const minY = minOf(y);
    if (params.E >= minY) add('parameter-at-bound', `E = ${params.E.toPrecision(4)} is not below the smallest observed loss (${minY.toPrecision(4)}).`);
  }
  for (const name of ['alpha', 'beta']) {
    const v = params[name];
    if (v !== undefined && !(v > 0.05 && v < 1)) add('implausible-parameter', `${name} = ${v.toPrecision(4)} lies outside (0.05, 1), where published exponents fall.`);
  }

  for (const role of ['N', 'D', 'C', 'x'] as const) {
    const values = x[role];
    if (!values) continue;
    const lo = minOf(values);
    const hi = maxOf(values);
    const name = role === 'x' ? (prepared.xRole ?? 'x') : role;
    if (hi / lo < 10) {
      add('not-identifiable', `${name} spans less than one decade (${lo.toPrecision(3)}–${hi.toPrecision(3)}): exponents trade off with coefficients; compare exponents and predictions, never A or B alone.`);
    }
  }
  if (x.N && x.D) {
    const r = correlation(x.N.map(Math.log), x.D.map(Math.log));
    if (Math.abs(r) > 0.95) add('not-identifiable', `ln N and ln D are strongly correlated (r = ${r.toFixed(3)}): α and β cannot be separated well.`);
  }

  const kappa = conditionNumber(prepared, params, notFitted);
  if (kappa > ILL_CONDITIONED) {
    add('ill-conditioned', `The fit is ill-conditioned (condition number ${Number.isFinite(kappa) ? kappa.toExponential(1) : '∞'} after scaling): some parameter combinations are barely constrained by these rows; bootstrap intervals will be wide.`);
  }

  const fitted = specs.filter((spec) => !notFitted.has(spec.name)).length;
  if (y.length < ROWS_PER_PARAM * fitted) {
    add('few-rows', `${plural(y.length, 'row')} for ${plural(fitted, 'parameter')} (fewer than ${ROWS_PER_PARAM} per parameter): treat the fit as tentative.`);
  }

  if (result.holdout && result.range.C && x.N && x.D) {
    const maxC = result.range.C[1];
    const N = subset(prepared.inputs.x.N!, prepared.holdoutRows);
    const D = subset(prepared.inputs.x.D!, prepared.holdoutRows);
    const far = N.filter((n, i) => 6 * n * D[i] > EXTRAPOLATION_FACTOR * maxC).length;
    if (far) add('extrapolation', `${plural(far, 'held-out row')} ${far === 1 ? 'lies' : 'lie'} more than ${EXTRAPOLATION_FACTOR}× beyond the largest fitted compute (${maxC.toPrecision(3)} FLOP).`);
  }

  if (LOSS_LAWS.has(law.id)) {
    const maxY = maxOf(y);
    const minY = minOf(y);
    if (maxY > 20) add('loss-units', `Losses up to ${maxY.toPrecision(4)} look like perplexity, not nats per token; fit ln(perplexity) instead.`);
    else if (minY < 0.5) add('loss-units', `Losses down to ${minY.toPrecision(3)} look like bits per byte or an error rate, not nats per token; do not mix units in one fit.`);
  }

  if (x.N && LOSS_LAWS.has(law.id)) {
    const column = result.roles.N?.column ?? '';
    const explicitEmbedding = /emb/i.test(column);
    const C = table.roles.C && !table.roles.C.derived ? prepared.inputs.x.C : undefined;
    let mismatch = 0;
    if (C && prepared.inputs.x.D && !table.roles.D?.derived) {
      const ratios = prepared.fitRows.map((row) => C[row] / (6 * prepared.inputs.x.N![row] * prepared.inputs.x.D![row])).sort((a, b) => a - b);
      mismatch = Math.abs(ratios[Math.floor(ratios.length / 2)] - 1);
    }
    if (mismatch > 0.05) {
      add('embedding-count', `C differs from 6ND by ${(mismatch * 100).toFixed(0)}% (median): N may exclude embeddings (or C counts attention). Whether N includes embeddings changes exponents (a = 0.485 vs 0.716 on one sweep).`);
    } else if (!explicitEmbedding && minOf(x.N) < 1e9) {
      add('embedding-count', `Does N ("${column}") include embedding parameters? At small N the choice moves exponents (a = 0.485 total vs 0.716 non-embedding on one sweep); Kaplan used non-embedding N, Chinchilla total.`);
    }
  }

  // Law-specific checks (e.g. bnsl's break beyond the data) see exactly the fitted rows.
  pushAll(warnings, law.fitWarnings?.(outcome.params, x, y) ?? []);

  if (outcome.disagree) add('starts-disagree', 'Good starting points ended at materially different parameters: the optimum is flat or has several basins; prefer predictions over individual parameters.');
  if (outcome.converged === 0) {
    const polished = outcome.tried === 1 ? 'The one polished start' : `None of the ${plural(outcome.tried, 'polished start')}`;
    add('optimizer-early-stop', `${polished} ${outcome.tried === 1 ? 'did not meet' : 'met'} the local optimiser's convergence test within its iteration limit; the reported parameters may not be the optimum.`);
  }
  if (request.options?.normalisation === 'mean') {
    add('optimizer-early-stop', 'A mean-normalised objective only rescales the sum; the optimiser stops on relative tests, so it reaches the same optimum (SciPy defaults stop early here).');
  }
  if (unconverged) add('optimizer-early-stop', `${plural(unconverged, 'bootstrap replicate')} did not meet the convergence test.`);
  return warnings;
}
