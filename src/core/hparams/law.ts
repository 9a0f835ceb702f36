/**
 * Hyperparameter scaling laws (issue 15): the optimal peak learning rate and batch size of a run as power
 * laws of its size — lr* = a·N^α·D^β and bs* = b·D^γ (Li et al. 2025, "Step Law"), or of its compute C
 * (DeepSeek 2024). Batch sizes are in tokens; sequences are tokens ÷ sequence length.
 */

/** coef · N^expN · D^expD · C^expC; an absent exponent is 0. */
export interface Monomial {
  coef: number;
  expN?: number;
  expD?: number;
  expC?: number;
}

export interface HparamLaw {
  lr: Monomial;
  /** Batch size in tokens. */
  bs: Monomial;
}

/** Where a monomial is evaluated; C defaults to 6ND, as in the rest of the product. */
export interface ScalePoint {
  N: number;
  D: number;
  C?: number;
}

export function evaluateMonomial(m: Monomial, at: ScalePoint): number {
  const C = at.C ?? 6 * at.N * at.D;
  return m.coef * at.N ** (m.expN ?? 0) * at.D ** (m.expD ?? 0) * C ** (m.expC ?? 0);
}

/** The law's recommendation at a scale: peak learning rate and batch size in tokens. */
export function recommendHparams(law: HparamLaw, at: ScalePoint): { lr: number; bsTokens: number } {
  return { lr: evaluateMonomial(law.lr, at), bsTokens: evaluateMonomial(law.bs, at) };
}

/** `1.79 · N^-0.713 · D^0.307`: the one way a monomial is written (CLI, calculator, notebook). */
export function formatMonomial(m: Monomial, digits = 4): string {
  const terms = (['N', 'D', 'C'] as const)
    .map((v) => [v, m[`exp${v}`] ?? 0] as const)
    .filter(([, e]) => e !== 0)
    .map(([v, e]) => `${v}^${Number(e.toPrecision(digits))}`);
  return [String(Number(m.coef.toPrecision(digits))), ...terms].join(' · ');
}

/**
 * The law of a saved `hparams --json` result (or any object with `lr` and `bs` monomials), checked: every
 * coefficient positive and finite, every exponent finite. Undefined when it is not one.
 */
export function hparamLawOf(value: unknown): HparamLaw | undefined {
  const monomial = (m: unknown): Monomial | undefined => {
    if (typeof m !== 'object' || m === null) return undefined;
    const r = m as Record<string, unknown>;
    if (typeof r.coef !== 'number' || !(r.coef > 0) || !Number.isFinite(r.coef)) return undefined;
    const out: Monomial = { coef: r.coef };
    for (const key of ['expN', 'expD', 'expC'] as const) {
      if (r[key] === undefined) continue;
      if (typeof r[key] !== 'number' || !Number.isFinite(r[key])) return undefined;
      out[key] = r[key];
    }
    return out;
  };
  const r = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const [lr, bs] = [monomial(r.lr), monomial(r.bs)];
  return lr && bs ? { lr, bs } : undefined;
}
