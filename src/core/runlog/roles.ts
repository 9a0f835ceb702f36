/**
 * Role detection: which column is N, D, C, loss, step, lr, bs, seq, run, group, M, U, P. A column's name
 * (synonyms, including after `/` or `.` as in `throughput/total_tokens`) gives a score; its values
 * (parameter counts 1e5–1e13, losses 0.05–25 …) scale it. Columns are assigned greedily, best score
 * first; the runners-up are kept as alternatives so the user can switch (N vs N_no_emb).
 */
import type { Column, Diagnostic, Role, RoleBinding, RoleCandidate, RoleMap } from '../types';
import { ROLES } from '../types';
import { MAX_COLUMNS } from '../limits';
import { listNames, quoteText } from './diagnostics';
import { stripUnit } from './units';

type NameRule = [string | RegExp, number];

const NUMERIC_ROLES: readonly Role[] = ['N', 'D', 'C', 'loss', 'step', 'lr', 'bs', 'seq', 'M', 'U', 'P'];
const TEXT_ROLES: readonly Role[] = ['run', 'group'];

const NAME_RULES: Record<Role, NameRule[]> = {
  N: [
    ['n', 1], ['params', 1], ['parameters', 1], ['num_params', 1], ['n_params', 1], ['nparams', 1],
    ['num_parameters', 1], ['parameter_count', 1], ['param_count', 1], ['model_size', 1], ['model_params', 1],
    ['non_embedding_params', 0.6], ['nonembedding_params', 0.6],
    [/^(n|params|num_params|parameters)_(no|non)_?emb(edding)?s?$/, 0.6],
    [/(^|_)(params|parameters|param_count|parameter_count)$/, 0.7],
  ],
  D: [
    ['d', 1], ['tokens', 1], ['n_tokens', 1], ['num_tokens', 1], ['token_ct', 1], ['token_count', 1], ['token_num', 1],
    ['total_tokens', 1], ['tokens_seen', 1], ['training_tokens', 0.9], ['train_tokens', 0.6], ['t', 0.6],
    ['num_input_tokens_seen', 1], ['input_tokens_seen', 1], ['seen_tokens', 1], ['consumed_tokens', 1], ['tokens_consumed', 1],
    ['processed_tokens', 0.9], ['tokens_processed', 0.9], ['trained_tokens', 0.9], ['cumulative_tokens', 0.9],
    ['data_size', 0.8], ['pretraining_data_size', 0.9], ['dataset_size', 0.7],
    [/(^|_)tokens(_seen|_trained|_consumed|_processed)?$/, 0.7],
  ],
  C: [
    ['c', 1], ['flops', 1], ['flop', 1], ['compute', 1], ['training_flop', 1], ['training_flops', 1], ['train_flops', 1],
    ['total_flops', 1], ['total_gflops', 1], ['pf_days', 0.9], ['compute_budget', 0.8], ['budget', 0.6],
    ['c_6nd', 0.7], ['c_no_emb', 0.5], ['c_6nd_no_emb', 0.4],
    [/(^|_)[gtpe]?flops?($|_)/, 0.7],
  ],
  loss: [
    ['loss', 1], ['val_loss', 0.95], ['valid_loss', 0.95], ['validation_loss', 0.95], ['eval_loss', 0.95],
    ['test_loss', 0.95], ['final_loss', 0.95], ['train_loss', 0.9], ['training_loss', 0.9],
    ['cross_entropy', 0.8], ['test_cross_entropy', 0.85],
    [/(^|_)(eval|val|valid|validation|test)(_|$).*loss|loss.*(_|^)(eval|val|valid|test)(_|$)/, 0.8],
    [/loss$|(^|_)loss_|crossentropyloss/, 0.75],
  ],
  step: [
    ['step', 1], ['global_step', 1], ['current_step', 0.9], ['train_step', 0.9], ['iteration', 0.9], ['iter', 0.9],
    ['steps', 0.85], ['current_steps', 0.8], ['num_train_steps', 0.4], ['total_steps', 0.4],
    // Examples (sequences) seen are progress, not D: D is tokens, and C = 6ND or tokens per parameter
    // computed from examples would be off by the sequence length, silently. As a progress axis they are
    // steps × batch size, so a learning-curve fit in them is the fit in steps with A rescaled. Below a
    // real step column, which wins when a file has both.
    ['seen_examples', 0.8], ['examples_seen', 0.8], ['samples_seen', 0.8], ['seen_samples', 0.8], ['sequences_seen', 0.8],
    ['consumed_samples', 0.8], ['consumed_examples', 0.8], ['num_examples_seen', 0.8], ['trained_samples', 0.7],
    ['num_examples', 0.6], ['num_samples', 0.6], ['examples', 0.6], ['samples', 0.6],
  ],
  lr: [
    ['lr', 1], ['learning_rate', 1], ['peak_lr', 0.8], ['max_lr', 0.8], ['base_lr', 0.8],
    [/(^|_)lr($|_)|learning_rate/, 0.7],
  ],
  // Batch size per optimiser step, in sequences unless its name says tokens (hparams reads the unit from the name).
  bs: [
    ['bs', 1], ['batch_size', 1], ['global_batch_size', 1], ['bsz', 1], ['train_batch_size', 0.9], ['batch', 0.7],
    ['batch_size_tokens', 1], ['batch_tokens', 1], ['tokens_per_batch', 1], ['bs_tokens', 1],
    [/(^|_)(global_)?batch_size($|_)/, 0.7],
  ],
  seq: [
    ['seq', 0.9], ['seq_len', 1], ['seq_length', 1], ['sequence_length', 1], ['max_seq_len', 0.9], ['max_seq_length', 0.9],
    ['context_length', 0.9], ['ctx_len', 0.9], ['n_ctx', 0.8], ['block_size', 0.7],
  ],
  run: [['run', 1], ['run_name', 1], ['run_id', 0.9], ['name', 0.8], ['experiment', 0.7], ['id', 0.5], ['checkpoint', 0.4]],
  group: [
    ['group', 1], ['model', 0.8], ['model_name', 0.8], ['model_family', 0.8], ['family', 0.8], ['series', 0.7],
    ['dataset_name', 0.6], ['dataset', 0.5], ['sweep', 0.5], ['arch', 0.5], ['data', 0.4], ['source', 0.4], ['config', 0.4],
  ],
  M: [['m', 1], ['tokens_per_param', 1], ['tokens_per_parameter', 1], ['tpp', 1], ['d_over_n', 1], ['multiplier', 0.8]],
  U: [['u', 1], ['unique_tokens', 1], ['unique_data', 0.9], ['tokens_per_epoch', 0.9]],
  P: [['p', 1], ['precision', 1], ['precision_bits', 1], ['bits', 0.9], ['bit_width', 0.9], ['weight_bits', 0.8]],
};

