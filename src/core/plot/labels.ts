import { formatCount, formatNumber, SUFFIXES } from '../format';
import type { Role } from '../types';

/** Axis, legend and tooltip titles of each role: the symbol the laws use, then its unit. */
export const ROLE_TITLES: Record<Role, string> = {
  N: 'N (parameters)',
  D: 'D (tokens)',
  C: 'C (FLOPs)',
  loss: 'loss',
  step: 'step',
  lr: 'learning rate',
  bs: 'batch size',
  seq: 'sequence length (tokens)',
  run: 'run',
  group: 'group',
  M: 'M (tokens per parameter)',
  U: 'U (unique tokens)',
  P: 'P (precision, bits)',
};

/** A role's value the way the rest of the product prints it: counts as 70B / 1.4T, FLOPs as 5.76e23. */
export function formatRole(role: Role, value: number): string {
  return role === 'N' || role === 'D' || role === 'U' ? formatCount(value) : formatNumber(value);
}

/**
 * Tick labels as Vega `labelExpr`s, one notation per axis whatever the zoom: Vega's own formats switch
 * between "10000000000" and "1e+12" on one axis. Each follows the core formatter's rules on the tick
 * value; a tick Vega left unlabelled (a log axis's 2…9 between distant decades) stays unlabelled.
 */
export type TickNotation = 'count' | 'scientific' | 'decimal';

const TICK = 'datum.value';
/** Three significant digits, trailing zeros dropped, never an exponent (formatCount's mantissa). */
const digits = (value: string) => `format(${value}, '.3~r')`;
// The epsilon keeps an exact power of ten (log10 1e18 = 17.999…) in its own decade.
const EXPONENT = `floor(log(abs(${TICK})) / LN10 + 1e-9)`;

const TICK_EXPRESSIONS: Record<TickNotation, string> = {
  // formatCount: 500, 10K, 1.5B, 2T.
  count: `${SUFFIXES.map(([unit, suffix]) => `abs(${TICK}) >= ${unit} ? ${digits(`${TICK} / ${unit}`)} + '${suffix}'`).join(' : ')} : ${digits(TICK)}`,
  // formatNumber beyond 1e5, at every size: 1e18, 2.5e18.
  scientific: `${TICK} == 0 ? '0' : ${digits(`${TICK} / pow(10, ${EXPONENT})`)} + 'e' + ${EXPONENT}`,
  decimal: digits(TICK),
};

export function tickLabels(notation: TickNotation): string {
  return `datum.label == '' ? '' : ${TICK_EXPRESSIONS[notation]}`;
}

/** Counts in SI suffixes, compute and learning rates in powers of ten, the rest in decimals. */
export function roleNotation(role: Role): TickNotation {
  if (role === 'N' || role === 'D' || role === 'U' || role === 'step') return 'count';
  return role === 'C' || role === 'lr' ? 'scientific' : 'decimal';
}
