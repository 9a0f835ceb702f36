/**
 * Units hidden in column names: `total_gflops` is FLOPs × 1e9, `Model Size (B)` parameters × 1e9,
 * `Pretraining Data Size (T)` tokens × 1e12, `FLOPs (1E21)` FLOPs × 1e21. The reader multiplies the
 * column by this scale so every role is in base units (parameters, tokens, FLOPs).
 */

/**
 * Units that also stand alone inside a name (`throughput/total_gflops`, `compute_pf_days`). Maps, not
 * object literals: the keys come from column names, and a column called `constructor` or `__proto__`
 * must not find Object.prototype's members (a function as the scale made the column NaN).
 */
const TOKEN_SCALE = new Map<string, number>(Object.entries({
  gflop: 1e9,
  gflops: 1e9,
  tflop: 1e12,
  tflops: 1e12,
  pflop: 1e15,
  pflops: 1e15,
  eflop: 1e18,
  eflops: 1e18,
  // Kaplan et al. measure compute in PF-days: 1e15 FLOP/s × 86,400 s.
  pfdays: 8.64e19,
}));

/** Units written in brackets at the end of a name (`(B)`, `[millions]`, `(GFLOPs)`). */
const WORD_SCALE = new Map<string, number>([
  ...TOKEN_SCALE,
  ...Object.entries({
  k: 1e3,
  thousand: 1e3,
  thousands: 1e3,
  m: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
  t: 1e12,
  trillion: 1e12,
  trillions: 1e12,
  }),
]);

const BRACKETED = /[([]\s*([^()[\]]+?)\s*[)\]]\s*$/;
const POWER = /^(?:x\s*)?(?:1e|10\^|10\*\*)([-+]?\d+)$/i;

/** The unit in a trailing `(…)`/`[…]`, if it is a scale we know (`(B)`, `(1E21)`, `[GFLOPs]`). */
function bracketScale(name: string): number | undefined {
  const m = BRACKETED.exec(name);
  if (!m) return undefined;
  const unit = m[1].toLowerCase().replace(/pf[-_ ]?days?|petaflop[-_ ]days?/, 'pfdays');
  const power = POWER.exec(unit);
  if (power) return 10 ** Number(power[1]);
  return WORD_SCALE.get(unit);
}

/** Factor from the column's raw values to base units (1 when the name says nothing). */
export function unitScale(name: string): number {
  const bracket = bracketScale(name);
  if (bracket !== undefined) return bracket;
  const lower = name.toLowerCase().replace(/pf[-_ ]days?/g, 'pfdays');
  for (const token of lower.split(/[^a-z0-9]+/)) {
    const scale = TOKEN_SCALE.get(token);
    if (scale !== undefined) return scale;
  }
  return 1;
}

/** The name without a trailing bracketed unit: `Model Size (B)` → `Model Size`, `loss (nats)` → `loss`. */
export function stripUnit(name: string): string {
  return name.replace(BRACKETED, '').trim() || name;
}
