import { multiStartFit } from '../solve/multiStart';
import { UserError, type LawInputs } from '../types';
import type { Law, LawFitContext, LawFitOutcome } from '../law';
import { chinchilla } from './chinchilla';
import { requireInput } from './inputs';
import { chinchillaTermWarnings } from './termWarnings';

const MUENNIGHOFF = {
  E: Math.exp(0.6254804),
  A: Math.exp(6.255414),
  B: Math.exp(7.3049974),
  alpha: 0.3526596,
  beta: 0.3526596,
  RDstar: 15.387756,
  RNstar: 5.309743,
};

/** Per-row quantities of the effective-data transformation (laws.md §2.9). */
interface Effective {
  /** N′ and its derivatives w.r.t. (A, B, α, β, R_N*) — zero when N′ = N. */
  nEff: number;
  dN: Float64Array;
  dEff: number;
  /** ∂D′/∂R_D*. */
  dDdR: number;
}

function newEffective(): Effective {
  return { nEff: 0, dN: new Float64Array(5), dEff: 0, dDdR: 0 };
}

/**
 * Reused for every row of predict and jacobian: a fit evaluates ~1,000 rows hundreds of times, and a fresh
 * object and arrays per row were a fifth of data-constrained's time (garbage collection).
 */
const rowScratch = newEffective();
const repeatedScratch = new Float64Array(3);

/** f(u, R*) = u + u·R*·(1 − e^(−(N/u − 1)/R*)) and its partials (value, ∂/∂u, ∂/∂R*) into `out`. */
function repeated(u: number, total: number, rStar: number, out: Float64Array): void {
  const rep = total / u - 1;
  const e = Math.exp(-rep / rStar);
  out[0] = u + u * rStar * (1 - e);
  out[1] = 1 + rStar * (1 - e) - (e * total) / u;
  out[2] = u * (1 - e) - (u * e * rep) / rStar;
}

/** ln G = ln(αA/(βB))/(α + β), the same on every row: taken once per evaluation, not per row. */
function lnGOf(p: ArrayLike<number>): number {
  return (Math.log(p[3]) + Math.log(p[1]) - Math.log(p[4]) - Math.log(p[2])) / (p[3] + p[4]);
}

/** The row's effective N′ and D′ (and their derivatives) into `eff`. */
function effective(p: ArrayLike<number>, lnG: number, N: number, D: number, U: number, eff: Effective): Effective {
  const A = p[1];
  const B = p[2];
  const alpha = p[3];
  const beta = p[4];
  const uD = Math.min(U, D);
  const r = repeatedScratch;
  repeated(uD, D, p[5], r);
  eff.dEff = r[0];
  eff.dDdR = r[2];
  // N_for(U_D) = (U_D·G)^(β/α)·G, the compute-optimal size for the unique tokens.
  const lnUG = Math.log(uD) + lnG;
  const lnFor = (beta / alpha) * lnUG + lnG;
  if (Math.log(N) <= lnFor) {
    eff.nEff = N;
    eff.dN.fill(0);
    return eff;
  }
  const uN = Math.exp(lnFor);
  repeated(uN, N, p[6], r);
  const dU = r[1];
  eff.nEff = r[0];
  const ratio = 1 + beta / alpha;
  const dLnGdAlpha = (1 / alpha - lnG) / (alpha + beta);
  const dLnGdBeta = (-1 / beta - lnG) / (alpha + beta);
  eff.dN[0] = dU * uN * (1 / (alpha * A));
  eff.dN[1] = dU * uN * (-1 / (alpha * B));
  eff.dN[2] = dU * uN * ((-beta / (alpha * alpha)) * lnUG + ratio * dLnGdAlpha);
  eff.dN[3] = dU * uN * (lnUG / alpha + ratio * dLnGdBeta);
  eff.dN[4] = r[2];
  return eff;
}

function inputs(x: LawInputs): [Float64Array, Float64Array, Float64Array] {
  const D = requireInput(x, 'D');
  // Without a unique-token column every token is unique: the law reduces to Chinchilla.
  return [requireInput(x, 'N'), D, x.U ?? D];
}

