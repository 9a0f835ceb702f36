import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonView, FitOutput } from '../../shared/fitOutput';
import { COMPARISON_KEY, type UseLawMessage, type UseLawResultMessage } from '../../shared/messages';
import { FIT_MIME } from '../../shared/mime';
import { inWorker } from '../commands/fit';
import { errorMessage, type CommandContext } from '../commands/target';
import { log, notifyInfo } from '../log';
import { loadEngine } from '../engineLoader';
import { readSpecCell, specRequest } from './controller';
import { COMPARED_SPEC_KEY } from './outputs';

/**
 * "Use this law" under a comparison: refit the picked law from the cell's spec on the data file as it is
 * now (so the fit depends only on the spec and the file, never on an output that may be older or
 * edited) and make it the file's current fit. Every failure is an answer to the renderer, never an exception.
 */
export async function useComparedLaw(ctx: CommandContext, editor: vscode.NotebookEditor, message: UseLawMessage): Promise<Omit<UseLawResultMessage, 'type' | 'outputId'>> {
  try {
    const output = (c: vscode.NotebookCell) => c.outputs.find((o) => o.metadata?.[COMPARISON_KEY] === message.comparison);
    const cell = editor.notebook.getCells().find((c) => output(c) !== undefined);
    const rows = cell && comparisonOf(output(cell))?.rows;
    if (!cell || !rows?.[message.row]) return { ok: false, message: vscode.l10n.t('This comparison is no longer in the notebook: run its cell again.') };
    // The ranking answers the spec as it ran: after an edit (where, holdout, objective, map) the law would be fitted to other rows.
    const ran = output(cell)?.metadata?.[COMPARED_SPEC_KEY];
    if (typeof ran !== 'string' || ran.trim() !== cell.document.getText().trim()) {
      return { ok: false, message: vscode.l10n.t('The cell’s spec changed since this comparison ran: run it again.') };
    }
    const read = await readSpecCell(ctx, editor.notebook.uri, cell.document.getText());
    // The law comes from the spec, row for row as the comparison listed them, never from the saved output.
    const engine = loadEngine();
    const candidates = read.spec.compare ? engine.candidatesFor(read.table, read.spec.laws, read.spec.options) : [];
    const listed = candidates.length === rows.length ? candidates[message.row] : undefined;
    // A law id must still sit on that row (a formula's label is the parsed formula, so only its place is checked).
    const candidate = listed && (!engine.getLaw(listed.law) || engine.rowLabel(listed) === rows[message.row].label) ? listed : undefined;
    if (!candidate) return { ok: false, message: vscode.l10n.t('The cell’s spec no longer lists these laws: run it again.') };
    const label = engine.rowLabel(candidate);
    const request = specRequest(read.spec, read.table, read.uri, candidate);
    const done = await inWorker(ctx, vscode.l10n.t('Fitting {0}', label), { type: 'fit', table: read.table, requests: [request] }, false);
    if (done.type !== 'fitDone') throw new Error(`unexpected worker reply ${done.type}`);
    const outcome = done.outcomes[0];
    if (!outcome || 'error' in outcome) return { ok: false, message: vscode.l10n.t('{0} could not be fitted: {1}', label, outcome?.error.message ?? '') };
    await ctx.state.setFits(read.uri, [outcome.result], { table: read.table, map: read.map });
    const text = vscode.l10n.t('{0} is now the current fit of {1}.', label, path.posix.basename(read.uri.path));
    log().info(text);
    notifyInfo(text);
    return { ok: true, message: text };
  } catch (error) {
    return { ok: false, message: vscode.l10n.t('Could not use this law: {0}', errorMessage(error)) };
  }
}

function comparisonOf(output: vscode.NotebookCellOutput | undefined): ComparisonView | undefined {
  const item = output?.items.find((i) => i.mime === FIT_MIME);
  if (!item) return undefined;
  return (JSON.parse(new TextDecoder().decode(item.data)) as Partial<FitOutput>).comparison;
}
