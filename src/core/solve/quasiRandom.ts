/** The first primes, one Halton base per dimension. */
const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

/** Radical inverse of `index` in `base` (van der Corput). */
function radicalInverse(index: number, base: number): number {
  let result = 0;
  let f = 1 / base;
  let i = index;
  while (i > 0) {
    result += f * (i % base);
    i = Math.floor(i / base);
    f /= base;
  }
  return result;
}

/**
 * `count` Halton points in [0, 1)^dimension (index from 1, skipping the origin). Deterministic, so
 * multi-start fits are reproducible; low-discrepancy, so 256 starts cover a box far more evenly
 * than random ones.
 */
export function halton(count: number, dimension: number): Float64Array[] {
  if (dimension > PRIMES.length) throw new Error(`halton: at most ${PRIMES.length} dimensions`);
  const points: Float64Array[] = [];
  for (let k = 1; k <= count; k++) {
    const point = new Float64Array(dimension);
    for (let d = 0; d < dimension; d++) point[d] = radicalInverse(k, PRIMES[d]);
    points.push(point);
  }
  return points;
}
