import { plural } from '../format';
import { comparisonVerdict } from '../../shared/fitOutput';
import type { FitRequest, FitResult, Role, RunTable } from '../types';
import { UserError } from '../types';
import type { CvPlan, CvScore } from './crossValidate';
import { crossValidate, cvPlan } from './crossValidate';
import { DEFAULT_LAWS, defaultCandidates, type LawCandidate } from './defaultLaws';
import type { FitOptions } from './runLawFit';
import { fitTable, prepareFit } from './fitTable';
import { fitMetrics } from './metrics';
import { checkSharedOptions, requestForLaw } from './lawRequest';
import { recommendLaw, rowLabel, type Recommendation } from './recommend';

export interface CompareRow {
  law: string;
  /** Law options of this candidate (`{ offset: true }` for saturating-power with an offset). */
  options?: LawCandidate['options'];
  /** Free parameters fitted. */
  paramCount: number;
  params: Record<string, number>;
  n: number;
  objective: FitResult['objective'];
  inSample: { rmseLog: number; mape: number };
  heldOut?: { n: number; rmseLog: number; are: number };
  /**
   * Information criteria from the Gaussian log-likelihood of the ln-loss residuals, whatever the
   * fitting objective: ℓ = −n/2·(ln(2π·RSS/n) + 1), RSS = Σ (ln ŷ − ln y)², k = free parameters + 1
   * (the noise variance); AIC = 2k − 2ℓ, BIC = k·ln n − 2ℓ. Lower is better; only differences between
   * laws fitted to the same rows mean anything.
   */
  aic: number;
  bic: number;
  warnings: FitResult['warnings'];
  /** Scale-ordered cross-validation (crossValidate.ts): the extrapolation error laws are chosen by. */
  cv?: CvScore;
  /** Time of the fit to every row (the folds' time is cv.ms). */
  fitMs: number;
  /** Set when this law could not be fitted (the other rows are still compared). */
  error?: string;
}

/** What `compare` answers: every law's row, the law to take and why, and the folds it was judged on. */
export interface Comparison {
  rows: CompareRow[];
  recommended?: Recommendation;
  /** `target`: the axis extrapolated along, when too few scales there made the folds run along `axis`. */
  cv?: { axis: Role; kind: CvPlan['kind']; folds: number; target?: Role };
}

/**
 * The candidates a law list names, in order and each once: ids, formulas, candidates with options, and
 * `default` expanded for this table. No list at all means the default set. Each candidate carries the
 * options it is fitted with — its own over the request's, kept to those the law has — so its label says
 * what was fitted, and two that end up the same are one.
 */
export function candidatesFor(
  table: RunTable,
  laws: ReadonlyArray<string | LawCandidate> | undefined,
  options?: FitRequest['options'],
): LawCandidate[] {
  const named = laws?.length ? laws : [DEFAULT_LAWS];
  const seen = new Set<string>();
  return named
    .flatMap((law) => (law === DEFAULT_LAWS ? defaultCandidates(table) : [typeof law === 'string' ? { law } : law]))
    .map((candidate) => {
      const own = requestForLaw({ options: { ...options, ...candidate.options } }, candidate.law).options;
      return own ? { law: candidate.law, options: own } : { law: candidate.law };
    })
    .filter((candidate) => !seen.has(rowLabel(candidate)) && Boolean(seen.add(rowLabel(candidate))));
}

/** A comparison with each row's fit to every row (undefined where the law could not be fitted), for charts. */
export interface ComparedFits {
  comparison: Comparison;
  fits: Array<FitResult | undefined>;
}

/**
 * Fits each law to the same rows and scores it by scale-ordered cross-validation, in-sample and
 * held-out error and AIC/BIC. Without laws, the default candidates for the table's shape.
 */
export function compareLaws(table: RunTable, laws: ReadonlyArray<string | LawCandidate> | undefined, request: Omit<FitRequest, 'law'>, opts: FitOptions = {}): Comparison {
  return compareWithFits(table, laws, request, opts).comparison;
}

