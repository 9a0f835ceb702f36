/**
 * The one number formatter: CLI tables, hovers, inlay hints, plots and the calculator all print
 * numbers through here so the same quantity reads the same everywhere.
 */

/** The count suffixes, largest first (also the chart tick labels' rule, core/plot/labels). */
export const SUFFIXES: ReadonlyArray<readonly [number, string]> = [
  [1e15, 'Q'],
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** A plain scientific/decimal rendering with `digits` significant figures: 3.219e+10 → "3.219e10". */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e5) {
    return String(Number(x.toPrecision(digits)));
  }
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${String(Number(mantissa))}e${Number(exponent)}`;
}

/** Counts of parameters/tokens the way papers write them: 7.0e10 → "70B", 1.4e12 → "1.4T". */
export function formatCount(x: number, digits = 3): string {
  const abs = Math.abs(x);
  // From 1000 of the largest suffix (1e18) up a suffix reads badly ("1e+293Q"), and so does a tiny
  // count ("5e-324"): both in the scientific notation of formatNumber.
  const rounded = Number(abs.toPrecision(digits));
  if (!Number.isFinite(x) || rounded >= SUFFIXES[0][0] * 1000 || (abs > 0 && abs < 1e-3)) return formatNumber(x, digits);
  for (const [unit, suffix] of SUFFIXES) {
    if (abs >= unit) return `${String(Number((x / unit).toPrecision(digits)))}${suffix}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/** A fraction as a percentage: 0.0071 → "0.71 %". */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  return `${String(Number((fraction * 100).toPrecision(digits)))} %`;
}

/**
 * A 95 % interval after its estimate: " ± 0.02" when it is centred on the estimate (within a tenth of
 * its half-width), else " (95 % 2.29 – 2.33)"; empty without one. `format` prints its numbers as the
 * estimate is printed (formatCount for N and D).
 */
export function formatInterval(estimate: number, interval: { lo?: number; hi?: number } | undefined, format: (x: number, digits?: number) => string = formatNumber): string {
  if (interval?.lo === undefined || interval.hi === undefined) return '';
  const half = (interval.hi - interval.lo) / 2;
  const centre = (interval.hi + interval.lo) / 2;
  if (Math.abs(centre - estimate) <= 0.1 * half) return ` ± ${format(half, 2)}`;
  return ` (95 % ${format(interval.lo)} – ${format(interval.hi)})`;
}

/** The noun for a count: singular for exactly one ('1 row', '0 rows', '2 rows'). */
export function nounFor(n: number, noun: string, nouns = `${noun}s`): string {
  return n === 1 ? noun : nouns;
}

/** A count with its noun: (1, 'row') → "1 row", (2401, 'grid point') → "2,401 grid points". */
export function plural(n: number, noun: string, nouns?: string): string {
  return `${n.toLocaleString('en-US')} ${nounFor(n, noun, nouns)}`;
}

/** The first source lines of `count` rows: "line 5", "lines 5, 9", "lines 5, 9, 12, 14, 20, …". */
export function formatLines(lines: readonly number[], count: number): string {
  return `${lines.length === 1 && count === 1 ? 'line' : 'lines'} ${lines.join(', ')}${count > lines.length ? ', …' : ''}`;
}
