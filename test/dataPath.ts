import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real run data lives beside the project in ../shared/data (never copied in). SCALING_LAWS_DATA
 * overrides the location.
 */
export const DATA_DIR = resolve(
  process.env.SCALING_LAWS_DATA ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data'),
);

export function dataFile(relative: string): string {
  const path = join(DATA_DIR, relative);
  if (!existsSync(path)) {
    throw new Error(`missing test data ${path} (set SCALING_LAWS_DATA to the shared data folder)`);
  }
  return path;
}
