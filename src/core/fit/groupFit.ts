/**
 * One law per group of rows (spec `group: COLUMN`), optionally with parameters shared across the groups
 * (`share: [alpha]`: Gadre et al. fit one α across datasets). The shared fit minimises the sum of the
 * groups' objectives over one value of each shared parameter and a copy of every other parameter per
 * group: the engine's multi-start polish (multiStartFit) on a joint law whose rows read their own group's
 * copy, started from the independent fits. Each group's reported fit is then its own law refitted with
 * the shared values held, so its metrics, rows and warnings are those of the group.
 */
import type { Law, LawFitOutcome, ParamSpec } from '../law';
import { multiStartFit } from '../solve/multiStart';
import { columnByName } from '../runlog/table';
import { UserError, type FitRequest, type FitResult, type LawInputs, type RunTable } from '../types';
import { fitContext, fitTable, prepareFit } from './fitTable';
import { notAColumn } from './lawInputs';

export interface GroupFits {
  column: string;
  /** Group labels in natural order. */
  groups: string[];
  /** The law fitted to each group on its own. */
  independent: FitResult[];
  /** With `share`: each group's fit with the shared parameters at their joint values (held). */
  shared?: FitResult[];
  /** The shared parameters' joint values. */
  sharedValues?: Record<string, number>;
  /** The joint objective: the sum of the groups' objectives at the shared fit. */
  sharedObjective?: number;
}

/** Each row's group label ('' for none), as the column's text or number. */
function groupLabels(table: RunTable, column: string): string[] {
  const found = columnByName(table, column);
  if (!found) throw new UserError(`group: ${notAColumn(table, column)}`, 'bad-request');
  if (found.text) return found.text.map((t) => (t ?? '').trim());
  return Array.from(found.values, (v) => (Number.isNaN(v) ? '' : String(v)));
}

/** The request's `where` narrowed to one group (a column name in backticks, the label a string or number). */
function groupWhere(where: string | undefined, column: string, label: string, numeric: boolean): string {
  if (column.includes('`')) throw new UserError(`group: a column name with a backtick cannot be grouped by (${column})`, 'bad-request');
  const value = numeric ? label : JSON.stringify(label);
  const own = `\`${column}\` == ${value}`;
  return where ? `(${where}) and ${own}` : own;
}

