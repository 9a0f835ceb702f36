import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readRunLog } from '../../src/core/runlog';
import type { RoleMap, RunTable } from '../../src/core/types';
import { dataFile } from '../dataPath';

/** A real data file read by the product's reader (optionally with explicit role bindings). */
export function table(relative: string, map?: RoleMap): RunTable {
  return readRunLog(readFileSync(dataFile(relative), 'utf8'), { fileName: relative, ...(map ? { map } : {}) });
}

/** Epoch-240 (reference-results.md): drop the 5 largest losses (3.447, 3.766, 3.794, 4.665, 5.006). */
export const EPOCH = 'epoch-chinchilla/svg_extracted_data.csv';
export const EPOCH_240 = 'loss < 3.44';

export function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} not within ${tolerance} of ${expected}`);
}

export function within(actual: number, lo: number, hi: number, what: string): void {
  assert.ok(actual >= lo && actual <= hi, `${what}: ${actual} not in [${lo}, ${hi}]`);
}
