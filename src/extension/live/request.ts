import { CUSTOM_LAW_ID, type FitRequest, type FitResult } from '../../core/types';

/**
 * The request that made a stored fit, to fit it again on a grown log: the same law (or custom formula),
 * objective, x, filters, bootstrap and law options, started from its parameters alone (warmStart): a
 * few appended rows move the optimum little, and the law's global search on a million-row log takes the
 * engine minutes.
 */
export function refitRequest(fit: FitResult): FitRequest {
  const request = fit.request ?? {};
  return {
    law: fit.law.id === CUSTOM_LAW_ID ? fit.law.formula : fit.law.id,
    objective: fit.objective.kind,
    ...(fit.objective.delta !== undefined ? { delta: fit.objective.delta } : {}),
    ...(request.x ? { x: request.x } : {}),
    ...(request.where ? { where: request.where } : {}),
    ...(request.holdout ? { holdout: request.holdout } : {}),
    ...(request.bootstrap ? { bootstrap: request.bootstrap, seed: request.seed } : {}),
    ...(request.options ? { options: request.options } : {}),
    init: fit.params,
    warmStart: true,
  };
}
