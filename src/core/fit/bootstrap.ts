import type { Law, LawFitContext } from '../law';
import { lawParams } from '../law';
import { nameTable } from '../nameTable';
import { CancelledError } from '../types';
import type { LawInputs, Role } from '../types';
import { derivedQuantities, now, runLawFit, type FitOptions } from './runLawFit';
import { seededRandom } from '../solve/random';

export interface BootstrapSummary {
  se: Record<string, number>;
  ci95: Record<string, [number, number]>;
  /** Replicates whose refit did not meet the convergence test (they are still counted). */
  unconverged: number;
  ms: number;
  /** Parameter sets of at most MAX_KEPT_SAMPLES replicates (see FitResult.bootstrapSamples). */
  samples: Array<Record<string, number>>;
}

/** Replicates kept for prediction bands: enough for stable 2.5/97.5 % quantiles, small in JSON. */
const MAX_KEPT_SAMPLES = 200;

/** Bootstrap replicates below this give no stable 2.5/97.5 % quantiles: no interval. */
const MIN_REPLICATES = 20;

/**
 * 2.5 / 97.5 % quantiles of the finite values (a quantity evaluated on each bootstrap replicate), when
 * there are enough for them: prediction bands, forecasts, the frontier's band, hovers.
 */
export function interval95(values: ArrayLike<number>): { lo: number; hi: number } | undefined {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < MIN_REPLICATES) return undefined;
  return { lo: finite[Math.floor(0.025 * (finite.length - 1))], hi: finite[Math.ceil(0.975 * (finite.length - 1))] };
}

/** Linear-interpolated percentile of sorted values (numpy's default). */
function percentile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Row-resampling bootstrap (laws.md §4): B replicates drawn with a seeded PRNG, each refitted to full
 * convergence from the full-data optimum (a warm start is fine — the scale-invariant stopping test
 * keeps refits from stopping early, which is what shrinks SEs in naive implementations). SE = sample
 * SD of the replicates; CI = 2.5/97.5 percentiles; the same for derived quantities (a = β/(α+β)).
 */
export function runBootstrap(law: Law, ctx: LawFitContext, full: Float64Array, replicates: number, seed: number, opts: FitOptions): BootstrapSummary {
  const started = now();
  const specs = lawParams(law, ctx.options);
  const n = ctx.y.length;
  const random = seededRandom(seed);
  const names = specs.map((spec) => spec.name);
  const samples = nameTable<Float64Array>();
  const store = (name: string, b: number, v: number) => ((samples[name] ??= new Float64Array(replicates))[b] = v);
  // Replicates are already random draws, so evenly spaced ones are an unbiased, seed-determined subset.
  const keepEvery = Math.max(1, Math.ceil(replicates / MAX_KEPT_SAMPLES));
  const kept: Array<Record<string, number>> = [];
  let unconverged = 0;
  for (let b = 0; b < replicates; b++) {
    if (opts.signal?.cancelled) throw new CancelledError();
    if (b % 25 === 0) opts.progress?.report(b / replicates, `bootstrap ${b} of ${replicates}`);
    // New arrays per replicate: a law may cache what it derives from an input array (lr-annealing's areas).
    const x: LawInputs = {};
    for (const key of Object.keys(ctx.x)) x[key as Role] = new Float64Array(n);
    const y = new Float64Array(n);
    const columns = Object.entries(ctx.x).map(([key, values]) => [values, x[key as Role]!] as const);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      y[i] = ctx.y[k];
      for (const [from, to] of columns) to[i] = from[k];
    }
    const outcome = runLawFit(law, { ...ctx, x, y, start: full, progress: undefined });
    if (!outcome.converged) unconverged++;
    // fromEntries defines own properties, so a parameter named `__proto__` is stored like any other.
    const params: Record<string, number> = Object.fromEntries(names.map((name, j) => [name, outcome.params[j]]));
    names.forEach((name, j) => store(name, b, outcome.params[j]));
    for (const [name, value] of Object.entries(derivedQuantities(params) ?? {})) store(name, b, value);
    if (b % keepEvery === 0 && Object.values(params).every(Number.isFinite)) kept.push(params);
  }
  const se: Array<[string, number]> = [];
  const ci95: Array<[string, [number, number]]> = [];
  for (const [name, values] of Object.entries(samples)) {
    const finite = values.filter(Number.isFinite).sort();
    if (finite.length < 2) continue;
    let mean = 0;
    for (const v of finite) mean += v / finite.length;
    let ss = 0;
    for (const v of finite) ss += (v - mean) ** 2;
    se.push([name, Math.sqrt(ss / (finite.length - 1))]);
    ci95.push([name, [percentile(finite, 0.025), percentile(finite, 0.975)]]);
  }
  return { se: Object.fromEntries(se), ci95: Object.fromEntries(ci95), unconverged, ms: now() - started, samples: kept };
}
