/**
 * The N–D–C–M tetrad (C = 6ND, M = D/N): a law reading two of them (chinchilla's N and D, over-training's N
 * and M) fixes all four, so its loss chart may run along any of them (spec `x:`, CLI `--x`), with the
 * curves drawn as iso-lines of another.
 */
import type { Law } from '../law';
import type { Role } from '../types';
import { FLOPS_PER_TOKEN } from './lawInputs';

export const TETRAD: readonly Role[] = ['N', 'D', 'C', 'M'];

export function inTetrad(role: Role): boolean {
  return TETRAD.includes(role);
}

/** Whether inputs (a law's, or the roles a fit read) hold two of the tetrad, so they fix all four. */
export function fixesTetrad(inputs: readonly string[]): boolean {
  return inputs.filter((input) => TETRAD.includes(input as Role)).length >= 2;
}

/**
 * The roles a law's loss chart can put on x: any of the tetrad when the law fixes it, else its own role
 * inputs; undefined for a one-variable law, whose x is the role it is fitted on (FitRequest.x).
 */
export function chartAxes(law: Law): readonly Role[] | undefined {
  if (law.inputs.includes('x')) return undefined;
  return fixesTetrad(law.inputs) ? TETRAD : (law.inputs as Role[]);
}

/** Why `x` cannot be the chart axis of `law` (undefined when it can). */
export function chartAxisProblem(law: Law, x: Role): string | undefined {
  const axes = chartAxes(law);
  if (!axes || axes.includes(x)) return undefined;
  return `${law.id} is drawn against ${axes.join(', ')}; '${x}' is not among them`;
}

/**
 * The role each curve holds fixed when the chart runs along x: model size along tokens or tokens per
 * parameter (a run's own curve); along N the law's other input (iso-D for chinchilla, iso-M for
 * over-training); along C tokens per parameter for a law that reads M (Gadre et al.'s iso-M lines),
 * else model size (Hoffmann et al.'s).
 */
export function isoRole(inputs: readonly Role[], x: Role): Role {
  if (x === 'N') return inputs.find((role) => role !== 'N' && inTetrad(role)) ?? 'D';
  if (x === 'C' && inputs.includes('M')) return 'M';
  return 'N';
}

/** N, D, C and M at a point given two of them (`a` ≠ `b`). */
export function tetradPoint(a: Role, av: number, b: Role, bv: number): { N: number; D: number; C: number; M: number } {
  const k: Partial<Record<Role, number>> = { [a]: av, [b]: bv };
  const N = k.N ?? (k.D !== undefined ? (k.M !== undefined ? k.D / k.M : k.C! / (FLOPS_PER_TOKEN * k.D)) : Math.sqrt(k.C! / (FLOPS_PER_TOKEN * k.M!)));
  const D = k.D ?? (k.M !== undefined ? N * k.M : k.C! / (FLOPS_PER_TOKEN * N));
  return { N, D, C: k.C ?? FLOPS_PER_TOKEN * N * D, M: k.M ?? D / N };
}
