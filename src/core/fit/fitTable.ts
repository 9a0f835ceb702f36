import { compileFilterReading } from '../expr/filter';
import { lawParams } from '../law';
import { chartAxisProblem } from './tetrad';
import { checkLawOptions } from '../lawOptions';
import type { LawFitContext, LawFitOutcome, ParamSpec } from '../law';
import { nameTable, ownEntry } from '../nameTable';
import { MAX_BOOTSTRAP, MAX_SEED, wholeNumberProblem } from '../limits';
import { roleValues } from '../runlog/table';
import { UserError } from '../types';
import type { FitRequest, FitResult, HoldoutRow, Role, RunTable } from '../types';
import { runBootstrap } from './bootstrap';
import { assertInputsNotTarget, assertParamsNotColumns, bindHistory, defaultXRole, tableInputs, xRoleOf } from './lawInputs';
import { fitMetrics } from './metrics';
import { subset, subsetInputs, type PreparedFit } from './preparedFit';
import { derivedQuantities, notFittedParams, now, runLawFit, type FitOptions } from './runLawFit';
import { multiStartFit } from '../solve/multiStart';
import { huberMleProfile } from '../solve/huberMle';
import { DEFAULT_DELTA, isHuberObjective, logResiduals, objectiveValue } from '../solve/objectives';
import { boxViolations, paramBox } from '../solve/paramBox';
import { resolveLaw } from './resolveLaw';
import { fitWarnings } from './warnings';
import { filterChecks, inputChecks, rowProblem, RowTally } from './rowAccount';
import { formatPercent, plural } from '../format';
import { progressInput, skipEarliest, skipFraction } from './skipFirst';
import { maxOf } from '../arrays';

/**
 * Laws with their own `fit` hook that handle `huber-mle` (laws without one use the engine's multi-start,
 * which does); the others' global methods are built for their own objectives.
 */
const HUBER_MLE_FITTERS = new Set(['chinchilla', 'data-constrained', 'precision']);