function repeats(D: Float64Array, U: Float64Array): boolean {
  return D.some((d, i) => d > U[i] * (1 + 1e-9));
}

/**
 * With U but no run past one epoch, R_D*, R_N* are not identifiable (laws.md §2.9: fix them at the
 * preset): they are reported as held, never as fitted, and a warning says so.
 */
function unidentifiableRepetition(x: LawInputs): string | undefined {
  const [, D, U] = inputs(x);
  if (!x.U || repeats(D, U)) return undefined;
  return (
    'No fitted run repeats data (D ≤ U on every row): R_D* and R_N* are not identifiable and are held at Muennighoff et al.\'s ' +
    `values (RDstar = ${MUENNIGHOFF.RDstar}, RNstar = ${MUENNIGHOFF.RNstar}), not fitted. The rest is the Chinchilla form on these rows, ` +
    'with models larger than compute-optimal for their U discounted by the held R_N*.'
  );
}

const SCREEN_ITERATIONS = 20;

/**
 * Repetition needs epochs > 1 somewhere; otherwise R_D*, R_N* are held (unidentifiableRepetition).
 * Stage 1 is the Chinchilla fit on (N, min(D, U)); stage 2 polishes the full law.
 */
function fitDataConstrained(ctx: LawFitContext): LawFitOutcome {
  // Without U the law has nothing to measure beyond Chinchilla; fitting it would report R_D*, R_N* as if measured.
  if (!ctx.x.U) {
    throw new UserError(
      'data-constrained needs a U column (unique tokens each run saw) to model repeated data: without it every token counts as unique, ' +
        'so R_D* and R_N* cannot be fitted. Map U with --map U=COLUMN (map: {U: COLUMN} in a notebook), or fit --law chinchilla.',
      'missing-role',
    );
  }
  const [N, D, U] = inputs(ctx.x);
  const hasRepetition = repeats(D, U);
  const fixed = hasRepetition ? ctx.fixed : { RDstar: MUENNIGHOFF.RDstar, RNstar: MUENNIGHOFF.RNstar, ...ctx.fixed };
  const held = hasRepetition ? {} : { held: ['RDstar', 'RNstar'] };
  if (ctx.start) return { ...multiStartFit(dataConstrained, { ...ctx, fixed }), ...held };
  const unique = D.map((d, i) => Math.min(d, U[i]));
  const stage1 = chinchilla.fit!({ ...ctx, x: { N, D: unique }, fixed: pick(ctx.fixed, chinchilla), bounds: pick(ctx.bounds, chinchilla) });
  const names = dataConstrained.params.map((spec) => spec.name);
  const starts = [
    names.map((name, j) => fixed[name] ?? (j < 5 ? stage1.params[j] : MUENNIGHOFF[name as keyof typeof MUENNIGHOFF])),
    names.map((name) => fixed[name] ?? MUENNIGHOFF[name as keyof typeof MUENNIGHOFF]),
  ];
  // Both starts get SCREEN_ITERATIONS steps and only the one ahead is polished (from the start itself): each
  // polish is 130–220 steps of a 7-parameter solve on ~1,000 rows, and on datablations C4 the start ahead
  // after 10, 20 and 40 steps was the one that ended lower.
  const screened = starts.map((start) => ({ start, value: multiStartFit(dataConstrained, { ...ctx, fixed, start: Float64Array.from(start) }, SCREEN_ITERATIONS).value }));
  const lead = screened.reduce((a, b) => (b.value < a.value ? b : a));
  const best = multiStartFit(dataConstrained, { ...ctx, fixed, start: Float64Array.from(lead.start) });
  // Stage 1's polishes are starts too (of the reduced problem), and so is the stage-2 polish; the screened
  // starts are grid points.
  const grid = (stage1.grid ?? 0) + starts.length;
  return { ...best, grid, tried: stage1.tried + 1, converged: stage1.converged + best.converged, ...held };
}

function pick<T>(values: Record<string, T>, law: Law): Record<string, T> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => law.params.some((spec) => spec.name === name)));
}

