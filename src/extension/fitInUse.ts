import type * as vscode from 'vscode';
import type { FitStanding, RowCoverage } from '../core/spec/fitIdentity';
import { loadEngine } from './engineLoader';
import type { FitResult, RunTable } from '../core/types';
import { perPair } from './predictions';
import type { FileState, StoredFit } from './stores';

/** A file's stored fit as the editor may use it on one table (the file as it reads now). */
export interface FitInUse {
  fit: FitResult;
  /** "chinchilla on loss_c4_val, where dataset == 'rw'": data (column names, filters), escape it. */
  name: string;
  standing: FitStanding;
  /** Per row: whether the fit speaks for it (meaningful while the fit is current). */
  coverage: (row: number) => RowCoverage;
}

const inUseCache = new WeakMap<RunTable, WeakMap<FitResult, FitInUse>>();

/**
 * The stored fit judged against `table`, once per (table, fit) pair: hovers run this on every row, so
 * the data fingerprint and the filters are computed once per document version.
 */
export function judged(stored: StoredFit, table: RunTable): FitInUse {
  return perPair(inUseCache, table, stored.result, () => {
    const engine = loadEngine();
    return {
      fit: stored.result,
      name: engine.fitName(stored.result, stored.basis),
      standing: engine.fitStanding(stored.result, stored.basis, table),
      coverage: engine.rowCoverage(stored.result, table),
    };
  });
}

/** The current fit of `uri` judged against `table`, the file as the editor reads it now. */
export function fitInUse(state: FileState, uri: vscode.Uri, table: RunTable): FitInUse | undefined {
  const stored = state.currentFit(uri);
  return stored ? judged(stored, table) : undefined;
}
