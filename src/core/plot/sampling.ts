/** Sampling helpers for plots: log grids for curves, deterministic downsampling, grouping by value. */

/** `count` points evenly spaced in log10 between lo and hi (both > 0). */
export function logSpace(lo: number, hi: number, count: number): number[] {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = 10 ** (a + ((b - a) * i) / (count - 1));
  return out;
}

/**
 * Indices 0..n-1 thinned to about `max` by an even stride, always keeping `keep` (held-out rows), so
 * the same input draws the same points every time (no randomness in a notebook output).
 */
export function strideSample(n: number, max: number, keep: ReadonlySet<number>): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const stride = n / Math.max(1, max - keep.size);
  const picked = new Set(keep);
  for (let k = 0; k * stride < n; k++) picked.add(Math.floor(k * stride));
  return [...picked].sort((a, b) => a - b);
}

/** Geometric mean of positive values (the natural "centre" of a group on a log axis). */
export function geometricMean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.log(values[i]);
  return Math.exp(sum / values.length);
}

/**
 * Cluster positive values on a log scale: sorted values start a new cluster where consecutive ones are
 * more than `gapDecades` apart. IsoFLOP budgets (6e18, 1e19, 3e19 …) and model-size ladders come out
 * as one cluster each even when digitised values scatter around them. Returns a cluster id per value
 * (ordered by value) and the cluster count.
 */
export function clusterLog(values: ArrayLike<number>, gapDecades: number): { ids: Int32Array; count: number } {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ids = new Int32Array(values.length);
  let id = 0;
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && Math.log10(values[order[k]] / values[order[k - 1]]) > gapDecades) id++;
    ids[order[k]] = id;
  }
  return { ids, count: order.length === 0 ? 0 : id + 1 };
}

/** Equal-count bins on a log scale (used when values form no natural clusters). */
export function quantileBins(values: ArrayLike<number>, bins: number): { ids: Int32Array; count: number } {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ids = new Int32Array(values.length);
  const count = Math.min(bins, values.length);
  order.forEach((row, rank) => (ids[row] = Math.min(count - 1, Math.floor((rank * count) / order.length))));
  return { ids, count };
}
