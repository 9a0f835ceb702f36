import { describeCv, type ComparedFits } from '../fit/compare';
import { rowLabel } from '../fit/recommend';
import type { ComparisonView } from '../../shared/fitOutput';

/** Warnings every comparison row would carry (which objective was used): said once, not per law. */
const SAID_ONCE = new Set(['objective-choice']);

/**
 * The comparison as the notebook shows it, each row pointing at its fit among the ones drawn in the overlay
 * (the fitted laws, in row order; a law that could not be fitted has none).
 */
export function comparisonView(compared: Pick<ComparedFits, 'comparison'> & { fits: ReadonlyArray<unknown> }): ComparisonView {
  const { rows, recommended, cv } = compared.comparison;
  let drawn = 0;
  const fitIndex = compared.fits.map((fit) => (fit ? drawn++ : undefined));
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