/** Plausible values in base units; the share of values inside scales the name score. */
const PLAUSIBLE: Partial<Record<Role, (v: number) => boolean>> = {
  N: (v) => v >= 1e5 && v <= 1e13,
  D: (v) => v >= 1e4 && v <= 1e16,
  C: (v) => v >= 1e10 && v <= 1e28,
  loss: (v) => v >= 0.05 && v <= 25,
  step: (v) => v >= 0,
  lr: (v) => v > 0 && v <= 1,
  bs: (v) => v >= 1 && v <= 1e9,
  seq: (v) => v >= 8 && v <= 1e7,
  M: (v) => v > 0 && v <= 1e6,
  U: (v) => v >= 1e4 && v <= 1e16,
  P: (v) => v >= 1 && v <= 64,
};

/** Below this confidence a column is not bound to a role. */
const MIN_CONFIDENCE = 0.3;
const MAX_ALTERNATIVES = 4;
const SAMPLE = 2000;

function normalize(name: string): string {
  return stripUnit(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The part after the last `/`, `.` or ` - ` (`throughput/total_tokens` → `total_tokens`). */
function leaf(name: string): string {
  const parts = stripUnit(name).split(/\/|\.| - /);
  return normalize(parts[parts.length - 1]);
}

function ruleScore(rules: NameRule[], name: string): number {
  let best = 0;
  for (const [pattern, score] of rules) {
    if (score > best && (typeof pattern === 'string' ? pattern === name : pattern.test(name))) best = score;
  }
  return best;
}

/**
 * A leading underscore marks a logger's own bookkeeping (W&B `_step` counts `wandb.log` calls, not
 * optimiser steps; `_runtime`, `_timestamp`): a role by name only when no ordinary column claims it.
 */
const BOOKKEEPING = /^\s*_[a-z]/i;

export function nameScore(role: Role, name: string): number {
  const full = normalize(name);
  const tail = leaf(name);
  const score = Math.max(ruleScore(NAME_RULES[role], full), tail === full ? 0 : 0.95 * ruleScore(NAME_RULES[role], tail));
  return BOOKKEEPING.test(name) ? 0.8 * score : score;
}

/** Whether the name alone says "numbers" (`params`, `loss`): then a few text cells are errors, not labels. */
export function namesNumericRole(name: string): boolean {
  return NUMERIC_ROLES.some((role) => nameScore(role, name) >= 0.7);
}

/** Share of a column's values plausible for `role`, and the share of rows that have a value at all. */
function plausibility(role: Role, column: Column): { inside: number; filled: number } {
  const test = PLAUSIBLE[role];
  const values = column.values;
  const stride = Math.max(1, Math.floor(values.length / SAMPLE));
  let seen = 0;
  let finite = 0;
  let inside = 0;
  for (let i = 0; i < values.length; i += stride) {
    seen++;
    const v = values[i];
    if (Number.isNaN(v)) continue;
    finite++;
    if (!test || test(v)) inside++;
  }
  return { inside: finite === 0 ? 0 : inside / finite, filled: seen === 0 ? 0 : finite / seen };
}

function textPlausibility(role: Role, column: Column): number {
  const texts = column.text ?? [];
  const seen = new Set<string>();
  let n = 0;
  for (let i = 0; i < texts.length && seen.size <= SAMPLE; i++) {
    const t = texts[i];
    if (t === undefined) continue;
    n++;
    seen.add(t.trim());
  }
  if (n === 0) return 0;
  const unique = seen.size / n;
  // A run names one run per row (mostly unique); a group repeats.
  return role === 'run' ? (unique >= 0.5 ? 1 : 0.5) : unique <= 0.5 || seen.size <= 20 ? 1 : 0.4;
}

/**
 * Between two loss columns the one measured on most rows is the curve to fit: a learning curve's
 * `train/loss` on every row beats `eval/loss` on every 500th, which is then a series of its own.
 */
const SPARSE_LOSS_WEIGHT = 0.2;

function candidates(columns: readonly Column[]): RoleCandidate[] {
  const out: RoleCandidate[] = [];
  for (const column of columns) {
    if (column.derived || column.kind === 'empty') continue;
    const roles = column.kind === 'number' ? NUMERIC_ROLES : TEXT_ROLES;
    for (const role of roles) {
      const byName = nameScore(role, column.name);
      if (byName === 0) continue;
      const numeric = column.kind === 'number' ? plausibility(role, column) : undefined;
      const p = numeric ? numeric.inside : textPlausibility(role, column);
      // A one-letter name (`c`, `n`) is only a role when the values agree.
      if (normalize(column.name).length === 1 && p < 0.5) continue;
      const density = role === 'loss' && numeric ? 1 - SPARSE_LOSS_WEIGHT * (1 - numeric.filled) : 1;
      const confidence = Math.round(byName * (0.55 + 0.45 * p) * density * 1000) / 1000;
      if (confidence < MIN_CONFIDENCE) continue;
      const reason = `name ${quoteText(column.name)}${p < 1 ? `, ${Math.round(p * 100)} % of values plausible` : ''}`;
      out.push({ role, column: column.name, confidence, reason });
    }
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** Roles a nameless column can be offered from its values alone: the ones whose ranges say something. */
const VALUE_ROLES: readonly Role[] = ['loss', 'N', 'D', 'C', 'step', 'lr'];
const VALUE_ONLY_SHARE = 0.95;

/** A step counter holds whole numbers that never go down. */
function looksLikeCounter(values: Float64Array): boolean {
  let last = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v < last) return false;
    last = v;
  }
  return last > -Infinity;
}

/**
 * Roles worth offering for one column (the quick fix "Map column X as R"), best first: the roles its
 * name suggests, scored as detection scores them, then the roles nearly all its values fit (a loss
 * column is never offered as N, a column of 1e9…1e11 never as loss).
 */
export function plausibleRoles(column: Column): Role[] {
  const named = candidates([column]).map((c) => c.role);
  if (column.kind !== 'number') return named;
  const byValue = VALUE_ROLES.filter(
    (role) => !named.includes(role) && plausibility(role, column).inside >= VALUE_ONLY_SHARE && (role !== 'step' || looksLikeCounter(column.values)),
  );
  return [...named, ...byValue];
}

/** Find the column a `--map` value names: exact, then ignoring case and punctuation. */
function resolveMapped(columns: readonly Column[], wanted: string): Column | undefined {
  return (
    columns.find((c) => c.name === wanted) ??
    columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase()) ??
    columns.find((c) => normalize(c.name) === normalize(wanted))
  );
}

/** Bind roles to columns: explicit map first, then the best-scoring free pairs. */
export function detectRoles(columns: readonly Column[], map: RoleMap = {}): { roles: Partial<Record<Role, RoleBinding>>; diagnostics: Diagnostic[] } {
  const roles: Partial<Record<Role, RoleBinding>> = {};
  const diagnostics: Diagnostic[] = [];
  const taken = new Set<string>();
  // Roles the user left unbound on purpose (null): no column is detected for them, so C = 6ND is derived.
  const unbound = new Set<Role>();
  for (const role of ROLES) {
    const wanted = map[role];
    if (wanted === undefined) continue;
    if (wanted === null) {
      unbound.add(role);
      continue;
    }
    const column = resolveMapped(columns, wanted);
    if (!column) {
      diagnostics.push({
        severity: 'error',
        code: 'map-unknown-column',
        column: wanted,
        message:
          `no column named ${quoteText(wanted)} to use as ${role} (columns: ${listNames(columns.map((c) => c.name))})` +
          // A mapped column past the cap exists in the file but was never read: say so, not just "no column".
          (columns.length >= MAX_COLUMNS ? `; only the first ${MAX_COLUMNS.toLocaleString('en-US')} columns are read` : ''),
      });
      continue;
    }
    roles[role] = { column: column.name, confidence: 1, derived: false, alternatives: [], explicit: true };
    taken.add(column.name);
  }
  const all = candidates(columns);
  for (const candidate of all) {
    if (roles[candidate.role] || unbound.has(candidate.role) || taken.has(candidate.column)) continue;
    roles[candidate.role] = { column: candidate.column, confidence: candidate.confidence, derived: false, alternatives: [], explicit: false };
    taken.add(candidate.column);
  }
  // Alternatives are columns no role uses (N_no_emb for N, `C4 Eval Loss` for loss).
  for (const [role, binding] of Object.entries(roles) as Array<[Role, RoleBinding]>) {
    binding.alternatives = all.filter((c) => c.role === role && !taken.has(c.column)).slice(0, MAX_ALTERNATIVES);
  }
  return { roles, diagnostics };
}
