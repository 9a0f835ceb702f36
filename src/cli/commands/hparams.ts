/** `scaling-laws hparams FILE [--method threshold|surface] [--holdout EXPR] [--seq-len L] … [--json]`: issue 15. */
import { describeRows } from '../../core/describeRows';
import { formatCount, formatNumber, formatPercent } from '../../core/format';
import { DEFAULT_HPARAM_BOOTSTRAP, DEFAULT_TOLERANCE, fitHparams, formatMonomial, HPARAM_METHODS, HPARAM_PRESETS, readHparamGrid, type HparamMethod, type HparamResult } from '../../core/hparams';
import { buildHparamsSpec, LIGHT_THEME } from '../../core/plot';
import { checkPlotPath, writePlot } from '../plotOutput';
import { MAX_BOOTSTRAP, MAX_SEED } from '../../core/limits';
import { quoteText } from '../../core/quote';
import { UserError } from '../../core/types';
import { EXIT, formatTable, parseCommandArgs, parseMapFlags, printJson, readMappedRunLogFile, writeErr, writeOut } from '../io';
import { parseNumberFlag, parseWholeFlag, requestFlags } from './fitShared';

const USAGE = `usage: scaling-laws hparams FILE [--method threshold|surface] [--tolerance F] [--where EXPR]
         [--holdout EXPR] [--seq-len L] [--bs-unit tokens|sequences] [--bootstrap N] [--seed S]
         [--map ROLE=COLUMN|ROLE=none]... [--json] [--plot OUT.svg|OUT.html|OUT.vl.json]

Fits the optimal peak learning rate and batch size of a learning-rate x batch-size sweep as power laws:
lr* = a * N^alpha * D^beta and bs* = b * D^gamma (batch size in tokens), from the runs of each (N, D)
group (roles N, D, lr, bs, loss; map the loss you compare runs on, e.g. --map "loss=smooth loss").
--method threshold (default, Li et al. 2025): keep each group's runs within --tolerance (default
  ${DEFAULT_TOLERANCE}) of its lowest loss and regress ln lr, ln bs on them. surface: fit a quadratic in
  (ln lr, ln bs) to each group's runs near its best and regress the groups' minima.
--seq-len L: tokens per sequence, when the batch-size column counts sequences (any name without
  "token"); or map a column with --map seq=COLUMN; --bs-unit overrides what the name says.
--holdout EXPR: (N, D) groups to leave out of the fit and judge the law on (whole groups: "N > 1e9").
--bootstrap N: 0 ... ${MAX_BOOTSTRAP} replicates for 95 % intervals (default ${DEFAULT_HPARAM_BOOTSTRAP}; runs resampled within
  each group); --seed S: 0 ... ${MAX_SEED}, default 0.
Penalty: in each group, the loss of the grid run nearest the recommendation (in ln lr, ln bs) over the
group's best, minus 1 — for the fit and for each published preset (${HPARAM_PRESETS.map((p) => p.id).join(', ')}).
--plot: per (N, D) group, the loss over (lr, bs) with the best run and the law's recommendation marked,
  and lr* against N with iso-D lines over the groups' best runs.
Exit codes: 0 ok, 1 no law could be fitted, 2 bad usage or unreadable input.`;

const OPTIONS = {
  method: { type: 'string' },
  tolerance: { type: 'string' },
  where: { type: 'string' },
  holdout: { type: 'string' },
  'seq-len': { type: 'string' },
  'bs-unit': { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  map: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  plot: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseMethod(value: string | undefined): HparamMethod | undefined {
  if (value === undefined) return undefined;
  if (!(HPARAM_METHODS as readonly string[]).includes(value)) throw new UserError(`--method must be one of ${HPARAM_METHODS.join(', ')}; got ${quoteText(value)}`, 'usage');
  return value as HparamMethod;
}

function parseUnit(value: string | undefined): 'tokens' | 'sequences' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'tokens' && value !== 'sequences') throw new UserError(`--bs-unit must be tokens or sequences; got ${quoteText(value)}`, 'usage');
  return value;
}

const interval = ([lo, hi]: [number, number]) => `${formatNumber(lo)} … ${formatNumber(hi)}`;

function penaltyTable(result: NonNullable<HparamResult['holdout']>, seqLen: number | undefined): string {
  const header = ['N', 'D', 'lr*', 'bs* tokens', ...(seqLen ? ['bs* seqs'] : []), 'nearest run (line)', 'its loss', 'best loss', 'penalty'];
  const rows = result.groups.map((g) => [
    formatCount(g.N),
    formatCount(g.D),
    formatNumber(g.lr),
    formatCount(g.bsTokens),
    ...(seqLen ? [formatNumber(g.bsTokens / seqLen, 3)] : []),
    `lr ${formatNumber(g.nearest.lr)}, bs ${formatCount(g.nearest.bsTokens)} (${g.nearest.line})`,
    formatNumber(g.nearest.loss, 5),
    formatNumber(g.best.loss, 5),
    formatPercent(g.penalty, 3),
  ]);
  return `${formatTable(header, rows)}\nmean ${formatPercent(result.mean, 3)}, max ${formatPercent(result.max, 3)} over ${result.groups.length} groups`;
}