/** Resolves the law, builds inputs and selects rows; throws UserError for impossible fits. */
export function prepareFit(table: RunTable, request: FitRequest): PreparedFit {
  if (table.rowCount === 0) throw new UserError('There are no data rows to fit (the file has a header only)', 'no-rows');
  const { law, preset } = resolveLaw(request.law);
  const options = checkLawOptions(law, { ...preset?.options, ...request.options });
  const specs = lawParams(law, options);
  const objective = request.objective ?? law.defaultObjective;
  const delta = request.delta ?? DEFAULT_DELTA;
  if (!(delta > 0)) throw new UserError(`--delta must be positive (got ${delta})`, 'bad-request');
  // Every front end validates these too; this is the guard for the ones that cannot (a hand-edited setting).
  for (const [key, max] of [['bootstrap', MAX_BOOTSTRAP], ['seed', MAX_SEED]] as const) {
    const value = request[key];
    const problem = value === undefined ? undefined : wholeNumberProblem(value, max);
    if (problem) throw new UserError(`${key} ${problem} (got ${value})`, 'bad-request');
  }
  if (objective === 'huber-mle' && law.fit && !HUBER_MLE_FITTERS.has(law.id)) {
    throw new UserError(`--objective huber-mle is not available for ${law.id}; use it with chinchilla-type laws or a custom formula`, 'bad-request');
  }
  // A law without an x of its own takes --x as its chart's axis only (buildFitOutput), one it can be drawn on.
  const axisProblem = request.x ? chartAxisProblem(law, request.x) : undefined;
  if (axisProblem) throw new UserError(`--x ${request.x}: ${axisProblem}`, 'bad-request');
  const xRole = xRoleOf(law, request.x ?? defaultXRole(law, table));
  const inputs = tableInputs(table, law, xRole, options);
  const loss = roleValues(table, 'loss');
  if (!loss) throw new UserError('No loss column: map the target with --map loss=COLUMN', 'missing-role');
  assertInputsNotTarget(law, inputs, table, xRole);
  assertParamsNotColumns(law, specs, table);
  const where = request.where ? compileFilterReading(request.where, table) : undefined;
  const holdout = request.holdout ? compileFilterReading(request.holdout, table) : undefined;
  const whereChecks = where ? filterChecks(where.columns, 'where') : [];
  const holdoutChecks = holdout ? filterChecks(holdout.columns, 'holdout') : [];
  let fitRows: number[] = [];
  const holdoutRows: number[] = [];
  const tally = new RowTally(table.lines);
  const holdoutUnusable: Record<string, number> = {};
  // A row the holdout matches but cannot score is counted apart, so the report can say why it scored fewer.
  const unscorable = (reason: string, row: number) => {
    if (holdout?.test(row) && (!where || where.test(row))) holdoutUnusable[reason] = (holdoutUnusable[reason] ?? 0) + 1;
  };
  let matched = 0;
  let planned = 0;
  const checks = inputChecks(table, inputs, xRole);
  const lossColumn = table.roles.loss!.column;
  for (let row = 0; row < table.rowCount; row++) {
    const status = table.rowStatus[row];
    // Another loss series' points (eval entries) and a run summary are not rows of the fitted curve; the reader explained them.
    if (status === 'planned' || status === 'series' || status === 'summary') {
      if (status === 'planned') {
        planned++;
        unscorable('planned run: no loss yet', row);
      }
      tally.leaveNotData(status, row);
      continue;
    }
    // A row the reader flagged ('error') still counts: only problems in the columns this fit reads leave it out.
    if (where && !where.test(row)) {
      tally.leaveUnselected(whereChecks, request.where!, row);
      continue;
    }
    matched++;
    const problem = rowProblem(checks, loss, lossColumn, row);
    const held = holdout?.test(row);
    const undecided = held === false ? holdoutChecks.find((check) => Number.isNaN(check.values[row])) : undefined;
    if (problem) {
      tally.leave('problem', problem.why, row, problem.column);
      if (held) holdoutUnusable[problem.why] = (holdoutUnusable[problem.why] ?? 0) + 1;
    } else if (undecided) tally.leave('problem', undecided.why, row, undecided.column);
    else if (held) holdoutRows.push(row);
    else fitRows.push(row);
  }
  const progress = progressInput(law, xRole, table);
  const skip = skipFraction(request, law, progress);
  const early = progress ? skipEarliest(fitRows, inputs.x, progress, skip, law.id) : { rows: fitRows };
  if (early.skipped) {
    const why = `the earliest ${formatPercent(early.skipped.fraction)} of the curve (${early.skipped.why})`;
    // Both lists are in row order, so the skipped rows are found in one merge pass.
    let k = 0;
    for (const row of fitRows) {
      if (early.rows[k] === row) k++;
      else tally.leave('skipped', why, row);
    }
  }
  fitRows = early.rows;
  const rows = tally.account(table.rowCount, fitRows.length, holdoutRows.length);
  const freeParams = specs.filter((spec) => ownEntry(request.fixed, spec.name) === undefined).length;
  const needed = freeParams + 1;
  if (fitRows.length < needed) {
    const roles = law.inputs.map((input) => (input === 'x' ? (xRole ?? 'x') : input));
    const what = `${roles.join(', ')} and loss`;
    const plannedNote = planned ? ` (plus ${plural(planned, 'planned row')} without a loss)` : '';
    const scope = where ? `${plural(matched, 'row')} match the filter` : `this file has ${plural(matched, 'run')}${plannedNote}`;
    const usable = fitRows.length === matched ? '' : ` (${fitRows.length} usable for the fit)`;
    if (holdoutRows.length > 0) {
      // The rows are there but the holdout took them: say so, not just "0 usable".
      const total = holdoutRows.length + fitRows.length;
      const left = fitRows.length === 0 ? 'nothing is left to fit' : `only ${plural(fitRows.length, 'row')} ${fitRows.length === 1 ? 'is' : 'are'} left to fit`;
      throw new UserError(
        `${law.id} needs at least ${needed} rows with ${what}; the holdout \`${request.holdout}\` matched ${holdoutRows.length === total ? 'all' : `${holdoutRows.length} of the`} ${plural(total, 'usable row')}, so ${left}`,
        'too-few-rows',
      );
    }
    throw new UserError(`${law.id} needs at least ${needed} rows with ${what}; ${scope}${usable}`, 'too-few-rows');
  }
  const x = subsetInputs(inputs.x, fitRows);
  const y = subset(loss, fitRows);
  if (y.every((v) => v === y[0])) {
    throw new UserError(`The loss has no variation across the ${y.length} fitted rows (all ${y[0]}): nothing to fit`, 'no-variation');
  }
  for (const key of ['N', 'D', 'C', 'x'] as const) {
    const values = x[key];
    if (values && values.every((v) => v === values[0])) {
      const name = key === 'x' ? (xRole ?? 'x') : key;
      throw new UserError(
        `not identifiable: ${name} has no spread (every fitted row has ${name} = ${values[0]}); fit a law in the other inputs instead (e.g. --law saturating-power --x D)`,
        'not-identifiable',
      );
    }
  }
  // Bound here, after the checks that only need the law's description.
  return { law: bindHistory(law, table, inputs.x, request.where), preset, specs, objective, delta, options, xRole, inputs, fitRows, holdoutRows, x, y, rows, holdoutUnusable, freeParams, ...(early.skipped ? { skipped: early.skipped } : {}) };
}

