/** `scaling-laws laws [--json]`: the law catalogue (ids, formulas, parameters, presets with sources). */
import { formatNumber } from '../../core/format';
import { formatMonomial, HPARAM_PRESETS } from '../../core/hparams';
import { listLaws } from '../../core/laws/registry';
import { EXIT, parseCommandArgs, printJson, writeOut } from '../io';

const STATUS = { R: 'reproduced', S: 'from source', U: 'unverified' } as const;

export function lawCatalogue() {
  return listLaws().map((law) => ({
    id: law.id,
    name: law.name,
    formula: law.formula,
    latex: law.latex,
    description: law.description,
    inputs: law.inputs,
    ...(law.xRoles ? { xRoles: law.xRoles } : {}),
    ...(law.options ? { options: law.options } : {}),
    params: law.params.map(({ name, description, lower, upper }) => ({ name, description, lower: lower ?? null, upper: upper ?? null })),
    defaultObjective: law.defaultObjective,
    presets: law.presets.map(({ id, params, source, status, note }) => ({ id, params, source, status, ...(note ? { note } : {}) })),
  }));
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    writeOut('usage: scaling-laws laws [--json]\n\nLists every law (use its id with --law) and its presets (usable as --law too), then the hyperparameter-law presets (text only; --json lists the loss laws).');
    return EXIT.ok;
  }
  const catalogue = lawCatalogue();
  if (values.json) {
    printJson(catalogue);
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const law of catalogue) {
    lines.push(`${law.id}  —  ${law.formula}`, `  ${law.name}; inputs ${law.inputs.join(', ')}; default objective ${law.defaultObjective}`);
    for (const option of law.options ?? []) lines.push(`  option ${option.name}: ${option.description}`);
    for (const preset of law.presets) {
      const params = Object.entries(preset.params).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');
      lines.push(`  preset ${preset.id} [${STATUS[preset.status]}]: ${params}`, `    ${preset.source}`);
    }
    lines.push('');
  }
  lines.push('hyperparameter laws (scaling-laws hparams fits your own; batch size in tokens)');
  for (const preset of HPARAM_PRESETS) {
    lines.push(
      `  preset ${preset.id} [${STATUS[preset.status]}]: lr* = ${formatMonomial(preset.law.lr)}; bs* = ${formatMonomial(preset.law.bs)}`,
      `    ${preset.source}. ${preset.note}`,
    );
  }
  writeOut(lines.join('\n'));
  return EXIT.ok;
}
