/**
 * Which files make up a sweep on disk: every argument is a run log, a run's folder, or a folder of runs
 * (one subfolder per run, or several logs side by side). A run's configs are the known config files in
 * its log's folder and the folders up to the run's own.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { isTfEventsFile } from '../core/runlog/tfevents';
import { UserError } from '../core/types';
import { quoteText } from '../core/quote';
import { pushAll } from '../core/arrays';

export interface RunFiles {
  name: string;
  log: string;
  /** TensorBoard: every event file in the log's folder, oldest first, read as one log (a restarted run). */
  parts: string[];
  /** Config files, nearest the log first. */
  configs: string[];
  /** Other logs found in the run's folder and not read (the user may want one of them instead). */
  unread: string[];
}

const LOG_EXTENSIONS = new Set(['.csv', '.tsv', '.jsonl', '.ndjson', '.json', '.parquet']);
// and TensorBoard's events.out.tfevents.* files, whose names end in no extension of their own
/** Configs in the layouts of transformers (config.json), Lightning (hparams.yaml) and W&B (config.yaml). */
const CONFIG_NAMES = ['config.json', 'config.yaml', 'config.yml', 'hparams.yaml', 'hparams.yml', 'params.json', 'args.json'];
/** JSON files a model folder holds that are not logs. */
const NOT_LOGS = new Set(['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'vocab.json', 'adapter_config.json', 'preprocessor_config.json']);
/** Log names that say nothing about the run: the run is named after its folder instead. */
const GENERIC_STEMS = new Set(['trainer_state', 'metrics', 'log', 'logs', 'history', 'train', 'results', 'progress', 'events', 'scalars']);
const CHECKPOINT = /^checkpoint[-_]?(\d+)$/i;
/** How deep below a run's folder its log is looked for (Lightning: lightning_logs/version_0/metrics.csv). */
const MAX_DEPTH = 3;

function isLog(name: string): boolean {
  if (isTfEventsFile(name)) return true;
  const lower = name.toLowerCase();
  return LOG_EXTENSIONS.has(extname(lower)) && !CONFIG_NAMES.includes(lower) && !NOT_LOGS.has(lower) && !lower.endsWith('.index.json');
}

function entries(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) dirs.push(path);
    else if (stat?.isFile()) files.push(path);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return { files: files.sort(byName), dirs: dirs.sort(byName) };
}

function logsUnder(dir: string, depth = 0): string[] {
  const { files, dirs } = entries(dir);
  const logs = files.filter((f) => isLog(basename(f)));
  if (depth < MAX_DEPTH) for (const sub of dirs) pushAll(logs, logsUnder(sub, depth + 1));
  return logs;
}

/** Rank of a log within its run (lower first): the trainer's state of the latest checkpoint, metrics files, the rest. */
function rank(path: string, root: string): [number, number, number] {
  const stem = basename(path, extname(path)).toLowerCase();
  const kind = stem === 'trainer_state' ? 0 : GENERIC_STEMS.has(stem) ? 1 : 2;
  const checkpoint = CHECKPOINT.exec(basename(dirname(path)));
  const depth = relative(root, path).split(sep).length;
  // The latest checkpoint's trainer_state holds the whole history; the root's (written at the end) as well.
  return [kind, checkpoint ? -Number(checkpoint[1]) : -Infinity, depth];
}

function compareRank(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The run's name: the file's stem, or its folder's name when the stem is generic (`metrics.csv`). */
function runName(log: string): string {
  const stem = basename(log, extname(log));
  if (!GENERIC_STEMS.has(stem.toLowerCase()) && !isTfEventsFile(log)) return stem;
  let folder = dirname(log);
  if (CHECKPOINT.test(basename(folder))) folder = dirname(folder);
  return basename(folder);
}

function configsFor(log: string, root: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(log); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      if (statSync(path, { throwIfNoEntry: false })?.isFile()) found.push(path);
    }
    if (dir === root || !dir.startsWith(root) || dirname(dir) === dir) break;
  }
  return found;
}

/** `events.out.tfevents.<unix time>.<host>…`: by the time the writer started. */
function eventFileTime(path: string): number {
  return Number(/tfevents\.(\d+)/.exec(basename(path))?.[1] ?? 0);
}

/** The log itself, or with TensorBoard every event file beside it, oldest first. */
function partsOf(log: string, logs: readonly string[]): string[] {
  if (!isTfEventsFile(log)) return [log];
  return logs.filter((l) => isTfEventsFile(l) && dirname(l) === dirname(log)).sort((a, b) => eventFileTime(a) - eventFileTime(b) || a.localeCompare(b));
}

function runOfFolder(dir: string, name: string): RunFiles | undefined {
  const logs = logsUnder(dir).sort((a, b) => compareRank(rank(a, dir), rank(b, dir)));
  if (logs.length === 0) return undefined;
  const parts = partsOf(logs[0], logs);
  return { name, log: logs[0], parts, configs: configsFor(logs[0], dir), unread: logs.filter((l) => !parts.includes(l)) };
}

function runOfFile(path: string): RunFiles {
  return { name: runName(path), log: path, parts: [path], configs: configsFor(path, dirname(path)), unread: [] };
}

/**
 * The runs of the arguments, in order (a folder's runs sorted by name, numbers in names by value). A
 * folder with one log is one run; with several logs side by side, one run per log; with none, one run
 * per subfolder that holds a log. Names are made unique with the parent folder's name.
 */
export function findRuns(paths: readonly string[]): RunFiles[] {
  const runs: RunFiles[] = [];
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new UserError(`cannot read ${path}: no such file or folder`, 'unreadable-input');
    if (stat.isFile()) {
      runs.push(runOfFile(path));
      continue;
    }
    if (!stat.isDirectory()) throw new UserError(`cannot read ${path}: not a file or a folder`, 'unreadable-input');
    const { files, dirs } = entries(path);
    const logs = files.filter((f) => isLog(basename(f)));
    if (logs.length === 1) runs.push(runOfFolder(path, basename(path))!);
    else if (logs.length > 1) pushAll(runs, logs.map(runOfFile));
    else for (const dir of dirs) {
      const run = runOfFolder(dir, basename(dir));
      if (run) runs.push(run);
    }
  }
  if (runs.length === 0) throw new UserError(`no run logs (${[...LOG_EXTENSIONS].join(', ')}, events.out.tfevents.*) in ${paths.map((p) => quoteText(p)).join(', ')}`, 'no-runs');
  const seen = new Map<string, number>();
  for (const run of runs) {
    const count = (seen.get(run.name) ?? 0) + 1;
    seen.set(run.name, count);
    if (count > 1) run.name = `${basename(dirname(dirname(run.log)))}/${run.name}`;
  }
  return runs;
}
