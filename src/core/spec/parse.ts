import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { didYouMean } from '../didYouMean';
import { quoteText } from '../quote';
import { parseNumber } from '../runlog/numbers';
import { resolveLaw } from '../fit/resolveLaw';
import { DEFAULT_LAWS, possibleLawIds } from '../fit/defaultLaws';
import { chartAxisProblem } from '../fit/tetrad';
import { lawParams } from '../law';
import { assertOptionsDeclared, checkLawOptions, type LawOptionValues } from '../lawOptions';
import { OBJECTIVES, ROLES, type Role } from '../types';
import { PLOT_KINDS, type PlotKind } from '../../shared/fitOutput';
import { yamlTooDeep } from './nesting';
import { MAX_DOCUMENT_DEPTH, MAX_SEED, MAX_SMOOTH_WINDOW, wholeNumberProblem } from '../limits';
import { MAX_BOOTSTRAP, SPEC_KEYS, type NotebookSpec, type SpecError, type SpecKey, type SweepSpec, type ValuePosition } from './spec';
import { describeTake, parseTake } from '../sweep/take';

const SWEEP_KEYS = ['runs', 'take', 'n'];

export interface ParsedSpec {
  /** Present only when there are no errors. */
  spec?: NotebookSpec;
  errors: SpecError[];
  /** Where each key's value starts (for errors found later, e.g. a filter naming a missing column). */
  positions: Partial<Record<SpecKey, ValuePosition>>;
}

/**
 * Parses and validates a spec cell. Every problem is reported with its line and column (YAML syntax,
 * unknown keys with a suggestion, wrong value types, unknown laws or roles), all at once, so a user
 * fixes a cell in one pass. Filters are checked against the table later (checkSpecFilters).
 */
export function parseSpec(text: string): ParsedSpec {
  const tooDeep = yamlTooDeep(text);
  if (tooDeep) return { errors: [{ ...tooDeep, message: TOO_DEEP_MESSAGE }], positions: {} };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: SpecError[] = [];
  const positions: ParsedSpec['positions'] = {};
  const at = (node: Node | Pair | null | undefined, message: string, offset = 0) => {
    const start = node && 'range' in node && node.range ? node.range[0] : pairStart(node);
    const pos = lineCounter.linePos(start + offset);
    errors.push({ line: pos.line, column: pos.col, message });
  };

  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    // Should the scan miss a way of nesting, the parser's stack overflow still reads as a nesting error.
    errors.push({ line: pos.line, column: pos.col, message: /call stack/i.test(error.message) ? TOO_DEEP_MESSAGE : error.message });
  }
  if (errors.length > 0) return { errors, positions };
  if (!isMap(doc.contents)) {
    errors.push({ line: 1, column: 1, message: `A spec is a YAML mapping with keys ${SPEC_KEYS.join(', ')}; e.g.\ndata: runs.csv\nlaw: chinchilla` });
    return { errors, positions };
  }

  const spec: Partial<NotebookSpec> = {};
  const seen = new Set<string>();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !(SPEC_KEYS as readonly string[]).includes(key)) {
      at(pair.key as Node, `Unknown key '${key ?? '?'}'${didYouMean(key ?? '', SPEC_KEYS)}; a spec has ${SPEC_KEYS.join(', ')}`);
      continue;
    }
    seen.add(key);
    const value = pair.value as Node | null;
    if (value?.range) {
      const quote = isScalar(value) && (value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE') ? 1 : 0;
      const pos = lineCounter.linePos(value.range[0]);
      positions[key as SpecKey] = { line: pos.line, column: pos.col, quote };
    }
    const fail = (message: string, node?: Node | Pair | null) => at(node ?? value ?? pair, `${key}: ${message}`);
    readKey(key as SpecKey, value, spec, fail);
  }
  if (spec.laws?.includes(DEFAULT_LAWS) && !spec.compare) {
    at(doc.contents.get('law', true) as Node, `law: ${DEFAULT_LAWS} (the default set of laws for the data) is for comparisons; add compare: true`);
  }
  const named = spec.laws?.filter((law) => law !== DEFAULT_LAWS);
  if (spec.loss && spec.map?.loss !== undefined) {
    at(doc.contents.get('loss', true) as Node, 'loss: the targets are given here or as map: {loss: …}, not both; remove map.loss');
  }
  if (spec.loss && spec.loss.length > 1 && spec.compare) {
    at(doc.contents.get('loss', true) as Node, 'loss: a comparison ranks laws on one target; give one loss column with compare: true');
  }
  if (spec.share && spec.group === undefined) at(doc.contents.get('share', true) as Node, 'share: shares parameters across groups; add group: COLUMN');
  if (spec.group !== undefined && (spec.compare || (spec.loss?.length ?? 0) > 1)) {
    at(doc.contents.get('group', true) as Node, `group: fits one law per group; not with ${spec.compare ? 'compare: true' : 'several loss targets'}`);
  }
  if (spec.share && named) {
    for (const law of named) {
      const { law: resolved, preset } = resolveLaw(law);
      let params: string[];
      try {
        params = lawParams(resolved, { ...preset?.options, ...spec.options }).map((p) => p.name);
      } catch {
        continue; // bad options: reported at options:
      }
      const unknown = spec.share.filter((name) => !params.includes(name));
      if (unknown.length > 0) at(doc.contents.get('share', true) as Node, `share: ${resolved.id} has no parameter ${unknown.join(', ')}${didYouMean(unknown[0], params)}; its parameters are ${params.join(', ')}`);
      else if (unknown.length === 0 && spec.share.length >= params.length) at(doc.contents.get('share', true) as Node, `share: sharing every parameter of ${resolved.id} is one pooled fit; leave out group: instead`);
    }
  }
  if (spec.x && named) {
    for (const law of named) {
      const problem = chartAxisProblem(resolveLaw(law).law, spec.x);
      if (problem) at(doc.contents.get('x', true) as Node, `x: ${problem}`);
    }
  }
  if (spec.options && spec.laws) checkSpecOptions(possibleLawIds(spec.laws), spec.options, doc.contents.get('options', true) as Node, at);
  if (!seen.has('data')) errors.push({ line: 1, column: 1, message: 'Missing key data: the run log to read, e.g. data: runs.csv' });
  if (!seen.has('law')) errors.push({ line: 1, column: 1, message: 'Missing key law: a law id (e.g. chinchilla), a list of them, or a formula' });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return errors.length > 0 ? { errors, positions } : { spec: spec as NotebookSpec, errors, positions };
}

