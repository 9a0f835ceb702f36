/**
 * Law selection by extrapolation (issue 12, reference-results.md "XB"): on every split, fit the smaller
 * scales and predict the larger ones; print each default law's held-out ARE, the lowest-AIC law's (what
 * `compare` ranked by before) and the automatic choice's, with its ratio to the best single law.
 * Done when the choice is within 10 % of the best law on every split and on average better than any one
 * law. The choice sees only the fit rows (scale-ordered CV inside them), never the held-out rows. A split
 * no law predicts within 20 % (UNPREDICTABLE: the gzip sweeps, whose small runs sit on the initial
 * plateau) is shown but not scored: which failure is least bad there is noise, and `compare` says so.
 *
 * --objectives prints instead each default law's held-out ARE under each objective (mean over the splits
 * it applies to): the evidence for the laws' default objectives (README).
 *
 *   node --import tsx bench/extrapolation.bench.ts [--only NAME-SUBSTRING] [--objectives]
 */
import { cpuUsage } from 'node:process';
import { maxOf, minOf } from '../src/core/arrays';
import { compareLaws, fitTable, rowLabel } from '../src/core/fit';
import type { Comparison } from '../src/core/fit';
import { defaultCandidates } from '../src/core/fit/defaultLaws';
import { UNPREDICTABLE } from '../src/core/fit/recommend';
import { UserError, type ObjectiveKind } from '../src/core/types';
import { xbSplits, type XbSplit } from '../test/data/xb-splits';
import { printBenchJson, type BenchMetric } from './report';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
/** The choice may be this much worse than the best single law on a split (relative). */
const TOLERANCE = 1.1;

interface Outcome {
  split: XbSplit;
  comparison: Comparison;
  /** Held-out ARE by law label. */
  are: Map<string, number>;
  choice: number;
  aic: number;
  best: number;
  ms: number;
}

function evaluate(split: XbSplit): Outcome {
  const started = performance.now();
  const comparison = compareLaws(split.table, undefined, { holdout: split.holdout });
  const ms = performance.now() - started;
  const are = new Map<string, number>();
  for (const row of comparison.rows) if (row.heldOut && !row.error) are.set(rowLabel(row), row.heldOut.are);
  const rec = comparison.recommended;
  const choice = rec ? (are.get(rowLabel(rec)) ?? NaN) : NaN;
  const byAic = comparison.rows.filter((row) => !row.error && are.has(rowLabel(row))).reduce<(typeof comparison.rows)[number] | undefined>((a, b) => (!a || b.aic < a.aic ? b : a), undefined);
  return { split, comparison, are, choice, aic: byAic ? are.get(rowLabel(byAic))! : NaN, best: minOf([...are.values()]), ms };
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : `${(v * 100).toFixed(2)}`);

const predictable = (o: Outcome) => o.best <= UNPREDICTABLE;

/** The CV folds' axis and count; `C×3 ≠N`: the holdout is along N, too few N values to fold there. */
const foldsText = (cv: Comparison['cv']) => (cv ? `${cv.axis}×${cv.folds}${cv.target ? ` ≠${cv.target}` : ''}` : '-');

function report(kind: XbSplit['kind'], all: Outcome[]): { worstRatio: number; beatsEveryLaw: boolean } {
  const outcomes = all.filter(predictable);
  const laws = [...new Set(all.flatMap((o) => o.comparison.rows.map((row) => rowLabel(row))))];
  const header = ['split', ...laws, 'AIC pick', 'choice', 'chosen law', '÷ best', 'folds', 'ms'];
  const rows = all.map((o) => [
    predictable(o) ? o.split.name : `(${o.split.name})`,
    ...laws.map((law) => pct(o.are.get(law))),
    pct(o.aic),
    pct(o.choice),
    o.comparison.recommended ? rowLabel(o.comparison.recommended) : 'none',
    (o.choice / o.best).toFixed(3),
    foldsText(o.comparison.cv),
    o.ms.toFixed(0),
  ]);
  // Mean over the splits where a law could be fitted, next to the choice's mean on the same splits.
  const means = laws.map((law) => {
    const on = outcomes.filter((o) => o.are.has(law));
    const mean = (f: (o: Outcome) => number) => on.reduce((s, o) => s + f(o), 0) / on.length;
    return { law, splits: on.length, law_: mean((o) => o.are.get(law)!), choice: mean((o) => o.choice) };
  });
  rows.push(['mean of scored splits (choice on the same)', ...means.map((m) => `${pct(m.law_)} (${pct(m.choice)})`), pct(outcomes.reduce((s, o) => s + o.aic, 0) / outcomes.length), pct(outcomes.reduce((s, o) => s + o.choice, 0) / outcomes.length), '', '', '', '']);
  const widths = header.map((h, c) => maxOf([h.length, ...rows.map((r) => r[c].length)]));
  console.log(`\n${kind === 'runs' ? 'Sweeps (one row per run)' : 'Learning curves and one-variable data'}: held-out ARE, %; (split): no law within ${UNPREDICTABLE * 100} %, not scored`);
  for (const r of [header, ...rows]) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  const worstRatio = maxOf(outcomes.map((o) => o.choice / o.best));
  // A law no scored split could fit (lr-annealing where only the unscored Mamba run has an LR) has no mean to beat.
  const beatsEveryLaw = means.every((m) => m.splits === 0 || m.choice < m.law_);
  return { worstRatio, beatsEveryLaw };
}

