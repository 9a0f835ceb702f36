import { parseCustomLaw, type ParamKind } from '../expr';
import { CUSTOM_LAW_ID, type LawInputs, type Role } from '../types';
import type { Law, ParamSpec } from '../law';

/** Roles a custom formula may read, plus `x` (the one variable of a one-variable law). */
const FORMULA_INPUTS = new Set<string>(['N', 'D', 'C', 'M', 'U', 'P', 'step', 'lr', 'x']);

const DESCRIPTIONS: Record<ParamKind, string> = {
  exponent: 'exponent',
  offset: 'additive offset',
  scale: 'coefficient',
};

/**
 * A law from a user formula (laws.md §2.13): `E + A/N^alpha + B/D^beta; alpha in [0, 1]; E ~ 1.7`.
 * Every identifier that is not an input is a parameter, bounded by the user's clause or by the default
 * for how it is used (see ParamKind). Fixed (`=`) parameters are substituted and not fitted.
 * `isVariable` may add column names as inputs; the engine then passes those columns under their names.
 */
export function makeCustomLaw(text: string, isVariable: (name: string) => boolean = (name) => FORMULA_INPUTS.has(name)): Law {
  const spec = parseCustomLaw(text, isVariable);
  const { formula } = spec;
  const k = formula.params.length;
  const params: ParamSpec[] = formula.params.map((name) => {
    const [lower, upper] = spec.bounds[name];
    const kind = spec.kinds[name];
    return {
      name,
      description: DESCRIPTIONS[kind],
      lower,
      upper,
      logScale: kind === 'scale' && lower > 0,
      ...(Object.hasOwn(spec.init, name) ? { init: spec.init[name] } : {}),
    };
  });
  const inputs = formula.variables as Array<Role | 'x'>;
  let scratch = new Float64Array(0);
  const columns = (x: LawInputs) => x as Record<string, Float64Array>;
  return {
    id: CUSTOM_LAW_ID,
    name: 'Custom formula',
    formula: text.trim(),
    latex: formula.latex,
    description: 'A formula you typed; parameters are fitted from quasi-random starts within their bounds.',
    inputs,
    ...(inputs.includes('x') ? { xRoles: ['N', 'D', 'C', 'step'] as Role[] } : {}),
    params,
    presets: [],
    defaultObjective: 'huber-log',
    predict(p, x, out) {
      formula.evaluate(columns(x), p, out);
    },
    jacobian(p, x, out) {
      const n = out.length / k;
      if (scratch.length !== n) scratch = new Float64Array(n);
      formula.evaluate(columns(x), p, scratch, out);
    },
  };
}
