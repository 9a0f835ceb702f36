import { CUSTOM_LAW_ID, type FitRequest, type FitResult } from '../../core/types';

/**
 * The request that made a stored fit, to fit it again on a grown log: the law (or custom formula) and
 * objective, and every request part the fit echoes (x, filters, bootstrap and seed, law options, and any
 * later ones), started from its parameters alone (warmStart): a few appended rows move the optimum
 * little, and the law's global search on a million-row log takes the engine minutes.
 */
export function refitRequest(fit: FitResult): FitRequest {
  return {
    ...fit.request,
    law: fit.law.id === CUSTOM_LAW_ID ? fit.law.formula : fit.law.id,
    objective: fit.objective.kind,
    ...(fit.objective.delta !== undefined ? { delta: fit.objective.delta } : {}),
    init: fit.params,
    warmStart: true,
  };
}
