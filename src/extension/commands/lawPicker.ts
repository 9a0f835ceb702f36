import * as vscode from 'vscode';
import { quickPickText } from '../../core/escape';
import type { Law } from '../../core/law';
import type { FitRequest, RunTable } from '../../core/types';
import { loadEngine } from '../engineLoader';

/** Whether the table has every input the law reads. */
export function supports(law: Law, table: RunTable): boolean {
  return law.inputs.every((input) => (input === 'x' ? loadEngine().defaultXRole(law, table) !== undefined : table.roles[input] !== undefined));
}

/**
 * A FitRequest for a law id or a custom formula, with x filled in for one-variable laws: the engine's
 * default (on a training log the progress axis, step or tokens), so the spec written for the fit says it.
 */
export function requestFor(lawOrFormula: string, table: RunTable, base: Omit<FitRequest, 'law'>): FitRequest {
  const engine = loadEngine();
  const law = engine.getLaw(lawOrFormula);
  const x = law ? engine.defaultXRole(law, table) : undefined;
  return { ...base, law: lawOrFormula, ...(x ? { x } : {}) };
}

/** A message when `formula` is not a usable custom law, undefined when it is. */
export function validateFormula(formula: string): string | undefined {
  if (formula.trim() === '') return vscode.l10n.t('Type a formula, e.g. E + A/N^alpha + B/D^beta');
  try {
    loadEngine().resolveLaw(formula);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface LawItem extends vscode.QuickPickItem {
  lawId?: string;
}

/**
 * Laws that read the learning rate, when the log has it: a learning curve with its LR schedule is
 * predicted best by a law that sees the schedule (the loss drops as the LR anneals).
 */
export function preferredLaws(laws: readonly Law[], table: RunTable): Law[] {
  return table.roles.lr ? laws.filter((law) => law.inputs.includes('lr')) : [];
}

/**
 * Multi-select quick pick of the laws this table supports (the registry is the one list), plus
 * "Custom formula…" which asks for a formula validated as it is typed. Laws that read the log's LR
 * column come first and are preselected (else the default law is). Undefined when dismissed.
 */
export function pickLaws(table: RunTable, defaultLaw: string): Promise<string[] | undefined> {
  return pickFrom(table, { title: vscode.l10n.t('Laws to fit'), picked: (law, preferred) => (preferred.length > 0 ? preferred.includes(law) : law.id === defaultLaw) });
}

/**
 * "Compare Laws…": the same list under "Laws to compare", led by this file's default set (the laws a
 * researcher fits to data of this shape, as `compare` without --laws), which is preselected, so Enter
 * compares it. Undefined when dismissed.
 */
export function pickComparedLaws(table: RunTable): Promise<string[] | undefined> {
  const engine = loadEngine();
  const defaults = engine.candidatesFor(table, undefined).map((candidate) => quickPickText(engine.rowLabel(candidate)));
  const lead: LawItem = {
    label: `$(star-full) ${vscode.l10n.t('Default set for this file')}`,
    description: engine.DEFAULT_LAWS,
    detail: defaults.join(' · '),
    picked: true,
    lawId: engine.DEFAULT_LAWS,
  };
  return pickFrom(table, { title: vscode.l10n.t('Laws to compare'), lead, picked: () => false });
}

interface PickOptions {
  title: string;
  /** An item above the laws (the default set of a comparison). */
  lead?: LawItem;
  picked: (law: Law, preferred: readonly Law[]) => boolean;
}

async function pickFrom(table: RunTable, options: PickOptions): Promise<string[] | undefined> {
  const supported = loadEngine()
    .listLaws()
    .filter((law) => supports(law, table));
  const preferred = preferredLaws(supported, table);
  const laws = [...preferred, ...supported.filter((law) => !preferred.includes(law))];
  const custom: LawItem = { label: `$(edit) ${vscode.l10n.t('Custom formula…')}`, alwaysShow: true };
  const lrColumn = quickPickText(table.roles.lr?.column ?? '');
  const items: LawItem[] = laws.map((law) => ({
    label: law.name,
    description: law.id,
    detail: preferred.includes(law)
      ? `${vscode.l10n.t('$(star-full) Preferred: reads the LR schedule ({0}), so the loss drop as the LR decays is predicted.', lrColumn)} ${law.formula}`
      : law.formula,
    picked: options.picked(law, preferred),
    lawId: law.id,
  }));
  const picked = await vscode.window.showQuickPick([...(options.lead ? [options.lead] : []), ...items, custom], {
    canPickMany: true,
    title: options.title,
    placeHolder:
      laws.length > 0
        ? vscode.l10n.t('Pick one or more laws (only laws whose inputs this file has are listed)')
        : vscode.l10n.t('No preset law fits this file’s columns; set column roles or type a custom formula'),
  });
  if (!picked || picked.length === 0) return undefined;
  const ids = picked.flatMap((item) => (item.lawId ? [item.lawId] : []));
  if (picked.includes(custom)) {
    const formula = await vscode.window.showInputBox({
      title: vscode.l10n.t('Custom scaling law'),
      prompt: vscode.l10n.t('Roles (N, D, C, M, U, P, step, lr) and column names are inputs; every other name is a parameter.'),
      placeHolder: 'E + A/N^alpha + B/D^beta',
      validateInput: validateFormula,
      ignoreFocusOut: true,
    });
    if (formula === undefined) return undefined;
    ids.push(formula.trim());
  }
  return ids.length > 0 ? ids : undefined;
}
