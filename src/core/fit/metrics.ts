/** Goodness of fit shared by fits, held-out evaluation and comparisons. */
export interface FitMetrics {
  /** √mean((ln ŷ − ln y)²) over rows where both are positive. */
  rmseLog: number;
  /** 1 − SS_res/SS_tot on the raw target (0 when the target has no variance). */
  r2: number;
  /** mean |ŷ − y|/|y| (fraction). */
  mape: number;
  /** Σ (ln ŷ − ln y)² over the same rows as rmseLog, and how many (for AIC/BIC). */
  rssLog: number;
  nLog: number;
}

export function fitMetrics(predicted: ArrayLike<number>, observed: ArrayLike<number>): FitMetrics {
  const n = observed.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += observed[i] / n;
  let ssRes = 0;
  let ssTot = 0;
  let ape = 0;
  let apeRows = 0;
  let rssLog = 0;
  let nLog = 0;
  for (let i = 0; i < n; i++) {
    const y = observed[i];
    const yHat = predicted[i];
    ssRes += (yHat - y) ** 2;
    ssTot += (y - mean) ** 2;
    if (y !== 0) {
      ape += Math.abs(yHat - y) / Math.abs(y);
      apeRows++;
    }
    if (y > 0 && yHat > 0) {
      rssLog += Math.log(yHat / y) ** 2;
      nLog++;
    }
  }
  const finite = (v: number) => (Number.isFinite(v) ? v : 0);
  return {
    rmseLog: finite(nLog ? Math.sqrt(rssLog / nLog) : 0),
    r2: finite(ssTot > 0 ? 1 - ssRes / ssTot : 0),
    mape: finite(apeRows ? ape / apeRows : 0),
    rssLog,
    nLog,
  };
}
