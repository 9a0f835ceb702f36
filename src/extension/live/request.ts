import { CUSTOM_LAW_ID, type FitRequest, type FitResult } from '../../core/types';

/**
 * The request that made a stored fit, to fit it again on a grown log: the same law (or custom formula),
 * objective, x, filters, bootstrap and law options, plus its parameters as an extra starting point so the
 * refit never ends worse than the fit it replaces.
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
  };
}
