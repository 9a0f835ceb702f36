/**
 * Nelder–Mead for the non-smooth objectives (asymmetric / lower-envelope), where gradient methods
 * stall at kinks. Small dimension only (the outer exponents of a variable-projection fit, or a
 * handful of law parameters). Stops when the simplex has collapsed relative to its own scale.
 */
export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  steps: ArrayLike<number>,
  maxEvaluations = 2000,
  tolerance = 1e-10,
): NelderMeadResult {
  const m = start.length;
  const simplex: Float64Array[] = [];
  const values: number[] = [];
  for (let k = 0; k <= m; k++) {
    const x = Float64Array.from(start);
    if (k > 0) x[k - 1] += steps[k - 1];
    simplex.push(x);
    values.push(f(x));
  }
  let evaluations = m + 1;
  const centroid = new Float64Array(m);
  const point = (t: number, worst: Float64Array) => {
    const x = new Float64Array(m);
    for (let j = 0; j < m; j++) x[j] = centroid[j] + t * (worst[j] - centroid[j]);
    return x;
  };
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sortedX = order.map((i) => simplex[i]);
    const sortedV = order.map((i) => values[i]);
    for (let i = 0; i < sortedX.length; i++) {
      simplex[i] = sortedX[i];
      values[i] = sortedV[i];
    }
    let size = 0;
    for (let k = 1; k <= m; k++) {
      for (let j = 0; j < m; j++) {
        const scale = Math.max(Math.abs(simplex[0][j]), 1e-3);
        size = Math.max(size, Math.abs(simplex[k][j] - simplex[0][j]) / scale);
      }
    }
    const spread = values[m] - values[0];
    if (size < tolerance || (spread <= 1e-15 * Math.abs(values[0]) && size < 1e-6)) {
      return { x: simplex[0], value: values[0], evaluations, converged: true };
    }
    centroid.fill(0);
    for (let k = 0; k < m; k++) for (let j = 0; j < m; j++) centroid[j] += simplex[k][j] / m;
    const worst = simplex[m];
    const reflected = point(-1, worst);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[0]) {
      const expanded = point(-2, worst);
      const fe = f(expanded);
      evaluations++;
      if (fe < fr) [simplex[m], values[m]] = [expanded, fe];
      else [simplex[m], values[m]] = [reflected, fr];
    } else if (fr < values[m - 1]) {
      [simplex[m], values[m]] = [reflected, fr];
    } else {
      const outside = fr < values[m];
      const contracted = point(outside ? -0.5 : 0.5, worst);
      const fc = f(contracted);
      evaluations++;
      if (fc < (outside ? fr : values[m])) {
        [simplex[m], values[m]] = [contracted, fc];
      } else {
        for (let k = 1; k <= m; k++) {
          for (let j = 0; j < m; j++) simplex[k][j] = simplex[0][j] + 0.5 * (simplex[k][j] - simplex[0][j]);
          values[k] = f(simplex[k]);
        }
        evaluations += m;
      }
    }
  }
  return { x: simplex[0], value: values[0], evaluations, converged: false };
}
