/**
 * N from a run's name, the way sweeps are named: `pythia-70m`, `llama-350m`, `gpt3-1.3B`, or the shape
 * `d=512_l=8_h=4`. Only M and B count as sizes: `3T` in `olmo-1b-3t` is the token budget.
 */
import { formatCount } from '../format';
import { quoteText } from '../quote';

export interface NameSize {
  value: number;
  source: string;
}

const SIZE = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)([mb])(?![a-z0-9])/gi;
const WIDTH = /(?:^|[^a-z0-9])(?:d|d_model|dim|width|hidden)[=_-]?(\d+)(?![0-9])/i;
const DEPTH = /(?:^|[^a-z0-9])(?:l|layers|n_layers|depth)[=_-]?(\d+)(?![0-9])/i;

/** The size a name states, or why it states none (`reason`). */
export function sizeFromName(name: string): NameSize | { reason: string } {
  const sizes = [...name.matchAll(SIZE)];
  if (sizes.length === 1) {
    const [, number, unit] = sizes[0];
    const value = Number(number) * (unit.toLowerCase() === 'b' ? 1e9 : 1e6);
    return { value, source: `run name ${quoteText(name)}: ${sizes[0][0].replace(/^[^0-9]/, '')} = ${formatCount(value)}` };
  }
  if (sizes.length > 1) return { reason: `the run name ${quoteText(name)} holds ${sizes.length} sizes (${sizes.map((s) => s[0].replace(/^[^0-9]/, '')).join(', ')})` };
  const width = WIDTH.exec(name);
  const depth = DEPTH.exec(name);
  if (width && depth) {
    const d = Number(width[1]);
    const l = Number(depth[1]);
    // Kaplan et al.'s 12·L·d²: the vocabulary is not in the name, so this is the non-embedding count.
    const value = 12 * l * d * d;
    return { value, source: `run name ${quoteText(name)}: 12·L·d² with d ${d}, L ${l} = ${formatCount(value)} (non-embedding: the name gives no vocabulary)` };
  }
  return { reason: `the run name ${quoteText(name)} states no size` };
}
