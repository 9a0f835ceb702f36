import type { LawFitContext, ParamSpec } from '../law';
import { UserError } from '../types';
import { paramBox } from './paramBox';

/** A fit request's per-parameter view: bounds, which parameters move, and known values. */
export interface ParamSetup {
  names: string[];
  lower: Float64Array;
  upper: Float64Array;
  free: boolean[];
  /** Parameters the local optimiser steps in ln(value) (ParamSpec.logScale). */
  logScale: boolean[];
  /** Fixed parameters hold their value; free ones the warm start or user init, else NaN. */
  values: Float64Array;
}

/**
 * Merges the law's specs with the request (`fixed`, `bounds`, `init`, warm `start`).
 * `heldByDefault` lists parameters a law keeps fixed unless the request frees them (sigmoid's
 * y_lo/y_hi, lr-annealing's λ); `freed` names the ones the request's options free.
 */
export function paramSetup(
  specs: readonly ParamSpec[],
  ctx: LawFitContext,
  heldByDefault: Record<string, number> = {},
  freed: readonly string[] = [],
): ParamSetup {
  const names = specs.map((s) => s.name);
  for (const [what, record] of [
    ['fixed', ctx.fixed],
    ['bounds', ctx.bounds],
    ['init', ctx.init],
  ] as const) {
    for (const name of Object.keys(record)) {
      if (!names.includes(name)) {
        throw new UserError(`Unknown parameter "${name}" in ${what}; this law has ${names.join(', ')}.`, 'unknown-param');
      }
    }
  }
  const { lower, upper } = paramBox(specs, ctx.bounds);
  const free: boolean[] = [];
  const values = new Float64Array(specs.length);
  specs.forEach((s, j) => {
    const held = ctx.fixed[s.name] ?? (freed.includes(s.name) ? undefined : heldByDefault[s.name]);
    free.push(held === undefined);
    values[j] = held ?? ctx.start?.[j] ?? ctx.init[s.name] ?? NaN;
    if (lower[j] > upper[j]) {
      throw new UserError(`Bounds of "${s.name}" are empty: [${lower[j]}, ${upper[j]}].`, 'bad-bounds');
    }
  });
  return { names, lower, upper, free, logScale: specs.map((s) => s.logScale === true), values };
}

type Options = Record<string, number | string | boolean>;

/** A numeric law option (`breaks`, `lambda`, `lo` …), validated. */
export function numberOption(options: Options, name: string, fallback: number): number {
  const v = options[name];
  if (v === undefined) return fallback;
  const num = typeof v === 'string' ? Number(v) : v;
  if (typeof num !== 'number' || !Number.isFinite(num)) {
    throw new UserError(`Option "${name}" must be a number, got ${String(v)}.`, 'bad-option');
  }
  return num;
}

/** A boolean law option (`offset`, `freeLo` …); accepts true/false and "true"/"false". */
export function booleanOption(options: Options, name: string): boolean {
  const v = options[name];
  return v === true || v === 'true';
}