function text(result: HparamResult, seqLen: number | undefined, holdout: string | undefined): string {
  const ci = (name: string, range?: [number, number]) => (range ? `${name} ${interval(range)}` : '');
  const how =
    result.method === 'threshold'
      ? `threshold: runs within ${formatPercent(result.tolerance!, 2)} of their group's lowest loss, ${result.optima.reduce((s, o) => s + o.points, 0)} runs`
      : `surface: each group's quadratic minimum (${result.optima.filter((o) => o.how === 'surface').length} of ${result.optima.length} groups; the others' best run, said below)`;
  const lines = [
    `hyperparameter law (${how}; ${result.groups.fitted} (N, D) groups fitted${result.groups.heldOut ? `, ${result.groups.heldOut} held out` : ''})`,
    `  lr* = ${formatMonomial(result.lr)}`,
    `  bs* = ${formatMonomial(result.bs)} tokens`,
  ];
  if (result.lr.ci95 && result.bs.ci95) {
    lines.push(
      `95 % intervals (${result.bootstrap!.replicates} bootstrap replicates, seed ${result.bootstrap!.seed}):`,
      `  lr: ${[ci('coef', result.lr.ci95.coef), ci('N exponent', result.lr.ci95.expN), ci('D exponent', result.lr.ci95.expD)].join('; ')}`,
      `  bs: ${[ci('coef', result.bs.ci95.coef), ci('D exponent', result.bs.ci95.expD)].join('; ')}`,
    );
  }
  lines.push(`batch size: ${result.bsUnit === 'tokens' ? 'read as tokens' : `sequences × ${result.seqSource}`}`, describeRows(result.rows));
  const fallbacks = result.optima.filter((o) => o.how !== 'surface' && o.how !== 'kept run');
  for (const o of fallbacks) lines.push(`  group N = ${formatCount(o.N)}, D = ${formatCount(o.D)}: ${o.how}`);
  lines.push('', 'loss penalty of the recommendation on the fitted groups (nearest grid run vs the group best):', penaltyTable(result.penalty, seqLen));
  if (result.holdout) lines.push('', `on the held-out groups (${holdout}):`, penaltyTable(result.holdout, seqLen));
  lines.push('', 'published laws on the same groups:');
  const header = ['preset', 'status', 'fitted groups: mean', 'max', ...(result.holdout ? ['held out: mean', 'max'] : [])];
  const presetRows = [
    ['this fit', '', formatPercent(result.penalty.mean, 3), formatPercent(result.penalty.max, 3), ...(result.holdout ? [formatPercent(result.holdout.mean, 3), formatPercent(result.holdout.max, 3)] : [])],
    ...result.presets.map((p) => [
      p.id,
      `[${p.status}]`,
      formatPercent(p.penalty.mean, 3),
      formatPercent(p.penalty.max, 3),
      ...(p.holdout ? [formatPercent(p.holdout.mean, 3), formatPercent(p.holdout.max, 3)] : []),
    ]),
  ];
  lines.push(formatTable(header, presetRows));
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    writeErr(USAGE);
    return EXIT.usage;
  }
  const { where, holdout } = requestFlags({ where: values.where, holdout: values.holdout });
  const tolerance = parseNumberFlag('tolerance', values.tolerance);
  if (tolerance !== undefined && !(tolerance > 0)) throw new UserError('--tolerance expects a positive fraction (0.0025 is 0.25 %)', 'usage');
  const seqLen = parseNumberFlag('seq-len', values['seq-len']);
  if (seqLen !== undefined && !(seqLen >= 1)) throw new UserError('--seq-len expects tokens per sequence (≥ 1)', 'usage');
  const bootstrap = parseWholeFlag('bootstrap', values.bootstrap, MAX_BOOTSTRAP);
  const seed = parseWholeFlag('seed', values.seed, MAX_SEED);
  const method = parseMethod(values.method);
  const bsUnit = parseUnit(values['bs-unit']);
  if (values.plot !== undefined) {
    if (values.plot.toLowerCase().endsWith('.fit.json')) throw new UserError('--plot: hparams writes .svg, .html or .vl.json (.fit.json is a fit\'s notebook payload)', 'usage');
    checkPlotPath(values.plot);
  }
  const table = await readMappedRunLogFile(positionals[0], parseMapFlags(values.map ?? []));
  const request = {
    ...(method ? { method } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(where ? { where } : {}),
    ...(holdout ? { holdout } : {}),
    ...(seqLen !== undefined ? { seqLen } : {}),
    ...(bsUnit ? { bsUnit } : {}),
    ...(bootstrap !== undefined ? { bootstrap } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  let result: HparamResult;
  try {
    result = fitHparams(table, request);
  } catch (error) {
    if (error instanceof UserError && error.code === 'too-few-points') {
      writeErr(`scaling-laws hparams: ${error.message}`);
      return EXIT.failed;
    }
    throw error;
  }
  if (values.json) printJson(result);
  else writeOut(text(result, result.bsUnit === 'sequences' && seqLen ? seqLen : undefined, holdout));
  if (values.plot !== undefined) {
    const grid = readHparamGrid(table, request);
    await writePlot(values.plot, buildHparamsSpec(result, grid.fit, grid.heldOut, LIGHT_THEME), { title: 'Hyperparameter law', command: 'scaling-laws hparams --plot' });
  }
  return EXIT.ok;
}
