import type { FitRequest, FitResult, RunTable } from '../types';
import { UserError } from '../types';
import type { FitOptions } from './fitTable';
import { fitTable, prepareFit } from './fitTable';
import { fitMetrics } from './metrics';
import { requestForLaw } from './lawRequest';

export interface CompareRow {
  law: string;
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
  /** Set when this law could not be fitted (the other rows are still compared). */
  error?: string;
}

/** Fits each law to the same rows and ranks them by in-sample and held-out error and AIC/BIC. */
export function compareLaws(table: RunTable, lawIds: string[], request: Omit<FitRequest, 'law'>, opts: FitOptions = {}): CompareRow[] {
  return lawIds.map((id) => {
    try {
      const own = requestForLaw(request, id);
      const fit = fitTable(table, { ...own, bootstrap: undefined }, opts);
      const prepared = prepareFit(table, own);
      const predicted = new Float64Array(prepared.y.length);
      prepared.law.predict(Float64Array.from(prepared.specs, (spec) => fit.params[spec.name]), prepared.x, predicted);
      const metrics = fitMetrics(predicted, prepared.y);
      const n = Math.max(metrics.nLog, 1);
      const k = prepared.freeParams + 1;
      const logLik = -0.5 * n * (Math.log((2 * Math.PI * Math.max(metrics.rssLog, 1e-300)) / n) + 1);
      const row: CompareRow = {
        law: fit.law.id === 'custom' ? fit.law.formula : id,
        params: fit.params,
        n: fit.n,
        objective: fit.objective,
        inSample: { rmseLog: fit.metrics.rmseLog, mape: fit.metrics.mape },
        aic: 2 * k - 2 * logLik,
        bic: k * Math.log(n) - 2 * logLik,
        warnings: fit.warnings,
      };
      if (fit.holdout) {
        const held = fitMetrics(
          fit.holdout.rows.map((r) => r.predicted),
          fit.holdout.rows.map((r) => r.observed),
        );
        row.heldOut = { n: fit.holdout.n, rmseLog: held.rmseLog, are: fit.holdout.are };
      }
      return row;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return {
        law: id,
        params: {},
        n: 0,
        objective: { kind: request.objective ?? 'huber-log', value: NaN },
        inSample: { rmseLog: NaN, mape: NaN },
        aic: NaN,
        bic: NaN,
        warnings: [],
        error: error.message,
      };
    }
  });
}