const TOO_DEEP_MESSAGE = `Nested more than ${MAX_DOCUMENT_DEPTH} levels deep; a spec is a mapping of a few plain values`;

type Fail = (message: string, node?: Node | Pair | null) => void;

function readKey(key: SpecKey, value: Node | null, spec: Partial<NotebookSpec>, fail: Fail): void {
  switch (key) {
    case 'data': {
      const text = str(value, fail);
      if (text !== undefined && text.trim() === '') fail('give the run log path, e.g. runs.csv');
      else if (text !== undefined) spec.data = text.trim();
      return;
    }
    case 'where':
    case 'holdout': {
      const text = str(value, fail);
      if (text !== undefined) spec[key] = text;
      return;
    }
    case 'law': {
      const items = isSeq(value) ? (value.items as Array<Node | null>) : [value];
      if (items.length === 0) return fail('list at least one law');
      const laws = items.flatMap((item) => {
        const text = str(item, fail, item);
        if (text === undefined) return [];
        if (text.trim() === DEFAULT_LAWS) return [DEFAULT_LAWS];
        try {
          resolveLaw(text);
          return [text.trim()];
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error), item);
          return [];
        }
      });
      if (laws.length === items.length) spec.laws = laws;
      return;
    }
    case 'loss': {
      const items = isSeq(value) ? (value.items as Array<Node | null>) : [value];
      if (items.length === 0) return fail('list at least one loss column, e.g. loss: [c4_loss, wiki_loss]');
      const columns = items.flatMap((item) => {
        const column = str(item, fail, item);
        return column === undefined ? [] : [column];
      });
      const twice = columns.find((column, i) => columns.indexOf(column) !== i);
      if (twice !== undefined) fail(`${quoteText(twice)} is listed twice`);
      else if (columns.length === items.length) spec.loss = columns;
      return;
    }
    case 'group': {
      const column = str(value, fail);
      if (column !== undefined && column.trim() === '') fail('name the column whose labels form the groups, e.g. group: dataset');
      else if (column !== undefined) spec.group = column;
      return;
    }
    case 'share': {
      const items = isSeq(value) ? (value.items as Array<Node | null>) : [value];
      const names = items.flatMap((item) => {
        const name = str(item, fail, item);
        return name === undefined ? [] : [name];
      });
      if (items.length === 0) fail('list the parameters the groups share, e.g. share: [alpha]');
      else if (names.length === items.length) spec.share = names;
      return;
    }
    case 'compare': {
      const flag = isScalar(value) ? value.value : undefined;
      if (typeof flag === 'boolean') spec.compare = flag;
      else fail('must be true or false (true ranks the laws by how well they extrapolate)');
      return;
    }
    case 'sweep': {
      if (!isMap(value)) return fail('give the runs to assemble into data, e.g.\nsweep:\n  runs: [runs/pythia-70m, runs/pythia-160m]\n  take: final');
      const sweep: SweepSpec = { runs: [] };
      for (const pair of value.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        const node = pair.value as Node | null;
        if (name === 'runs') {
          const items = isSeq(node) ? (node.items as Array<Node | null>) : [node];
          sweep.runs = items.flatMap((item) => {
            const text = str(item, fail, item)?.trim();
            if (text === '') fail('a run is a log or folder path', item);
            return text ? [text] : [];
          });
        } else if (name === 'take') {
          const text = str(node, fail, node);
          try {
            if (text !== undefined) sweep.take = describeTake(parseTake(text));
          } catch (error) {
            fail(error instanceof Error ? error.message.replace('--take expects', 'take expects') : String(error), node);
          }
        } else if (name === 'n') {
          if (!isMap(node)) {
            fail('give N by run name, e.g.\n  n: {pythia-70m: 70e6}', node);
            continue;
          }
          sweep.n = {};
          for (const size of node.items) {
            const run = isScalar(size.key) ? String(size.key.value) : '';
            const n = num(size.value as Node | null, fail);
            if (n !== undefined && n > 0) sweep.n[run] = n;
            else if (n !== undefined) fail(`N of ${run} must be positive`, size.value as Node);
          }
        } else fail(`unknown key '${name}'${didYouMean(name, SWEEP_KEYS)}; a sweep has ${SWEEP_KEYS.join(', ')}`, pair.key as Node);
      }
      if (sweep.runs.length === 0) return fail('list the runs: runs: [run-folder, run.csv, …]');
      spec.sweep = sweep;
      return;
    }
    case 'map': {
      if (!isMap(value)) return fail('map roles to column names (null leaves a role unbound), e.g.\nmap:\n  N: params\n  loss: eval/loss\n  C: null');
      const map: NonNullable<NotebookSpec['map']> = {};
      for (const pair of value.items) {
        const role = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!isRole(role)) {
          fail(`unknown role '${role}'${didYouMean(role, ROLES)}; roles are ${ROLES.join(', ')}`, pair.key as Node);
          continue;
        }
        const node = pair.value as Node | null;
        // `C: null` (or `~`, or nothing) leaves the role unbound: no column is used for it, C = 6ND is derived.
        if (node === null || (isScalar(node) && node.value === null)) {
          map[role] = null;
          continue;
        }
        const column = str(node, fail, node);
        if (column !== undefined) map[role] = column;
      }
      spec.map = map;
      return;
    }
    case 'options': {
      if (!isMap(value)) return fail('give law options as a mapping, e.g.\noptions:\n  breaks: 2');
      const options: LawOptionValues = {};
      for (const pair of value.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        const item = pair.value as Node | null;
        const scalar = isScalar(item) ? item.value : undefined;
        if (typeof scalar === 'number' || typeof scalar === 'boolean' || typeof scalar === 'string') options[name] = scalar;
        else fail(`${name} needs a single value (a number, true/false or a name)`, item ?? (pair.key as Node));
      }
      spec.options = options;
      return;
    }
    case 'x': {
      const role = str(value, fail);
      if (role === undefined) return;
      if (isRole(role)) spec.x = role;
      else fail(`unknown role '${role}'${didYouMean(role, ROLES)}`);
      return;
    }
    case 'extrapolate': {
      // A count as run logs write it (70B, 1.4T) reads as a string; its value is the same number.
      const raw = isScalar(value) ? value.value : undefined;
      const target = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumber(raw) : undefined;
      if (target !== undefined && Number.isFinite(target) && target > 0) spec.extrapolate = target;
      else fail(`must be a positive number in the chart's x unit, where the fitted curves end (C in FLOPs for chinchilla), e.g. extrapolate: 1e24${raw === undefined || raw === null ? '' : `; got ${quoteText(String(raw))}`}`);
      return;
    }
    case 'objective': {
      const kind = str(value, fail);
      if (kind === undefined) return;
      const found = OBJECTIVES.find((o) => o === kind);
      if (found) spec.objective = found;
      else fail(`unknown objective '${kind}'${didYouMean(kind, OBJECTIVES)}; one of ${OBJECTIVES.join(', ')}`);
      return;
    }
    case 'delta': {
      const delta = num(value, fail);
      if (delta !== undefined && delta > 0) spec.delta = delta;
      else if (delta !== undefined) fail('must be a positive number (the Huber threshold)');
      return;
    }
    case 'skip': {
      const fraction = num(value, fail);
      if (fraction !== undefined && fraction >= 0 && fraction < 1) spec.skip = fraction;
      else if (fraction !== undefined) fail('must be a fraction of the run in [0, 1), e.g. 0.1 leaves the first 10 % of the steps out of the fit');
      return;
    }
    case 'until': {
      const until = num(value, fail);
      if (until !== undefined && until > 0) spec.until = until;
      else if (until !== undefined) fail('must be a positive step (or token count), e.g. 100000');
      return;
    }
    case 'smooth': {
      const window = num(value, fail);
      if (window === undefined) return;
      const problem = wholeNumberProblem(window, MAX_SMOOTH_WINDOW);
      if (problem || window < 1) fail(problem ?? 'must be a window of at least 1 row');
      else spec.smooth = window;
      return;
    }
    case 'bootstrap':
    case 'seed': {
      const n = num(value, fail);
      if (n === undefined) return;
      const problem = wholeNumberProblem(n, key === 'bootstrap' ? MAX_BOOTSTRAP : MAX_SEED);
      if (problem) fail(problem);
      else spec[key] = n;
      return;
    }
    case 'plot': {
      const items = isSeq(value) ? (value.items as Array<Node | null>) : [value];
      const plots = items.flatMap((item): PlotKind[] => {
        const kind = str(item, fail, item);
        if (kind === undefined) return [];
        const found = PLOT_KINDS.find((p) => p === kind);
        if (!found) fail(`unknown plot '${kind}'${didYouMean(kind, PLOT_KINDS)}; plots are ${PLOT_KINDS.join(', ')}`, item);
        return found ? [found] : [];
      });
      if (plots.length === items.length && plots.length > 0) spec.plot = plots;
      else if (items.length === 0) fail(`list at least one of ${PLOT_KINDS.join(', ')}`);
      return;
    }
  }
}