export function fitGroups(table: RunTable, request: FitRequest, column: string, share: readonly string[] = []): GroupFits {
  const labels = groupLabels(table, column);
  const numeric = !columnByName(table, column)!.text;
  const prepared = prepareFit(table, request);
  const groups = [...new Set(prepared.fitRows.map((row) => labels[row]))].filter((g) => g !== '').sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  if (groups.length < 2) throw new UserError(`group: ${column} has ${groups.length === 0 ? 'no label' : `one label (${groups[0]})`} among the fitted rows; grouping needs two`, 'bad-request');
  const whereOf = (g: string) => groupWhere(request.where, column, g, numeric);
  const independent = groups.map((label) => ({ ...fitTable(table, { ...request, where: whereOf(label) }), group: { column, label } }));
  if (share.length === 0) return { column, groups, independent };

  const specs = prepared.specs;
  const unknown = share.filter((name) => !specs.some((spec) => spec.name === name));
  if (unknown.length > 0) throw new UserError(`share: ${prepared.law.id} has no parameter ${unknown.join(', ')} (its parameters: ${specs.map((s) => s.name).join(', ')})`, 'bad-request');
  if (share.length === specs.length) throw new UserError('share: every parameter shared is one pooled fit; leave out group: instead', 'bad-request');
  // Rows without a label are in no group: the joint objective is over the grouped rows, as the groups' are.
  const member = Int32Array.from(prepared.fitRows, (row) => groups.indexOf(labels[row]));
  const rows = [...member.keys()].filter((i) => member[i] >= 0);
  const x = subsetInputs(prepared.x, rows);
  const y = Float64Array.from(rows, (i) => prepared.y[i]);
  const joint = jointLaw(prepared.law, specs, share, Int32Array.from(rows, (i) => member[i]), groups);
  const ctx = { ...fitContext({ ...prepared, x, y }, { ...request, fixed: {}, bounds: {}, init: {} }, {}), x, y };
  // Starts: the groups' own values of the shared parameters, each in turn, and their mean.
  const own = (fit: FitResult) => specs.filter((s) => !share.includes(s.name)).map((s) => fit.params[s.name]);
  const candidates = [...independent.map((fit) => share.map((name) => fit.params[name])), share.map((name) => mean(independent.map((fit) => fit.params[name])))];
  let best: Pick<LawFitOutcome, 'value' | 'params'> = { value: Infinity, params: new Float64Array(0) };
  for (const values of candidates) {
    const start = Float64Array.from([...values, ...independent.flatMap(own)]);
    const outcome = multiStartFit(joint, { ...ctx, start });
    if (outcome.value < best.value) best = outcome;
  }
  if (!Number.isFinite(best.value)) throw new UserError(`share: the joint fit of ${share.join(', ')} across ${column} found no finite objective`, 'fit-failed');
  const sharedValues = Object.fromEntries(share.map((name, k) => [name, best.params[k]]));
  const others = specs.filter((s) => !share.includes(s.name));
  const refits = groups.map((g, k) => {
    const init = { ...sharedValues, ...Object.fromEntries(others.map((s, j) => [s.name, best.params[share.length + k * others.length + j]])) };
    return fitTable(table, { ...request, where: whereOf(g), fixed: { ...request.fixed, ...sharedValues }, init, warmStart: true, bootstrap: 0 });
  });
  const sharedObjective = refits.reduce((sum, fit) => sum + fit.objective.value, 0);
  const summary = { names: [...share], objective: sharedObjective, independent: independent.reduce((sum, fit) => sum + fit.objective.value, 0) };
  // The shared parameters were fitted (jointly), not held: only the request's own `fixed` stay held.
  const shared = refits.map((fit, k) => {
    const held = fit.held?.filter((name) => !share.includes(name));
    const { held: _held, ...rest } = fit;
    return { ...rest, ...(held?.length ? { held } : {}), group: { column, label: groups[k], shared: summary } };
  });
  return { column, groups, independent, shared, sharedValues, sharedObjective };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function subsetInputs(x: LawInputs, rows: number[]): LawInputs {
  const out: LawInputs = {};
  for (const [key, values] of Object.entries(x)) out[key as keyof LawInputs] = Float64Array.from(rows, (i) => values![i]);
  return out;
}

/**
 * The law over all groups: parameters [shared…, group 1's others…, group 2's others…], each row predicted
 * with its group's. Built for the rows of `member` (each row's group index); `predict` is handed those rows.
 */
function jointLaw(law: Law, specs: readonly ParamSpec[], share: readonly string[], member: Int32Array, groups: readonly string[]): Law {
  const sharedIdx = share.map((name) => specs.findIndex((s) => s.name === name));
  const otherIdx = specs.map((_, j) => j).filter((j) => !sharedIdx.includes(j));
  const params: ParamSpec[] = [
    ...sharedIdx.map((j) => ({ ...specs[j], grid: undefined })),
    ...groups.flatMap((g) => otherIdx.map((j) => ({ ...specs[j], name: `${specs[j].name}[${g}]`, grid: undefined }))),
  ];
  const byGroup = groups.map((_, k) => [...member.keys()].filter((i) => member[i] === k));
  const inputsCache = new WeakMap<LawInputs, LawInputs[]>();
  const groupInputs = (x: LawInputs) => {
    let cached = inputsCache.get(x);
    if (!cached) inputsCache.set(x, (cached = byGroup.map((rows) => subsetInputs(x, rows))));
    return cached;
  };
  const groupParams = (p: ArrayLike<number>, k: number) => {
    const q = new Float64Array(specs.length);
    sharedIdx.forEach((j, s) => (q[j] = p[s]));
    otherIdx.forEach((j, o) => (q[j] = p[share.length + k * otherIdx.length + o]));
    return q;
  };
  const m = params.length;
  return {
    ...law,
    id: `${law.id} (shared ${share.join(', ')})`,
    params,
    paramsFor: undefined,
    fit: undefined,
    withHistory: undefined,
    fitWarnings: undefined,
    predict(p, x, out) {
      const inputs = groupInputs(x);
      byGroup.forEach((rows, k) => {
        const part = new Float64Array(rows.length);
        law.predict(groupParams(p, k), inputs[k], part);
        rows.forEach((i, r) => (out[i] = part[r]));
      });
    },
    ...(law.jacobian
      ? {
          jacobian(p: ArrayLike<number>, x: LawInputs, out: Float64Array) {
            const inputs = groupInputs(x);
            const n = specs.length;
            out.fill(0);
            byGroup.forEach((rows, k) => {
              const part = new Float64Array(rows.length * n);
              law.jacobian!(groupParams(p, k), inputs[k], part);
              rows.forEach((i, r) => {
                sharedIdx.forEach((j, s) => (out[i * m + s] = part[r * n + j]));
                otherIdx.forEach((j, o) => (out[i * m + share.length + k * otherIdx.length + o] = part[r * n + j]));
              });
            });
          },
        }
      : {}),
  };
}

