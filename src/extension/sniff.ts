import { sniffHeadOf, sniffRunLog, type RunLogSniff } from '../core/runlog/sniff';

export type Sniffed = RunLogSniff;

/**
 * Whether a document looks like a run log, from its head (`read(n)`: the first n characters; `length`:
 * all of them). This is the one piece of the reader in the host bundle: deciding "not a run log" for an
 * ordinary JSON or CSV file must not load the engine. Explicit role overrides make any candidate file a
 * run log (the user said so).
 */
export function sniffDocument(read: (chars: number) => string, length: number, fileName: string, hasOverrides: boolean): Sniffed {
  const { head, whole } = sniffHeadOf(read, length, fileName);
  const sniffed = sniffRunLog(head, fileName, whole);
  return hasOverrides && !sniffed.isRunLog ? { ...sniffed, isRunLog: true } : sniffed;
}