/**
 * A spec's options against its laws: a key no law of the spec has is an error at the key, a bad value one
 * at the value (the same checks as the engine's, so the cell fails before it runs).
 */
function checkSpecOptions(laws: readonly string[], options: LawOptionValues, node: Node, at: (node: Node | Pair | null | undefined, message: string) => void): void {
  const resolved = laws.map((law) => resolveLaw(law).law);
  const pairs = isMap(node) ? (node.items as Pair[]) : [];
  const pairOf = (key: string) => pairs.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  for (const key of Object.keys(options)) {
    try {
      assertOptionsDeclared(resolved, { [key]: options[key] });
    } catch (error) {
      at(pairOf(key)?.key as Node, `options: ${(error as Error).message}`);
      continue;
    }
    for (const law of resolved) {
      if (!law.options?.some((o) => o.name === key)) continue;
      try {
        checkLawOptions(law, { [key]: options[key] });
      } catch (error) {
        at(pairOf(key)?.value as Node, `options: ${(error as Error).message}`);
        break;
      }
    }
  }
}

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** A scalar's text (numbers too: `where: 1` is odd but `law: 7` should say "unknown law '7'"). */
function str(node: Node | null, fail: Fail, target?: Node | null): string | undefined {
  if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return String(node.value);
  fail(node === null || (isScalar(node) && node.value === null) ? 'needs a value' : 'must be a single value, not a list or mapping', target ?? node);
  return undefined;
}

function num(node: Node | null, fail: Fail): number | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  fail('must be a number');
  return undefined;
}

function pairStart(node: Node | Pair | null | undefined): number {
  if (node && 'key' in node) {
    const key = node.key as Node | null;
    if (key?.range) return key.range[0];
  }
  return 0;
}
