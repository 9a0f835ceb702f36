/**
 * The extrapolation benchmark's splits (reference-results.md "XB"): real data, fit the smaller scales,
 * predict the larger ones, the same split for every method. Tables are built in memory from
 * ../shared/data (a column per role, one row per run or logged step), never copied into the project.
 */
import { readFileSync } from 'node:fs';
import { maxOf } from '../../src/core/arrays';
import { readRunLog } from '../../src/core/runlog';
import { ROLES, type Role, type RoleMap, type RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

export interface XbSplit {
  name: string;
  /** 'runs': a sweep, one row per run; 'curve': one run's learning curve. */
  kind: 'runs' | 'curve';
  table: RunTable;
  /** The held-out (larger-scale) rows, as a --holdout expression. */
  holdout: string;
}

type Cell = string | number;

function table(name: string, header: string[], rows: Cell[][]): RunTable {
  const text = [header.join(','), ...rows.map((row) => row.join(','))].join('\n');
  // Columns are named after their roles: bind them explicitly (a bare `D` of 160 rows is not detected as tokens).
  const map: RoleMap = Object.fromEntries(header.filter((h) => (ROLES as readonly string[]).includes(h)).map((h) => [h as Role, h]));
  return readRunLog(text, { fileName: `${name}.csv`, map });
}

function csvRecords(path: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(dataFile(path), 'utf8').trim().split(/\r?\n/);
  const keys = head.split(',');
  // Only files without quoted commas in the columns read here (checked by the row count below).
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(keys.map((key, i) => [key, cells[i] ?? '']));
  });
}

/** Evenly spaced rows, at most `max` (a researcher fits a few hundred points of a curve, not every step). */
function thin<T>(rows: T[], max: number): T[] {
  if (rows.length <= max) return rows;
  return Array.from({ length: max }, (_, i) => rows[Math.round((i * (rows.length - 1)) / (max - 1))]);
}

function epoch(): XbSplit {
  // Epoch-240 (loss < 3.44 drops the five digitisation outliers, as RR-01), fit N < 5e9.
  const rows = csvRecords('epoch-chinchilla/svg_extracted_data.csv').filter((r) => Number(r.loss) < 3.44);
  return {
    name: 'epoch-240 N<5e9',
    kind: 'runs',
    table: table('epoch', ['N', 'C', 'loss'], rows.map((r) => [r['Model Size'], r['Training FLOP'], r.loss])),
    holdout: 'N >= 5e9',
  };
}