export function compareWithFits(table: RunTable, laws: ReadonlyArray<string | LawCandidate> | undefined, request: Omit<FitRequest, 'law'>, opts: FitOptions = {}): ComparedFits {
  const candidates = candidatesFor(table, laws, request.options);
  // `default` let any default law's option through before the table was known: now one of these laws must have it.
  checkSharedOptions(candidates.map((c) => c.law), request.options);
  const plan = planOrNone(table, request);
  const compared = candidates.map((candidate, i) => {
    const part = { report: (fraction: number, message?: string) => opts.progress?.report((i + fraction) / candidates.length, message) };
    return compareOne(table, candidate, request, plan, { signal: opts.signal, progress: part });
  });
  const rows = compared.map((c) => c.row);
  return {
    comparison: {
      rows,
      ...(plan && plan.folds.length ? { cv: { axis: plan.axis, kind: plan.kind, folds: plan.folds.length, ...(plan.target !== plan.axis ? { target: plan.target } : {}) } } : {}),
      ...recommendLaw(rows, plan),
    },
    fits: compared.map((c) => c.fit),
  };
}

/** How the laws were cross-validated, in one sentence (CLI, notebook). */
export function describeCv(cv: Comparison['cv']): string {
  return cv
    ? `CV: ${plural(cv.folds, 'fold')} along ${cv.axis}${cv.target ? ` (too few ${cv.target} values to fold along ${cv.target})` : ''}, each fitting the smaller scales and predicting the next larger ones (CV error = mean absolute relative error of the loss, larger folds weigh more).`
    : 'CV: no scale axis with enough distinct scales for folds.';
}

/** The recommendation in one sentence, or why there is none. */
export function describeRecommendation(recommended: Recommendation | undefined): string {
  const { lead, label, reason } = comparisonVerdict(recommended && `${rowLabel(recommended)} (${recommended.objective})`, recommended?.reason);
  return `${lead}${label ?? ''}${reason ? ` — ${reason}` : ''}.`;
}

/** A bad --where or --holdout is reported on every law's row (as without CV), not thrown from the plan. */
function planOrNone(table: RunTable, request: Omit<FitRequest, 'law'>): CvPlan | undefined {
  try {
    return cvPlan(table, request);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

function compareOne(table: RunTable, candidate: LawCandidate, request: Omit<FitRequest, 'law'>, plan: CvPlan | undefined, opts: FitOptions): { row: CompareRow; fit?: FitResult } {
  const id = candidate.law;
  const options = candidate.options ? { options: candidate.options } : {};
  try {
    const lawRequest = requestForLaw({ ...request, options: candidate.options }, id);
    const fit = fitTable(table, { ...lawRequest, bootstrap: undefined }, { signal: opts.signal });
    const prepared = prepareFit(table, lawRequest);
    const predicted = new Float64Array(prepared.y.length);
    prepared.law.predict(Float64Array.from(prepared.specs, (spec) => fit.params[spec.name]), prepared.x, predicted);
    const metrics = fitMetrics(predicted, prepared.y);
    const n = Math.max(metrics.nLog, 1);
    const k = prepared.freeParams + 1;
    const logLik = -0.5 * n * (Math.log((2 * Math.PI * Math.max(metrics.rssLog, 1e-300)) / n) + 1);
    const row: CompareRow = {
      law: fit.law.id === 'custom' ? fit.law.formula : id,
      ...options,
      paramCount: prepared.freeParams,
      params: fit.params,
      n: fit.n,
      objective: fit.objective,
      inSample: { rmseLog: fit.metrics.rmseLog, mape: fit.metrics.mape },
      aic: 2 * k - 2 * logLik,
      bic: k * Math.log(n) - 2 * logLik,
      warnings: fit.warnings,
      fitMs: fit.timing.fitMs,
    };
    if (plan?.folds.length) row.cv = crossValidate(table, lawRequest, plan, opts);
    if (fit.holdout) {
      const held = fitMetrics(
        fit.holdout.rows.map((r) => r.predicted),
        fit.holdout.rows.map((r) => r.observed),
      );
      row.heldOut = { n: fit.holdout.n, rmseLog: held.rmseLog, are: fit.holdout.are };
    }
    return { row, fit };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const row: CompareRow = {
      law: id,
      ...options,
      paramCount: 0,
      params: {},
      n: 0,
      objective: { kind: request.objective ?? 'huber-log', value: NaN },
      inSample: { rmseLog: NaN, mape: NaN },
      aic: NaN,
      bic: NaN,
      warnings: [],
      fitMs: 0,
      error: error.message,
    };
    return { row };
  }
}
