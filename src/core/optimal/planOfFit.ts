import { CUSTOM_LAW_ID, type FitResult } from '../types';
import type { FittedRange, PlanLaw } from './types';

/**
 * What the planner needs from a fit result: the law (with a custom law's formula and the fit's law
 * options) and the fitted N/D/C range. `optimal --fit` and the calculator's "current fit" both use it.
 */
export function planOfFit(fit: Pick<FitResult, 'law' | 'params' | 'range' | 'request'>): { law: PlanLaw; fittedRange: FittedRange } {
  const fittedRange: FittedRange = {};
  for (const role of ['N', 'D', 'C'] as const) {
    const range = fit.range?.[role];
    if (Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number')) fittedRange[role] = [range[0], range[1]];
  }
  const options = fit.request?.options;
  const law: PlanLaw = {
    id: fit.law.id,
    ...(fit.law.id === CUSTOM_LAW_ID ? { formula: fit.law.formula } : {}),
    params: { ...fit.params },
    ...(options ? { options } : {}),
  };
  return { law, fittedRange };
}
