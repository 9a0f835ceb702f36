import { formatNumber } from '../format';
import { maxOf, minOf } from '../arrays';
import type { FitWarning, LawInputs } from '../types';

/**
 * `implausible-parameter`: fitted values no measurement could have produced. Each check names the
 * parameter and says what the rows do not measure, so a value at the edge of floating point, a break
 * where there is no data or two terms cancelling each other is never read as a finding.
 */

/** Magnitudes beyond these are not estimates of anything (the widest real scales, Kaplan's C_c ≈ 1e27, fit well inside). */
const TINY = 1e-100;
const HUGE = 1e40;
/** A BNSL break more than this factor outside the fitted x range is not located by the rows. */
const BREAK_MARGIN = 10;
/** A BNSL log-log slope (change) beyond this is no curve's slope: loss exponents are below ~2. */
const SLOPE_LIMIT = 20;
/** Opposite-signed terms whose sum is below this fraction of the larger one cancel. */
const CANCEL_FRACTION = 0.1;
/** An irreducible loss below this fraction of the smallest observed loss is not measured. */
const E_FLOOR = 0.2;
/** Published exponents of loss laws lie in (0.05, 1). */
const EXPONENT_RANGE: [number, number] = [0.05, 1];

export interface ImplausibleInputs {
  lawId: string;
  params: Record<string, number>;
  /** Parameters held rather than fitted: their values are choices, never implausible findings. */
  notFitted: ReadonlySet<string>;
  /** Fitted rows' inputs and target. */
  x: LawInputs;
  y: Float64Array;
  /** The role x stands for in a one-variable law (its name in messages). */
  xName: string;
  /** Whether the target is a cross-entropy loss in nats (laws of the Chinchilla family). */
  lossInNats: boolean;
}

function fitted(inputs: ImplausibleInputs): Array<[string, number]> {
  return Object.entries(inputs.params).filter(([name]) => !inputs.notFitted.has(name));
}

function extremeMagnitudes(inputs: ImplausibleInputs, skip: ReadonlySet<string>): FitWarning[] {
  return fitted(inputs)
    .filter(([name, v]) => !skip.has(name) && v !== 0 && (Math.abs(v) < TINY || Math.abs(v) > HUGE))
    .map(([name, v]) => ({
      code: 'implausible-parameter',
      message:
        `${name} = ${formatNumber(v)} is ${Math.abs(v) < TINY ? 'vanishingly small' : 'astronomically large'}: the optimiser drove it ` +
        'towards the edge of floating point, so the rows do not measure it (its term is switched off or stands in for another). ' +
        'Read predictions inside the data only; a law with fewer terms may fit as well.',
    }));
}

/** BNSL breaks d_i (read by name) more than BREAK_MARGIN× outside the fitted x range, by name. */
function breaksOutside(inputs: ImplausibleInputs): Map<string, FitWarning> {
  const out = new Map<string, FitWarning>();
  const x = inputs.x.x;
  if (inputs.lawId !== 'bnsl' || !x || x.length === 0) return out;
  const lo = minOf(x);
  const hi = maxOf(x);
  for (const [name, d] of fitted(inputs)) {
    if (!/^d\d+$/.test(name) || !(d > BREAK_MARGIN * hi || d < lo / BREAK_MARGIN)) continue;
    out.set(name, {
      code: 'implausible-parameter',
      message:
        `Break ${name} = ${formatNumber(d)} lies ${formatNumber(d > hi ? d / hi : lo / d, 2)}× ${d > hi ? 'beyond the largest' : 'below the smallest'} ` +
        `fitted ${inputs.xName} (${formatNumber(lo)}–${formatNumber(hi)}): the rows do not locate it, and its slope change and sharpness ` +
        'are not measured either. Fit fewer breaks, or read the fit inside the data only.',
    });
  }
  return out;
}

/**
 * BNSL slopes c_i (read by name): pairs of opposite sign that nearly cancel, and others absurdly steep
 * (a slope in a cancelling pair is reported with its pair only).
 */
function slopeWarnings(inputs: ImplausibleInputs): FitWarning[] {
  if (inputs.lawId !== 'bnsl') return [];
  const slopes = fitted(inputs).filter(([name]) => /^c\d+$/.test(name));
  const out: FitWarning[] = [];
  const paired = new Set<string>();
  for (let i = 0; i < slopes.length; i++) {
    for (let j = i + 1; j < slopes.length; j++) {
      const [[a, va], [b, vb]] = [slopes[i], slopes[j]];
      const larger = Math.max(Math.abs(va), Math.abs(vb));
      if (va * vb < 0 && Math.min(Math.abs(va), Math.abs(vb)) > 1 && Math.abs(va + vb) < CANCEL_FRACTION * larger) {
        paired.add(a).add(b);
        out.push({
          code: 'implausible-parameter',
          message:
            `${a} = ${formatNumber(va)} and ${b} = ${formatNumber(vb)} nearly cancel (sum ${formatNumber(va + vb, 3)}): two large opposing ` +
            'slopes stand in for a small one, so neither is a measured slope. Fit fewer breaks or bound the slopes.',
        });
      }
    }
  }
  for (const [name, c] of slopes) {
    if (paired.has(name) || !(Math.abs(c) > SLOPE_LIMIT && Math.abs(c) <= HUGE)) continue;
    out.push({
      code: 'implausible-parameter',
      message:
        `${name} = ${formatNumber(c)} is a log-log slope no loss curve shows (beyond ±${SLOPE_LIMIT}): with its break it makes a step ` +
        'the rows do not resolve, so the slope is not measured. Fit fewer breaks, or read the fit inside the data only.',
    });
  }
  return out;
}

/** An irreducible loss far below every observed loss: the loss has not begun to flatten in these rows. */
function irreducibleLoss(inputs: ImplausibleInputs): FitWarning[] {
  const E = inputs.params.E;
  if (!inputs.lossInNats || E === undefined || inputs.notFitted.has('E') || inputs.y.length === 0) return [];
  const minY = minOf(inputs.y);
  if (!(E < E_FLOOR * minY)) return [];
  return [
    {
      code: 'implausible-parameter',
      message:
        `E = ${formatNumber(E)} is below a fifth of the smallest observed loss (${formatNumber(minY)}): these rows do not measure an ` +
        'irreducible loss (the loss has not begun to flatten), so E, and the coefficients and exponents it trades off with, are not ' +
        'estimates. Compare predictions inside the data, or hold E at a value from a larger study.',
    },
  ];
}

function exponents(inputs: ImplausibleInputs): FitWarning[] {
  return ['alpha', 'beta']
    .filter((name) => inputs.params[name] !== undefined && !inputs.notFitted.has(name))
    .filter((name) => !(inputs.params[name] > EXPONENT_RANGE[0] && inputs.params[name] < EXPONENT_RANGE[1]))
    .map((name) => ({
      code: 'implausible-parameter',
      message: `${name} = ${inputs.params[name].toPrecision(4)} lies outside (${EXPONENT_RANGE[0]}, ${EXPONENT_RANGE[1]}), where published exponents fall.`,
    }));
}

export function implausibleParameterWarnings(inputs: ImplausibleInputs): FitWarning[] {
  const breaks = breaksOutside(inputs);
  // A break already reported as outside the data is not reported again for its magnitude.
  return [...exponents(inputs), ...irreducibleLoss(inputs), ...extremeMagnitudes(inputs, new Set(breaks.keys())), ...breaks.values(), ...slopeWarnings(inputs)];
}
