/** The sweep layout (src/core/sweep/layout.ts) on the local disk, for `scaling-laws sweep`. */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { findRuns as findRunsIn, type RunFiles, type SweepFileSystem } from '../core/sweep';

function kindOf(stat: Stats | undefined): 'file' | 'dir' | 'other' | undefined {
  return stat === undefined ? undefined : stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
}

/** Symlinks are followed, as everywhere the CLI reads. */
const localDisk: SweepFileSystem = {
  kind: async (path) => kindOf(statSync(path, { throwIfNoEntry: false })),
  list: async (dir) => readdirSync(dir).map((name) => ({ name, kind: kindOf(statSync(`${dir}/${name}`, { throwIfNoEntry: false })) ?? 'other' })),
};

/** The layout works on `/` paths; Windows accepts them too. */
export function findRuns(paths: readonly string[]): Promise<RunFiles[]> {
  return findRunsIn(
    paths.map((p) => (sep === '/' ? p : p.split(sep).join('/')).replace(/(.)\/+$/, '$1')),
    localDisk,
  );
}

export type { RunFiles };