export function fitContext(prepared: PreparedFit, request: FitRequest, opts: FitOptions): LawFitContext {
  return {
    x: prepared.x,
    y: prepared.y,
    objective: prepared.objective,
    delta: prepared.delta,
    // Name tables: a parameter called `constructor` must not find Object.prototype's in these lookups.
    fixed: nameTable(Object.entries(request.fixed ?? {})),
    bounds: nameTable(Object.entries(request.bounds ?? {})),
    init: nameTable([...Object.entries(prepared.preset?.params ?? {}), ...Object.entries(request.init ?? {})]),
    ...warmStart(prepared.specs, request),
    options: prepared.options,
    signal: opts.signal,
    progress: opts.progress,
  };
}

/** The warm start of a refit: `init` in the law's parameter order, when it gives every parameter. */
function warmStart(specs: readonly ParamSpec[], request: FitRequest): { start?: Float64Array } {
  const init = request.init;
  if (!request.warmStart || !init || !specs.every((spec) => Number.isFinite(ownEntry(init, spec.name)))) return {};
  return { start: Float64Array.from(specs, (spec) => ownEntry(init, spec.name)!) };
}

/** Fits a law to a run table (sync, pure). Impossible fits throw UserError; cancellation CancelledError. */
export function fitTable(table: RunTable, request: FitRequest, opts: FitOptions = {}): FitResult {
  const started = now();
  const prepared = prepareFit(table, request);
  const { law, specs, objective, delta } = prepared;
  const ctx = fitContext(prepared, request, opts);
  // A warm start (request.warmStart) is one local solve from it, skipping the law's global search.
  const outcome = ctx.start ? multiStartFit(law, ctx) : runLawFit(law, ctx);
  if (!Array.from(outcome.params).every(Number.isFinite) || !Number.isFinite(outcome.value)) {
    throw new UserError(`The ${law.id} fit did not reach finite parameters on these ${plural(prepared.y.length, 'row')}; check the data or try another law`, 'fit-failed');
  }
  assertWithinBounds(prepared, request, outcome);
  // fromEntries defines own properties, so a parameter named `__proto__` is stored like any other.
  const params: Record<string, number> = Object.fromEntries(specs.map((spec, j) => [spec.name, outcome.params[j]]));
  const notFitted = notFittedParams(request, outcome);
  const held = specs.map((spec) => spec.name).filter((name) => notFitted.has(name));
  const predicted = new Float64Array(prepared.y.length);
  law.predict(outcome.params, prepared.x, predicted);
  const value = objectiveValue(objective, predicted, prepared.y, delta);
  const { rmseLog, r2, mape } = fitMetrics(predicted, prepared.y);
  const holdout = heldOut(prepared, table, outcome.params);
  const fitMs = now() - started;

  const result: FitResult = {
    law: { id: law.id, formula: law.formula, latex: law.latex },
    objective: { kind: objective, ...(isHuberObjective(objective) ? { delta } : {}), value },
    n: prepared.y.length,
    rows: prepared.rows,
    params,
    ...(held.length ? { held } : {}),
    metrics: { rmseLog, r2, mape },
    ...(holdout ? { holdout } : {}),
    starts: {
      tried: outcome.tried,
      converged: outcome.converged,
      ...(outcome.grid !== undefined ? { grid: outcome.grid } : {}),
      polished: outcome.tried,
      ...(outcome.disagree !== undefined ? { disagree: outcome.disagree } : {}),
    },
    warnings: [],
    timing: { fitMs },
    roles: prepared.inputs.roles,
    range: inputRanges(prepared),
    ...(prepared.skipped ? { skipped: prepared.skipped } : {}),
    request: {
      ...(request.where ? { where: request.where } : {}),
      ...(request.holdout ? { holdout: request.holdout } : {}),
      ...(prepared.xRole ? { x: prepared.xRole } : {}),
      ...(Object.keys(prepared.options).length ? { options: prepared.options } : {}),
      ...(prepared.skipped ? { skipFirst: prepared.skipped.fraction } : {}),
    },
  };
  const derived = derivedQuantities(params);
  if (derived) result.derived = derived;
  if (objective === 'huber-mle') {
    // The fitted scale of the residual density, as s = ln σ (Besiroglu et al. report it so).
    result.derived = { ...result.derived, s: huberMleProfile(logResiduals(predicted, prepared.y), delta).s };
  }

  let unconverged = 0;
  if (request.bootstrap && request.bootstrap > 0) {
    const seed = request.seed ?? 0;
    const boot = runBootstrap(law, ctx, outcome.params, request.bootstrap, seed, opts);
    result.se = boot.se;
    result.ci95 = boot.ci95;
    if (boot.samples.length > 0) result.bootstrapSamples = boot.samples;
    result.timing.bootstrapMs = boot.ms;
    result.request = { ...result.request, bootstrap: request.bootstrap, seed };
    unconverged = boot.unconverged;
  }
  result.warnings = fitWarnings({ table, prepared, result, outcome, request, unconverged });
  result.timing.totalMs = now() - started;
  return result;
}

