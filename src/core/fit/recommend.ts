/**
 * The law to take when you don't know better (issue 12), chosen as careful scaling-law researchers
 * choose: by extrapolation error on held-back larger scales (scale-ordered CV), never by in-sample fit or
 * AIC/BIC; the simpler law when the errors are within noise of each other; and a fit whose full-data
 * optimum shows a known failure (a parameter pinned at its bound, an optimiser that did not converge, a
 * BNSL break beyond the data) only when no clean law is left.
 */
import { formatPercent } from '../format';
import type { CompareRow } from './compare';

export interface Recommendation {
  law: string;
  options?: CompareRow['options'];
  objective: string;
  cvAre: number;
  reason: string;
}

/**
 * CV errors within this factor of the best are within noise: three folds of a few scales each cannot
 * tell 2.0 % from 2.1 % apart, and the law with fewer parameters extrapolates more safely.
 */
export const WITHIN_NOISE = 1.1;
/** Warnings that mean the full-data fit cannot be trusted to extrapolate. */
export const DISQUALIFYING = new Set(['parameter-at-bound', 'optimizer-early-stop', 'bnsl-break']);

export function rowLabel(row: Pick<CompareRow, 'law' | 'options'>): string {
  const options = Object.entries(row.options ?? {}).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  return options.length ? `${row.law} (${options.join(', ')})` : row.law;
}

function flaws(row: CompareRow): string[] {
  return [...new Set(row.warnings.filter((w) => DISQUALIFYING.has(w.code)).map((w) => w.code))];
}

export function recommendLaw(rows: readonly CompareRow[]): { recommended?: Recommendation } {
  const scored = rows.filter((row) => !row.error && row.cv && Number.isFinite(row.cv.are));
  if (scored.length === 0) return {};
  const clean = scored.filter((row) => flaws(row).length === 0);
  const pool = clean.length ? clean : scored;
  const best = pool.reduce((a, b) => (b.cv!.are < a.cv!.are ? b : a));
  const near = pool.filter((row) => row.cv!.are <= best.cv!.are * WITHIN_NOISE);
  const chosen = near.reduce((a, b) => (b.paramCount < a.paramCount || (b.paramCount === a.paramCount && b.cv!.are < a.cv!.are) ? b : a));
  const folds = chosen.cv!.folds;
  const parts = [`${formatPercent(chosen.cv!.are)} mean error predicting the next larger scales (${folds} fold${folds === 1 ? '' : 's'})`];
  if (chosen !== best) {
    parts.push(`within ${formatPercent(WITHIN_NOISE - 1)} of ${rowLabel(best)} (${formatPercent(best.cv!.are)}) with ${best.paramCount - chosen.paramCount} fewer parameters`);
  } else if (pool.length > 1) {
    const next = pool.filter((row) => row !== best).reduce((a, b) => (b.cv!.are < a.cv!.are ? b : a));
    parts.push(`next best ${rowLabel(next)} ${formatPercent(next.cv!.are)}`);
  }
  const refused = scored.filter((row) => !pool.includes(row) && row.cv!.are < chosen.cv!.are);
  if (refused.length) parts.push(`set aside: ${refused.map((row) => `${rowLabel(row)} (${flaws(row).join(', ')})`).join('; ')}`);
  if (!clean.length) parts.push(`every law has a warning (${[...new Set(scored.flatMap(flaws))].join(', ')}): treat the choice as tentative`);
  const unscored = rows.filter((row) => !scored.includes(row));
  if (unscored.length) parts.push(`not scored: ${unscored.map((row) => `${rowLabel(row)} (${row.error ?? row.cv?.skipped ?? 'no folds'})`).join('; ')}`);
  return {
    recommended: {
      law: chosen.law,
      ...(chosen.options ? { options: chosen.options } : {}),
      objective: chosen.objective.kind,
      cvAre: chosen.cv!.are,
      reason: parts.join('; '),
    },
  };
}
