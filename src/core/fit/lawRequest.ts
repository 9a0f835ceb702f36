import { assertOptionsDeclared, checkLawOptions, ownOptions, type LawOptionValues } from '../lawOptions';
import type { Law } from '../law';
import type { FitRequest } from '../types';
import { xColumnOption } from './lawInputs';
import { resolveLaw } from './resolveLaw';

function resolvable(id: string): Law | undefined {
  try {
    return resolveLaw(id).law;
  } catch {
    return undefined;
  }
}

/**
 * One law's request when several laws share the flags (compare, a spec with a list of laws): the options
 * that law declares, and `x` only for a law whose x is a role. A law that does not resolve gets the
 * request as it is (its fit reports why).
 */
export function requestForLaw(request: Omit<FitRequest, 'law'>, id: string): FitRequest {
  const law = resolvable(id);
  if (!law) return { ...request, law: id };
  const { options, x, ...rest } = request;
  const own = ownOptions(law, options ?? {});
  const takesX = x !== undefined && law.inputs.includes('x') && !xColumnOption(law);
  return { ...rest, law: id, ...(takesX ? { x } : {}), ...(Object.keys(own).length ? { options: own } : {}) };
}

/**
 * Refuses options none of the laws (the ids that resolve) declares, before requestForLaw would drop them,
 * and values a law that declares them cannot take: a mistake in the flags, not one law's failed fit.
 */
export function checkSharedOptions(ids: readonly string[], options: LawOptionValues | undefined): void {
  if (!options) return;
  const laws = ids.flatMap((id) => resolvable(id) ?? []);
  assertOptionsDeclared(laws, options);
  for (const law of laws) checkLawOptions(law, ownOptions(law, options));
}
