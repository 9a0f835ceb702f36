import { didYouMean } from '../didYouMean';
import { makeCustomLaw } from '../laws/custom';
import type { Law, LawPreset } from '../law';
import { getLaw, getPreset, listLaws, listPresets } from '../laws/registry';
import { UserError } from '../types';
import { quoteText } from '../quote';

export interface ResolvedLaw {
  law: Law;
  /** When the request named a preset: its parameters become the starting point. */
  preset?: LawPreset;
}

const ID_LIKE = /^[A-Za-z][\w.-]*$/;
/** Compiled custom laws by formula text, so predictions never re-parse (hovers, inlays). */
const customCache = new Map<string, Law>();
/** The law picker validates every keystroke's text: keep the most recent formulas only. */
const CUSTOM_CACHE_SIZE = 64;

/**
 * A law id, a preset id, or a custom formula. Text that looks like an id but names neither is an
 * error with suggestions — not a one-parameter formula.
 */
export function resolveLaw(text: string): ResolvedLaw {
  const trimmed = text.trim();
  const law = getLaw(trimmed);
  if (law) return { law };
  const preset = getPreset(trimmed);
  if (preset) {
    const base = getLaw(preset.lawId);
    if (base) return { law: base, preset };
  }
  if (ID_LIKE.test(trimmed) && !/[+*/^()]/.test(trimmed)) {
    const known = [...listLaws().map((l) => l.id), ...listPresets().map((p) => p.id)];
    throw new UserError(`Unknown law ${quoteText(trimmed)}${didYouMean(trimmed, known)} (see \`scaling-laws laws\`, or write a formula)`, 'unknown-law');
  }
  let custom = customCache.get(trimmed);
  if (custom) customCache.delete(trimmed);
  else custom = makeCustomLaw(trimmed);
  customCache.set(trimmed, custom);
  if (customCache.size > CUSTOM_CACHE_SIZE) customCache.delete(customCache.keys().next().value as string);
  return { law: custom };
}