function gzip(): XbSplit[] {
  const records = readFileSync(dataFile('gzip-runs/results_new.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { dataset_name: string; model_size: number; token_ct: number; num_epochs: number; valid_loss: number[] });
  const datasets = [...new Set(records.map((r) => r.dataset_name))].sort();
  return datasets.map((dataset) => ({
    name: `gzip ${dataset.replace('/gzipscale-', '').replace('-10M', '')} N<5e8`,
    kind: 'runs' as const,
    table: table(
      'gzip',
      ['N', 'D', 'loss'],
      records.filter((r) => r.dataset_name === dataset).map((r) => [r.model_size, r.token_ct * r.num_epochs, r.valid_loss[r.valid_loss.length - 1]]),
    ),
    holdout: 'N >= 5e8',
  }));
}

function misfitting(): XbSplit {
  const rows = csvRecords('misfitting/scaling_results_last_ckpt_only.csv');
  return {
    name: 'misfitting final, 2 largest',
    kind: 'runs',
    table: table('misfitting', ['N', 'D', 'loss'], rows.map((r) => [r.N, r.D, r.loss])),
    holdout: 'N >= 5e8',
  };
}

function datablations(corpus: 'c4' | 'oscar'): XbSplit {
  // One corpus's runs: (size, unique tokens U, epochs) each logged along training; the last 90 % of each run, ≤ 20 points.
  const rows = csvRecords('datablations/datablations_losses.csv').filter((r) => r.data === corpus);
  const runs = new Map<string, Array<Record<string, string>>>();
  for (const r of rows) {
    const key = `${r.num_params}|${r.tokens_per_epoch}|${r.epochs}`;
    runs.set(key, [...(runs.get(key) ?? []), r]);
  }
  const size = (text: string) => Number(text.replace(/B$/, '')) * 1e9;
  const out: Cell[][] = [];
  for (const run of runs.values()) {
    const last = maxOf(run.map((r) => Number(r.token_num)));
    const kept = run.filter((r) => Number(r.token_num) >= 0.1 * last).sort((a, b) => Number(a.token_num) - Number(b.token_num));
    for (const r of thin(kept, 20)) out.push([size(r.num_params), r.token_num, r.tokens_per_epoch, r.loss]);
  }
  return { name: `datablations ${corpus} →8.7B`, kind: 'runs', table: table('datablations', ['N', 'D', 'U', 'loss'], out), holdout: 'N >= 8e9' };
}

/**
 * IsoFLOP sweeps as Open-Athena quality-controlled them (rows they flag as outliers left out, their
 * reason column says why): fit the smaller budgets, predict the top ones (a factor ≈ 1.5–2 in compute
 * beyond the fit), the extrapolation an IsoFLOP study makes. C is the sweep's nominal budget.
 */
function isoflops(source: string, dataset: string, name: string, heldFrom: string, condition = ''): XbSplit {
  const rows = csvRecords('open-athena-isoflops/isoflops.csv').filter((r) => r.source === source && r.dataset === dataset && r.condition === condition && r.outlier === 'False');
  return {
    name: `${name} C>=${heldFrom}`,
    kind: 'runs',
    table: table(name, ['N', 'D', 'C', 'loss'], rows.map((r) => [r.params, r.tokens, r.budget, r.loss])),
    holdout: `C >= ${heldFrom}`,
  };
}

/**
 * Step Law's grid (Li et al. 2025): each (N, D) point's loss at its best learning rate and batch size
 * (the lowest smoothed final loss of its group, the quantity the paper's laws describe); fit the four
 * smaller sizes, predict the 1.07B model.
 */
function steplaw(): XbSplit {
  const best = new Map<string, Cell[]>();
  for (const r of csvRecords('steplaw/dense_lr_bs_loss.csv')) {
    const key = `${r.N}|${r.D}`;
    const seen = best.get(key);
    if (!seen || Number(r['smooth loss']) < Number(seen[2])) best.set(key, [r.N, r.D, r['smooth loss']]);
  }
  return { name: 'steplaw best-lr N<1e9', kind: 'runs', table: table('steplaw', ['N', 'D', 'loss'], [...best.values()]), holdout: 'N >= 1e9' };
}

function bnslAddition(): XbSplit {
  const rows = csvRecords('bnsl-addition/four_digit_addition.csv');
  return {
    name: 'bnsl 4-digit addition',
    kind: 'curve',
    table: table('addition', ['D', 'loss', 'split'], rows.map((r) => [r.dataset_size, r.test_cross_entropy, r.split])),
    holdout: "split == 'extrapolate'",
  };
}

/** A learning curve's two splits: fit the first 30 % and 50 % of its progress, predict the rest. */
function curveSplits(name: string, header: string[], rows: Cell[][]): XbSplit[] {
  const t = table(name, header, rows);
  const last = maxOf(rows.map((r) => Number(r[0])));
  return [0.3, 0.5].map((fraction) => ({ name: `${name} ${fraction * 100}%`, kind: 'curve' as const, table: t, holdout: `${header[0]} > ${last * fraction}` }));
}

function olmo(): XbSplit[] {
  const loss = 'v3-small-c4_en-validation/CrossEntropyLoss';
  const rows = csvRecords('olmo/olmo.csv').filter((r) => r.model_name.trim() === 'OLMo-1B' && r[loss] !== '');
  return curveSplits('olmo-1B c4', ['step', 'loss'], thin(rows.map((r) => [r.Step, r[loss]]), 400));
}

function mamba(): XbSplit[] {
  const rows = csvRecords('llm360-mamba/llm360Mamba3B.csv');
  return curveSplits('mamba-3B', ['step', 'loss', 'lr'], thin(rows.map((r) => [r.step, r.loss, r.lr]), 1000));
}

function gpt3(loss: 'train_loss' | 'val_loss'): XbSplit[] {
  // Digitised from the paper's figure: one series' points, x = tokens (billions), sorted.
  const rows = csvRecords('gpt3-curves/extracted.csv').filter((r) => r[loss] !== '');
  const models = ['small', 'medium', 'large', 'xl', '2.7b', '6.7b', '13b', '175b'];
  return models.flatMap((model) =>
    curveSplits(
      `gpt3-${model}${loss === 'val_loss' ? ' val' : ''}`,
      ['D', 'loss'],
      thin(
        rows.filter((r) => r.model === model).map((r): Cell[] => [Number(r.step) * 1e9, r[loss]]).sort((a, b) => Number(a[0]) - Number(b[0])),
        400,
      ),
    ),
  );
}

/** Every split, sweeps first. */
export function xbSplits(): XbSplit[] {
  return [
    epoch(),
    ...gzip(),
    misfitting(),
    datablations('c4'),
    datablations('oscar'),
    ...['comma', 'dclm', 'nemotron'].map((dataset) => isoflops('marin_202603', dataset, `marin ${dataset} isoflop`, '3e20')),
    isoflops('misfitting', 'fineweb_c4', 'misfitting isoflop', '7e18'),
    // Digitised from the Llama 3 paper's IsoFLOP figure: the values as plotted (not Open-Athena's exp of them).
    isoflops('llama_3', 'llama_3', 'llama-3 isoflop', '1e21', 'raw_loss'),
    steplaw(),
    bnslAddition(),
    ...olmo(),
    ...mamba(),
    ...gpt3('train_loss'),
    ...gpt3('val_loss'),
  ];
}
