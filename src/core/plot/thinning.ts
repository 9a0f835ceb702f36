/**
 * How chart points are thinned and how the chart says so: one place for the rule (extremes per bucket,
 * so spikes survive) and for the notes, because a saved notebook thins again (savedOutput.ts) and must
 * replace the note it made false.
 */
import { formatCount, nounFor } from '../format';
import type { LearningCurveSeries } from '../../shared/fitOutput';

/**
 * Positions (into `rows`) thinned to at most `max`: equal-count buckets in x order, each keeping its
 * lowest and highest loss (in x order), plus the first and last row. A stride would step over spikes.
 */
export function extremesPerBucket(rows: readonly number[], ys: ArrayLike<number>, max: number): number[] {
  const n = rows.length;
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = start;
    let hi = start;
    for (let k = start + 1; k < end; k++) {
      const y = ys[rows[k]];
      if (y < ys[rows[lo]]) lo = k;
      if (y > ys[rows[hi]]) hi = k;
    }
    kept.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  kept.push(n - 1);
  return [...new Set(kept)].sort((a, b) => a - b);
}

/** The note under a chart whose observed points were thinned when the cell ran. */
export function pointsNote(shown: number, total: number): string {
  return `Showing ${formatCount(shown)} of ${formatCount(total)} points (evenly thinned; held-out rows kept).`;
}

/** "Learning curve: showing 3K of 44.2K loss points …" for a thinned series. */
export function thinningNote(series: LearningCurveSeries): string | undefined {
  if (series.xs.length >= series.total) return undefined;
  return `Learning curve: showing ${formatCount(series.xs.length)} of ${formatCount(series.total)} ${series.name} ${nounFor(series.total, 'point')} (the lowest and highest of each bucket, so spikes stay visible); the smoothed line uses every row.`;
}