/**
 * Every fitter keeps its parameters inside the box (the law's declared bounds, narrowed by the request);
 * this is the engine's guarantee that no result reports a value outside it (issue 9 item 16: an
 * unconstrained polish once reported β = −9.74 against β ≥ 0). Values held rather than fitted (the
 * request's `fixed`, a law's `held`) are the user's or the law's choice and are not checked.
 */
function assertWithinBounds(prepared: PreparedFit, request: FitRequest, outcome: LawFitOutcome): void {
  const outside = boxViolations(prepared.specs, outcome.params, paramBox(prepared.specs, request.bounds), notFittedParams(request, outcome));
  if (outside.length) {
    throw new UserError(
      `The ${prepared.law.id} fit ended outside the law's bounds (${outside.join('; ')}); no result is reported. This is a defect in the fitter: please report it with the data.`,
      'fit-out-of-bounds',
    );
  }
}

function heldOut(prepared: PreparedFit, table: RunTable, p: Float64Array): FitResult['holdout'] {
  const rows = prepared.holdoutRows;
  if (!rows.length) return undefined;
  const x = subsetInputs(prepared.inputs.x, rows);
  const observed = subset(roleValues(table, 'loss')!, rows);
  const predicted = new Float64Array(rows.length);
  prepared.law.predict(p, x, predicted);
  const out: HoldoutRow[] = rows.map((row, k) => ({
    row,
    line: table.lines[row],
    observed: observed[k],
    predicted: predicted[k],
    are: Math.abs(predicted[k] - observed[k]) / Math.abs(observed[k]),
  }));
  const ares = out.map((r) => r.are).filter(Number.isFinite);
  return {
    n: out.length,
    are: ares.length ? ares.reduce((a, b) => a + b, 0) / ares.length : 0,
    maxAre: ares.length ? maxOf(ares) : 0,
    rows: out,
  };
}

/** Observed range of each input role (and C = 6ND when both are inputs) among the fitted rows. */
function inputRanges(prepared: PreparedFit): FitResult['range'] {
  const range: FitResult['range'] = {};
  const minMax = (v: Float64Array): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const value of v) {
      if (value < lo) lo = value;
      if (value > hi) hi = value;
    }
    return [lo, hi];
  };
  for (const [key, values] of Object.entries(prepared.x)) {
    const role = key === 'x' ? prepared.xRole : (key as Role);
    if (role) range[role] = minMax(values);
  }
  const { N, D } = prepared.x;
  if (N && D && !range.C) range.C = minMax(N.map((n, i) => 6 * n * D[i]));
  return range;
}
