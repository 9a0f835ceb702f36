/** Which rows of each run a sweep takes: `final` (default), `all`, or `after=0.3` (fraction of training). */
import { quoteText } from '../quote';
import { UserError } from '../types';

export type Take = { kind: 'final' } | { kind: 'all' } | { kind: 'after'; fraction: number };

export const DEFAULT_TAKE: Take = { kind: 'final' };

export function parseTake(text: string): Take {
  const t = text.trim().toLowerCase();
  if (t === 'final' || t === 'all') return { kind: t };
  const m = /^after=(\d*\.?\d+)$/.exec(t);
  const fraction = m ? Number(m[1]) : NaN;
  if (fraction >= 0 && fraction <= 1) return { kind: 'after', fraction };
  throw new UserError(`--take expects final, all or after=F with F a fraction of training in [0, 1], got ${quoteText(text)}`, 'usage');
}

export function describeTake(take: Take): string {
  return take.kind === 'after' ? `after=${take.fraction}` : take.kind;
}
