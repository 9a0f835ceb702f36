/**
 * Which files make up a sweep: every path given is a run log, a run's folder, or a folder of runs (one
 * subfolder per run, or several logs side by side). A run's configs are the known config files in its
 * log's folder and the folders up to the run's own. The file system is the caller's (Node for the CLI,
 * the editor's workspace file system), so paths here are `/`-separated strings.
 */
import { pushAll } from '../arrays';
import { quoteText } from '../quote';
import { isTfEventsFile } from '../runlog/binaryNames';
import { UserError } from '../types';

export interface SweepFileSystem {
  /** What is at `path`: a file, a folder, something else, or nothing. */
  kind(path: string): Promise<'file' | 'dir' | 'other' | undefined>;
  /** The names in a folder and what each is. */
  list(dir: string): Promise<Array<{ name: string; kind: 'file' | 'dir' | 'other' }>>;
}

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

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dirname = (path: string) => (path.lastIndexOf('/') > 0 ? path.slice(0, path.lastIndexOf('/')) : path.startsWith('/') ? '/' : '.');
const join = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);
const extname = (name: string) => (name.lastIndexOf('.') > 0 ? name.slice(name.lastIndexOf('.')) : '');
const stem = (path: string) => basename(path).slice(0, basename(path).length - extname(basename(path)).length);
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function isLog(name: string): boolean {
  if (isTfEventsFile(name)) return true;
  const lower = name.toLowerCase();
  return LOG_EXTENSIONS.has(extname(lower)) && !CONFIG_NAMES.includes(lower) && !NOT_LOGS.has(lower) && !lower.endsWith('.index.json');
}

async function entries(fs: SweepFileSystem, dir: string): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const entry of await fs.list(dir)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.kind === 'dir') dirs.push(join(dir, entry.name));
    else if (entry.kind === 'file') files.push(join(dir, entry.name));
  }
  return { files: files.sort(byName), dirs: dirs.sort(byName) };
}

async function logsUnder(fs: SweepFileSystem, dir: string, depth = 0): Promise<string[]> {
  const { files, dirs } = await entries(fs, dir);
  const logs = files.filter((f) => isLog(basename(f)));
  if (depth < MAX_DEPTH) for (const sub of dirs) pushAll(logs, await logsUnder(fs, sub, depth + 1));
  return logs;
}

/** Rank of a log within its run (lower first): the trainer's state of the latest checkpoint, metrics files, the rest. */
function rank(path: string, root: string): [number, number, number] {
  const name = stem(path).toLowerCase();
  const kind = name === 'trainer_state' ? 0 : GENERIC_STEMS.has(name) ? 1 : 2;
  const checkpoint = CHECKPOINT.exec(basename(dirname(path)));
  const depth = path.slice(root.length).split('/').length;
  // The latest checkpoint's trainer_state holds the whole history; the root's (written at the end) as well.
  return [kind, checkpoint ? -Number(checkpoint[1]) : -Infinity, depth];
}

function compareRank(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The run's name: the file's stem, or its folder's name when the stem is generic (`metrics.csv`). */
function runName(log: string): string {
  if (!GENERIC_STEMS.has(stem(log).toLowerCase()) && !isTfEventsFile(log)) return stem(log);
  let folder = dirname(log);
  if (CHECKPOINT.test(basename(folder))) folder = dirname(folder);
  return basename(folder);
}

async function configsFor(fs: SweepFileSystem, log: string, root: string): Promise<string[]> {
  const found: string[] = [];
  for (let dir = dirname(log); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const path = join(dir, name);
      if ((await fs.kind(path)) === 'file') found.push(path);
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

async function runOfFolder(fs: SweepFileSystem, dir: string, name: string): Promise<RunFiles | undefined> {
  const logs = (await logsUnder(fs, dir)).sort((a, b) => compareRank(rank(a, dir), rank(b, dir)));
  if (logs.length === 0) return undefined;
  const parts = partsOf(logs[0], logs);
  return { name, log: logs[0], parts, configs: await configsFor(fs, logs[0], dir), unread: logs.filter((l) => !parts.includes(l)) };
}

async function runOfFile(fs: SweepFileSystem, path: string): Promise<RunFiles> {
  return { name: runName(path), log: path, parts: [path], configs: await configsFor(fs, path, dirname(path)), unread: [] };
}

/**
 * The runs of the paths, in order (a folder's runs sorted by name, numbers in names by value). A folder
 * with one log is one run; with several logs side by side, one run per log; with none, one run per
 * subfolder that holds a log. Names are made unique with the parent folder's name.
 */
export async function findRuns(paths: readonly string[], fs: SweepFileSystem): Promise<RunFiles[]> {
  const runs: RunFiles[] = [];
  for (const path of paths) {
    const kind = await fs.kind(path);
    if (kind === undefined) throw new UserError(`cannot read ${path}: no such file or folder`, 'unreadable-input');
    if (kind === 'file') {
      runs.push(await runOfFile(fs, path));
      continue;
    }
    if (kind !== 'dir') throw new UserError(`cannot read ${path}: not a file or a folder`, 'unreadable-input');
    const { files, dirs } = await entries(fs, path);
    const logs = files.filter((f) => isLog(basename(f)));
    if (logs.length === 1) runs.push((await runOfFolder(fs, path, basename(path)))!);
    else if (logs.length > 1) for (const log of logs) runs.push(await runOfFile(fs, log));
    else
      for (const dir of dirs) {
        const run = await runOfFolder(fs, dir, basename(dir));
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
