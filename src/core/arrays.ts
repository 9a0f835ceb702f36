/**
 * Min, max, append and bracket search for data-sized arrays, by a loop. `Math.min(...xs)` and `out.push(...xs)` pass every
 * element as a call argument on the stack, which overflows ("Maximum call stack size exceeded") beyond
 * about 125k elements — the size of an ordinary step-level training log. eslint.config.mjs bans the spread
 * forms; use these instead.
 */

/** Like Math.min over the values: NaN if any value is NaN, Infinity for none. */
export function minOf(values: ArrayLike<number>): number {
  let lo = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return lo;
}

/** Like Math.max over the values: NaN if any value is NaN, −Infinity for none. */
export function maxOf(values: ArrayLike<number>): number {
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > hi) hi = v;
    else if (Number.isNaN(v)) return NaN;
  }
  return hi;
}

/** Smallest and largest value, skipping NaN; undefined when no value is a number. */
export function extentOf(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Append items to target in place (the loop form of `target.push(...items)`); returns target. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** In ascending `sorted`, the index i with sorted[i] ≤ v < sorted[i + 1] (clamped to the first and last interval). */
export function bracketIndex(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}
