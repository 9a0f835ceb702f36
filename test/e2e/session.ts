// A throw-away folder per run: VS Code state (user data, extensions) and the workspace the tests open.
// The workspace is a copy of examples/ plus a few real logs from the shared data folder, so neither tests
// nor a person clicking around can modify the repository.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR } from '../dataPath';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Real run logs shown beside the examples (paths relative to the shared data folder). */
const SHARED_LOGS = [
  'epoch-chinchilla/svg_extracted_data.csv',
  'kyo-chinchilla-llm/df.csv',
  'marin-wandb/isoflop-comma.csv',
  'bnsl-addition/four_digit_addition.csv',
  'llm360-mamba/llm360Mamba3B.csv',
  'porian/isoflop_optimal_pairs.csv',
  'bad-inputs/overflow-flops.csv',
];

export interface Session {
  dir: string;
  userData: string;
  extensions: string;
  workspace: string;
  dispose(): void;
}

/** A fresh session; `ownWorkspace` opens that folder as it is instead of a copy of the examples. */
export function createSession(name: string, ownWorkspace?: string): Session {
  const dir = mkdtempSync(join(tmpdir(), `scaling-laws-${name}-`));
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  for (const folder of [userData, extensions]) mkdirSync(folder, { recursive: true });
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  if (ownWorkspace) return { dir, userData, extensions, workspace: resolve(ownWorkspace), dispose };
  const workspace = join(dir, 'workspace');
  cpSync(join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  const shared = join(workspace, 'shared-data');
  for (const relative of SHARED_LOGS) {
    const source = join(DATA_DIR, relative);
    if (!existsSync(source)) {
      console.log(`note: ${source} not found (set SCALING_LAWS_DATA); the workspace has the examples only`);
      continue;
    }
    // Prefixed with the source folder: several sources use generic names (df.csv).
    cpSync(source, join(shared, `${basename(dirname(relative))}-${basename(relative)}`));
  }
  return { dir, userData, extensions, workspace, dispose };
}
