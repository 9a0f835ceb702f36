import { markdownText } from '../escape';
import type { FitResult } from '../types';
import type { ComparisonView, FitOutput, RunForecast } from '../../shared/fitOutput';

import { FIT_MIME, NOTEBOOK_ERROR_MIME } from '../../shared/mime';
import type { NotebookFile, NotebookFileCell, NotebookFileOutput, NotebookFileOutputItem } from './notebookFile';
import { comparisonMarkdown, fitSummaryMarkdown, type FitFailure } from './summary';

/**
 * A `.scalenb` file is shared like a run log and its saved outputs are shown as they are, so a
 * hand-made or tampered file could carry raw HTML, script or `command:` links in a markdown or HTML
 * output, which VS Code renders in a trusted workspace. Only what we write is restored as markup:
 *
 * - the fit payload (FIT_MIME: our renderer shows every string in it as text), plain text, and an
 *   error output reduced to its name and message (what errorOutput writes; a stack is linkified);
 * - a `text/markdown` item only when it is exactly the summary we would write for the cell's own fit
 *   payload (fitSummaryMarkdown, whose every file-derived string is escaped); anything else, or a
 *   summary that cannot be regenerated, is restored as `text/plain`: readable, inert;
 * - every other MIME type is dropped, and a plain-text note in the cell says how many and which, so
 *   nothing vanishes silently.
 *
 * Our own outputs pass unchanged, so a notebook we wrote still saves back to the same bytes.
 */
export const RESTORED_MIMES: readonly string[] = [FIT_MIME, NOTEBOOK_ERROR_MIME, 'text/plain', 'text/markdown'];

export function restoreOutputs(file: NotebookFile): NotebookFile {
  return { ...file, cells: file.cells.map(restoreCell) };
}

function restoreCell(cell: NotebookFileCell): NotebookFileCell {
  if (!cell.outputs) return cell;
  const fits = savedFits(cell.outputs);
  const saved = { forecasts: savedForecasts(cell.outputs), comparison: savedPayload(cell.outputs)?.comparison };
  const dropped: string[] = [];
  const outputs: NotebookFileOutput[] = [];
  for (const output of cell.outputs) {
    const items = output.items.flatMap((item) => restoreItem(item, fits, saved, dropped));
    if (items.length > 0) outputs.push({ ...output, items });
  }
  if (dropped.length > 0) outputs.push({ items: [{ mime: 'text/plain', data: droppedNote(dropped) }] });
  return { ...cell, outputs };
}

/** What the cell's summary is regenerated from besides the fits. */
interface SummaryInputs {
  forecasts: readonly RunForecast[];
  comparison?: ComparisonView;
}

function restoreItem(item: NotebookFileOutputItem, fits: readonly FitResult[] | undefined, saved: SummaryInputs, dropped: string[]): NotebookFileOutputItem[] {
  switch (item.mime) {
    case FIT_MIME:
    case 'text/plain':
      return [item];
    case NOTEBOOK_ERROR_MIME:
      return [errorItem(item)];
    case 'text/markdown':
      return [typeof item.data === 'string' && fits && isOurSummary(item.data, fits, saved) ? item : { mime: 'text/plain', data: plainText(item.data) }];
    default:
      dropped.push(item.mime);
      return [];
  }
}

function payloadItem(outputs: readonly NotebookFileOutput[]): NotebookFileOutputItem | undefined {
  return outputs.flatMap((output) => output.items).find((item) => item.mime === FIT_MIME);
}

/** The cell's fit payload, as saved (unchecked). */
function savedPayload(outputs: readonly NotebookFileOutput[]): Partial<FitOutput> | undefined {
  const payload = payloadItem(outputs);
  return payload && typeof payload.data === 'object' && payload.data !== null ? (payload.data as Partial<FitOutput>) : undefined;
}

/** The fits of the cell's fit payload; none when there is no payload; undefined when it is malformed. */
function savedFits(outputs: readonly NotebookFileOutput[]): readonly FitResult[] | undefined {
  const payload = payloadItem(outputs);
  if (!payload) return [];
  const fits = (payload.data as { fits?: unknown } | null)?.fits;
  return Array.isArray(fits) ? (fits as FitResult[]) : undefined;
}

/** The forecasts of the cell's learning curve (they are part of the summary's text). */
function savedForecasts(outputs: readonly NotebookFileOutput[]): readonly RunForecast[] {
  const forecasts = savedPayload(outputs)?.learningCurve?.forecasts;
  return Array.isArray(forecasts) ? forecasts : [];
}

/**
 * True when `full` is exactly what a cell writes: a comparison's verdict (comparisonMarkdown of the payload's
 * comparison), then what fitSummaryMarkdown writes for `fits` and some failures. Failures
 * are not in the payload, so they are read back from the text's trailing "could not be fitted" lines
 * and accepted only when each part is exactly markdownText's escaping of some string.
 */
function isOurSummary(full: string, fits: readonly FitResult[], saved: SummaryInputs): boolean {
  const { forecasts } = saved;
  try {
    // A comparison's verdict leads its summary.
    const verdict = saved.comparison ? `${comparisonMarkdown(saved.comparison)}\n\n` : '';
    if (!full.startsWith(verdict)) return false;
    const text = full.slice(verdict.length);
    const head = fits.length > 0 ? fitSummaryMarkdown(fits, [], forecasts) : '';
    if (!text.startsWith(head)) return false;
    let rest = text.slice(head.length);
    if (rest === '') return true;
    if (fits.length > 0) {
      if (!rest.startsWith('\n\n')) return false;
      rest = rest.slice(2);
    }
    const failures: FitFailure[] = [];
    for (const line of rest.split('\n\n')) {
      const match = /^\*\*(.*?)\*\* could not be fitted: (.*)$/.exec(line);
      if (!match || !isEscaped(match[1]) || !isEscaped(match[2])) return false;
      failures.push({ law: unescapeMarkdownText(match[1]), message: unescapeMarkdownText(match[2]) });
    }
    return fitSummaryMarkdown(fits, failures, forecasts) === text;
  } catch {
    // A tampered payload (a fit without metrics, a non-array of params …) cannot be summarised.
    return false;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Inverse of markdownText on its outputs (entities last in, first out; then backslash escapes). */
function unescapeMarkdownText(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]).replace(/\\([\s\S])/g, '$1');
}

function isEscaped(text: string): boolean {
  return markdownText(unescapeMarkdownText(text)) === text;
}

function errorItem(item: NotebookFileOutputItem): NotebookFileOutputItem {
  const data = (typeof item.data === 'object' && item.data !== null ? item.data : {}) as Record<string, unknown>;
  const clean = { name: String(data.name ?? 'Error'), message: String(data.message ?? '') };
  const unchanged = Object.keys(data).length === 2 && data.name === clean.name && data.message === clean.message;
  return unchanged ? item : { mime: item.mime, data: clean };
}

function plainText(data: unknown): string {
  return typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
}

/** Which MIME types were dropped (each once, cut short: the names come from the file too). */
function droppedNote(mimes: readonly string[]): string {
  const kinds = [...new Set(mimes)].slice(0, 5).map((mime) => (mime.length > 60 ? `${mime.slice(0, 60)}…` : mime));
  const more = new Set(mimes).size > kinds.length ? ', …' : '';
  return `${mimes.length} saved output item(s) of a type this extension does not write were not restored (${kinds.join(', ')}${more}).`;
}
