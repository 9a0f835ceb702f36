import { didYouMean } from './didYouMean';
import { quoteText } from './quote';
import { UserError } from './types';
import type { Law } from './law';

export type LawOptionValue = number | string | boolean;
export type LawOptionValues = Record<string, LawOptionValue>;

/** One option a law understands (Law.options): what `--option KEY=VALUE` and a spec's `options:` may set. */
export interface LawOption {
  name: string;
  description: string;
  /** `column`: the name of a column of the file (downstream-error's upstream loss). */
  kind: 'number' | 'boolean' | 'choice' | 'column';
  /** For numbers: whole numbers only, within [min, max]. */
  integer?: boolean;
  min?: number;
  max?: number;
  /** For choices: the allowed words. */
  choices?: readonly string[];
}

/** `2` → 2, `true` → true, anything else stays text: what `--option KEY=VALUE` means by VALUE. */
export function parseOptionValue(text: string): LawOptionValue {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : text;
}

function optionProblem(option: LawOption, value: LawOptionValue): string | undefined {
  switch (option.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'choice':
      return typeof value === 'string' && option.choices!.includes(value) ? undefined : `one of ${option.choices!.join(', ')}`;
    case 'column':
      return typeof value === 'string' && value.trim() !== '' ? undefined : 'a column name';
    case 'number': {
      const whole = option.integer ? 'a whole number' : 'a number';
      const range = `${option.min ?? '−∞'} … ${option.max ?? '∞'}`;
      const ok = typeof value === 'number' && Number.isFinite(value) && (!option.integer || Number.isInteger(value));
      return ok && !(value < (option.min ?? -Infinity)) && !(value > (option.max ?? Infinity)) ? undefined : `${whole} in ${range}`;
    }
  }
}

/** Text for a law's options in messages: "breaks" or "none". */
function optionList(law: Law): string {
  const names = (law.options ?? []).map((o) => o.name);
  return names.length ? names.join(', ') : 'none';
}

/**
 * The options of a request checked against what the law declares: an unknown key (a typo such as
 * `break`) or a value of the wrong kind is a UserError, never an option silently ignored. Text that
 * reads as a number or boolean (a hand-edited setting) is taken as one.
 */
export function checkLawOptions(law: Law, options: LawOptionValues): LawOptionValues {
  const declared = law.options ?? [];
  const out: LawOptionValues = {};
  for (const [key, raw] of Object.entries(options)) {
    const option = declared.find((o) => o.name === key);
    if (!option) {
      const hint = didYouMean(key, declared.map((o) => o.name));
      throw new UserError(`${law.id} has no option ${quoteText(key)}${hint}; its options: ${optionList(law)}`, 'bad-option');
    }
    const value = typeof raw === 'string' && option.kind !== 'column' && option.kind !== 'choice' ? parseOptionValue(raw) : raw;
    const problem = optionProblem(option, value);
    if (problem) throw new UserError(`${law.id} option ${key} must be ${problem} (got ${quoteText(String(raw))})`, 'bad-option');
    out[key] = value;
  }
  return out;
}

/**
 * Options shared by several laws (compare, a spec with `law:` a list) each go to the laws that declare
 * them; a key none of them declares is an error (a typo must not be dropped).
 */
export function assertOptionsDeclared(laws: readonly Law[], options: LawOptionValues): void {
  const known = new Set(laws.flatMap((law) => (law.options ?? []).map((o) => o.name)));
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      const ids = [...new Set(laws.map((law) => law.id))].join(', ');
      throw new UserError(`No law here (${ids}) has an option ${quoteText(key)}${didYouMean(key, known)}; their options: ${[...known].join(', ') || 'none'}`, 'bad-option');
    }
  }
}

/** The options of `options` that `law` declares. */
export function ownOptions(law: Law, options: LawOptionValues): LawOptionValues {
  return Object.fromEntries(Object.entries(options).filter(([key]) => law.options?.some((o) => o.name === key)));
}
