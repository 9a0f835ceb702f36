import { describeCv, type Comparison } from '../fit/compare';
import { rowLabel } from '../fit/recommend';
import type { ComparisonView } from '../../shared/fitOutput';

/** Warnings every comparison row would carry (which objective was used): said once, not per law. */
const SAID_ONCE = new Set(['objective-choice']);

/**
 * The comparison as the notebook shows it. `fitIndex[i]` is row i's place among the fits drawn in the
 * overlay (undefined for a law that could not be fitted).
 */
export function comparisonView(comparison: Comparison, fitIndex: ReadonlyArray<number | undefined>): ComparisonView {
  const { rows, recommended, cv } = comparison;
  const chosen = recommended ? rows.findIndex((r) => r.law === recommended.law && rowLabel(r) === rowLabel(recommended)) : -1;
  return {
    rows: rows.map((row, i) => ({
      label: rowLabel(row),
      ...(fitIndex[i] !== undefined ? { fit: fitIndex[i] } : {}),
      paramCount: row.paramCount,
      n: row.n,
      cvAre: row.cv?.are ?? Number.NaN,
      ...(row.cv?.skipped ? { cvNote: row.cv.skipped } : {}),
      ...(row.heldOut ? { heldOutAre: row.heldOut.are } : {}),
      inSampleMape: row.inSample.mape,
      aic: row.aic,
      bic: row.bic,
      fitMs: row.fitMs,
      warnings: row.warnings.filter((w) => !SAID_ONCE.has(w.code)).map((w) => w.message),
      ...(row.error ? { error: row.error } : {}),
    })),
    ...(chosen >= 0 && recommended ? { recommended: { row: chosen, reason: recommended.reason } } : {}),
    cv: describeCv(cv),
  };
}
