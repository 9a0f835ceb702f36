import type { Law, LawFitContext, LawFitOutcome } from '../law';
import { multiStartFit } from '../solve/multiStart';
import type { CancellationSignal, FitRequest, Progress } from '../types';

// Apart from fitTable.ts so bootstrap.ts, which fitTable.ts calls, refits a replicate without importing fitTable.ts back.

export interface FitOptions {
  progress?: Progress;
  signal?: CancellationSignal;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** The law's own global method, or the engine's multi-start. */
export function runLawFit(law: Law, ctx: LawFitContext): LawFitOutcome {
  return law.fit ? law.fit(ctx) : multiStartFit(law, ctx);
}

/** Quantities derived from the parameters: the allocation exponent a = β/(α+β) of Chinchilla-type laws. */
export function derivedQuantities(params: Record<string, number>): Record<string, number> | undefined {
  const { alpha, beta } = params;
  if (alpha === undefined || beta === undefined || !(alpha + beta > 0)) return undefined;
  return { a: beta / (alpha + beta) };
}

/** Parameters held rather than fitted: the request's `fixed` and the law's own `held`. Their values are choices, not estimates. */
export function notFittedParams(request: FitRequest, outcome: LawFitOutcome): Set<string> {
  return new Set([...Object.keys(request.fixed ?? {}), ...(outcome.held ?? [])]);
}