/** Muennighoff et al. 2023: Chinchilla on effective (repetition-discounted) N′ and D′ (laws.md §2.9). */
export const dataConstrained: Law = {
  id: 'data-constrained',
  name: 'Data-constrained (Muennighoff et al. 2023)',
  formula: "L = E + A/N'^alpha + B/D'^beta, D' = U_D + U_D*RD*(1-exp(-R_D/RD*)), N' likewise",
  latex:
    "L=E+\\frac{A}{\\left(U_N+U_N R_N^{*}(1-e^{-R_N/R_N^{*}})\\right)^{\\alpha}}+\\frac{B}{\\left(U_D+U_D R_D^{*}(1-e^{-R_D/R_D^{*}})\\right)^{\\beta}}",
  description:
    'Repeated data is worth less: with U unique tokens seen D/U times, effective data D′ saturates with half-life ' +
    'R_D*; parameters beyond the compute-optimal size for U saturate likewise (R_N*). Reduces to Chinchilla ' +
    'without repetition. R_D*, R_N* are fitted only when some run repeats data.',
  inputs: ['N', 'D', 'U'],
  params: [
    ...chinchilla.params,
    { name: 'RDstar', description: 'data repetition half-life (epochs)', lower: 0.1, upper: 1000, grid: [5, 15, 50], logScale: true },
    { name: 'RNstar', description: 'excess-parameter half-life', lower: 0.1, upper: 1000, grid: [2, 5, 20], logScale: true },
  ],
  presets: [
    {
      id: 'muennighoff2023',
      lawId: 'data-constrained',
      params: MUENNIGHOFF,
      source: 'Muennighoff et al. 2023, repository README',
      status: 'R',
      note: 'L(6.34e9, 242e9, U = 25e9) = 2.2256441.',
    },
  ],
  defaultObjective: 'huber-log',
  predict(p, x, out) {
    const [N, D, U] = inputs(x);
    const lnG = lnGOf(p);
    for (let i = 0; i < out.length; i++) {
      const eff = effective(p, lnG, N[i], D[i], U[i], rowScratch);
      out[i] = p[0] + p[1] * Math.pow(eff.nEff, -p[3]) + p[2] * Math.pow(eff.dEff, -p[4]);
    }
  },
  jacobian(p, x, out) {
    const [N, D, U] = inputs(x);
    const [A, B, alpha, beta] = [p[1], p[2], p[3], p[4]];
    const lnG = lnGOf(p);
    for (let i = 0; i < N.length; i++) {
      const eff = effective(p, lnG, N[i], D[i], U[i], rowScratch);
      const u = Math.pow(eff.nEff, -alpha);
      const v = Math.pow(eff.dEff, -beta);
      // ∂(A·N′^−α)/∂N′ = −α·A·N′^(−α−1).
      const dTdN = (-alpha * A * u) / eff.nEff;
      const o = i * 7;
      out[o] = 1;
      out[o + 1] = u + dTdN * eff.dN[0];
      out[o + 2] = v + dTdN * eff.dN[1];
      out[o + 3] = -A * u * Math.log(eff.nEff) + dTdN * eff.dN[2];
      out[o + 4] = -B * v * Math.log(eff.dEff) + dTdN * eff.dN[3];
      out[o + 5] = ((-beta * B * v) / eff.dEff) * eff.dDdR;
      out[o + 6] = dTdN * eff.dN[4];
    }
  },
  fitWarnings: (p, x) => {
    const [N, D, U] = inputs(x);
    const lnG = lnGOf(p);
    const eff = Array.from(N, (n, i) => effective(p, lnG, n, D[i], U[i], newEffective()));
    const reduced = unidentifiableRepetition(x);
    return [
      ...(reduced ? [{ code: 'not-identifiable', message: reduced }] : []),
      ...chinchillaTermWarnings(p, Float64Array.from(eff, (e) => e.nEff), Float64Array.from(eff, (e) => e.dEff), "N'", "D'"),
    ];
  },
  fit: fitDataConstrained,
};
