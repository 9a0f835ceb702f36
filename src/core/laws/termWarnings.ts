import type { FitWarning } from '../types';

/**
 * `not-identifiable` warnings for a law term the fitted rows cannot measure. A bounded fit on data
 * without a D effect ends with B at its lower bound or β at 0 instead of the absurd B = 3.9e−111,
 * β = −9.74 an unbounded one reported (issue 9 item 16) — but a value at a bound is no estimate either,
 * and these warnings say which term the data left undetermined and why.
 */

/** An additive term of the prediction, evaluated at every fitted row. */
export interface LawTerm {
  /** As in the formula, e.g. `B/D^beta`. */
  label: string;
  /** Its parameters with their fitted values, e.g. `B = 0.006738, beta = 0`. */
  params: string;
  /** The input the term models, e.g. `D`. */
  input: string;
  values: Float64Array;
}

/**
 * Below this fraction of the predicted loss a term, or its change across the rows, is beneath the
 * default Huber δ = 1e-3 on ln loss: the objective treats such residuals as noise, so the data cannot
 * pin the term down.
 */
const NEGLIGIBLE = 1e-3;

export function termWarnings(terms: readonly LawTerm[], predicted: Float64Array, constant: string): FitWarning[] {
  const warnings: FitWarning[] = [];
  let meanLevel = 0;
  for (const v of predicted) meanLevel += Math.abs(v) / predicted.length;
  for (const term of terms) {
    let share = 0;
    let lo = Infinity;
    let hi = -Infinity;
    term.values.forEach((v, i) => {
      share = Math.max(share, Math.abs(v) / Math.abs(predicted[i]));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    });
    if (!(share >= NEGLIGIBLE)) {
      warnings.push({
        code: 'not-identifiable',
        message:
          `The term ${term.label} is below 0.1 % of the predicted loss on every fitted row (${term.params}): these rows ` +
          `do not identify it — the loss does not measurably fall as ${term.input} grows here. Read it as "no ${term.input} ` +
          'effect found", not as an estimate.',
      });
    } else if (!(hi - lo >= NEGLIGIBLE * meanLevel)) {
      warnings.push({
        code: 'not-identifiable',
        message:
          `The term ${term.label} changes by less than 0.1 % of the loss across the fitted rows (${term.params}): it acts ` +
          `as a constant, which ${constant} absorbs, so ${constant} and this term's coefficient are not separately identified. ` +
          `More spread in ${term.input} would separate them.`,
      });
    }
  }
  return warnings;
}

/**
 * The two power terms of a Chinchilla-type law, E + A/N′^α + B/D′^β, at effective sizes N′ and D′
 * (N and D for chinchilla itself; precision and data-constrained pass theirs).
 */
export function chinchillaTermWarnings(p: ArrayLike<number>, nEff: Float64Array, dEff: Float64Array, nLabel = 'N', dLabel = 'D'): FitWarning[] {
  const [E, A, B, alpha, beta] = [p[0], p[1], p[2], p[3], p[4]];
  const model = nEff.map((n) => A * Math.pow(n, -alpha));
  const data = dEff.map((d) => B * Math.pow(d, -beta));
  const predicted = model.map((v, i) => E + v + data[i]);
  const show = (name: string, v: number) => `${name} = ${v.toPrecision(4)}`;
  return termWarnings(
    [
      { label: `A/${nLabel}^alpha`, params: `${show('A', A)}, ${show('alpha', alpha)}`, input: nLabel, values: model },
      { label: `B/${dLabel}^beta`, params: `${show('B', B)}, ${show('beta', beta)}`, input: dLabel, values: data },
    ],
    predicted,
    'E',
  );
}