const splits = xbSplits().filter((s) => !only || s.name.includes(only));

/** Held-out ARE of every default law under each objective, per split and averaged. */
function objectives(): void {
  const kinds: ObjectiveKind[] = ['huber-log', 'mse-log', 'mse', 'huber', 'mse-log1p'];
  const sums = new Map<string, { sum: number[]; n: number[] }>();
  for (const split of splits) {
    for (const candidate of defaultCandidates(split.table)) {
      const label = rowLabel(candidate.options ? { law: candidate.law, options: candidate.options } : { law: candidate.law });
      const entry = sums.get(label) ?? { sum: kinds.map(() => 0), n: kinds.map(() => 0) };
      sums.set(label, entry);
      const cells = kinds.map((objective, k) => {
        try {
          const are = fitTable(split.table, { law: candidate.law, objective, holdout: split.holdout, ...(candidate.options ? { options: candidate.options } : {}) }).holdout?.are ?? NaN;
          if (Number.isFinite(are)) [entry.sum[k], entry.n[k]] = [entry.sum[k] + are, entry.n[k] + 1];
          return pct(are);
        } catch (error) {
          if (error instanceof UserError) return 'error';
          throw error;
        }
      });
      console.log(`${split.name} | ${label} | ${cells.join(' | ')}`);
    }
  }
  console.log(`\nmean held-out ARE, % (splits): law | ${kinds.join(' | ')}`);
  for (const [label, { sum, n }] of sums) console.log(`${label} | ${kinds.map((_, k) => `${pct(sum[k] / n[k])} (${n[k]})`).join(' | ')}`);
}

if (args.includes('--objectives')) {
  objectives();
  process.exit(0);
}
const cpu0 = cpuUsage();
const t0 = performance.now();
const outcomes = splits.map((split) => {
  const outcome = evaluate(split);
  console.log(`${split.name}: ${outcome.comparison.recommended ? `${rowLabel(outcome.comparison.recommended)} — ${outcome.comparison.recommended.reason}` : 'no recommendation'}`);
  return outcome;
});
const totalMs = performance.now() - t0;
const cpu = cpuUsage(cpu0);
const metrics: BenchMetric[] = [];
let done = true;
for (const kind of ['runs', 'curve'] as const) {
  const group = outcomes.filter((o) => o.split.kind === kind);
  if (!group.length) continue;
  const { worstRatio, beatsEveryLaw } = report(kind, group);
  const ok = worstRatio <= TOLERANCE && beatsEveryLaw;
  done &&= ok;
  console.log(`${kind}: worst choice ÷ best ${worstRatio.toFixed(3)} (≤ ${TOLERANCE}), mean better than every single law: ${beatsEveryLaw ? 'yes' : 'no'}`);
  metrics.push({ what: `${kind}: worst choice ÷ best single law`, value: worstRatio, unit: '', max: TOLERANCE });
  const scored = group.filter(predictable);
  metrics.push({ what: `${kind}: mean held-out ARE of the choice, ${scored.length} scored splits`, value: 100 * (scored.reduce((s, o) => s + o.choice, 0) / scored.length), unit: '%' });
}
console.log(`\n${done ? 'DONE' : 'NOT DONE'}: ${outcomes.length} splits in ${(totalMs / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`);
metrics.push({ what: `compare with CV, ${outcomes.length} splits`, value: totalMs, unit: 'ms', cpu: (cpu.user + cpu.system) / 1000 });
printBenchJson('extrapolation', metrics);
