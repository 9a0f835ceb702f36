import { sniffRunLog, type RunLogSniff } from '../core/runlog/sniff';

export type Sniffed = RunLogSniff;

/**
 * Whether a document's head looks like a run log. This is the one piece of the reader in the host
 * bundle: deciding "not a run log" for an ordinary JSON or CSV file must not load the engine.
 * Explicit role overrides make any candidate file a run log (the user said so).
 */
export function sniffHead(head: string, fileName: string, hasOverrides: boolean): Sniffed {
  const sniffed = sniffRunLog(head, fileName);
  return hasOverrides && !sniffed.isRunLog ? { ...sniffed, isRunLog: true } : sniffed;
}
