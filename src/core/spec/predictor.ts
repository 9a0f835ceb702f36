import type { FitResult, LawInputs, Role } from '../types';

type PointPredictor = (fit: FitResult, inputs: Partial<Record<Role | 'x', number>>) => number;

/**
 * The plot builder's vector predictor (core/plot `Predictor`) over the engine's point-wise predictWith:
 * the engine has no vector form for arbitrary inputs (predictTable needs a whole table).
 */
export function vectorPredictor(predictWith: PointPredictor): (fit: FitResult, inputs: LawInputs) => Float64Array {
  return (fit, inputs) => {
    const columns = Object.entries(inputs) as Array<[Role | 'x', Float64Array]>;
    const out = new Float64Array(columns[0]?.[1].length ?? 0);
    const point: Partial<Record<Role | 'x', number>> = {};
    for (let i = 0; i < out.length; i++) {
      for (const [role, values] of columns) point[role] = values[i];
      out[i] = predictWith(fit, point);
    }
    return out;
  };
}
