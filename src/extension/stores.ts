import * as vscode from 'vscode';
import type { FitBasis } from '../core/spec/fitIdentity';
import { loadEngine } from './engineLoader';
import type { FitResult, RoleMap, RunTable } from '../core/types';

/** A stored fit and what it was fitted on (undefined for a fit stored before bases were recorded). */
export interface StoredFit {
  result: FitResult;
  basis: FitBasis | undefined;
}

/** The table a fit was made on and the role overrides it was read with. */
export interface FitSource {
  table: RunTable;
  map: RoleMap;
}

/**
 * Per-file state remembered in workspaceState: the user's role overrides and the last fit with its
 * basis (core/spec/fitIdentity.ts: the data and mapping it was fitted on, so it is used only while the file
 * still has them). Keys are file URIs, so state follows the file, not the editor.
 */
export class FileState {
  private readonly fitEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly rolesEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a file's stored fit is set or cleared. */
  readonly onDidChangeFit = this.fitEmitter.event;
  /** Fires when a file's role overrides change (its table must be re-read). */
  readonly onDidChangeRoles = this.rolesEmitter.event;

  /** Stable object identity per file, so caches keyed by a FitResult stay valid across calls. */
  private readonly fitCache = new Map<string, readonly FitResult[]>();
  private readonly storedCache = new Map<string, readonly StoredFit[]>();

  constructor(private readonly memento: vscode.Memento) {}

  fits(uri: vscode.Uri): readonly FitResult[] {
    const key = uri.toString();
    let fits = this.fitCache.get(key);
    if (!fits) {
      fits = this.memento.get<FitResult[]>(`scalingLaws.fit/${key}`) ?? [];
      this.fitCache.set(key, fits);
    }
    return fits;
  }

  /** The fits with their bases, in the order of `fits`. */
  stored(uri: vscode.Uri): readonly StoredFit[] {
    const key = uri.toString();
    let stored = this.storedCache.get(key);
    if (!stored) {
      const bases = this.memento.get<FitBasis[]>(`scalingLaws.fitBasis/${key}`) ?? [];
      stored = this.fits(uri).map((result, i) => ({ result, basis: bases[i] ?? undefined }));
      this.storedCache.set(key, stored);
    }
    return stored;
  }

  /** The fit hovers, inlay hints, the forecast and the calculator consult: the first law of the last fit. */
  currentFit(uri: vscode.Uri): StoredFit | undefined {
    return this.stored(uri)[0];
  }

  /** Every file with a stored fit. */
  fittedUris(): vscode.Uri[] {
    const prefix = 'scalingLaws.fit/';
    return this.memento
      .keys()
      .filter((key) => key.startsWith(prefix) && this.memento.get(key) !== undefined)
      .map((key) => vscode.Uri.parse(key.slice(prefix.length)));
  }

  /** Stores fits made on `source` (all of one table and mapping), replacing the file's previous ones. */
  async setFits(uri: vscode.Uri, fits: readonly FitResult[], source: FitSource): Promise<void> {
    await this.setStored(
      uri,
      fits.map((result) => ({ result, basis: loadEngine().fitBasis(source.table, result, source.map) })),
    );
  }

  async clearFits(uri: vscode.Uri): Promise<void> {
    await this.setStored(uri, []);
  }

  /** Stores fits with the bases they already have (a live refit keeps the ones it could not redo). */
  async setStored(uri: vscode.Uri, stored: readonly StoredFit[]): Promise<void> {
    const key = uri.toString();
    const fits = stored.map((s) => s.result);
    this.fitCache.set(key, fits);
    this.storedCache.set(key, stored);
    await this.memento.update(`scalingLaws.fitBasis/${key}`, fits.length > 0 ? stored.map((s) => s.basis) : undefined);
    await this.memento.update(`scalingLaws.fit/${key}`, fits.length > 0 ? fits : undefined);
    this.fitEmitter.fire(uri);
  }

  roles(uri: vscode.Uri): RoleMap {
    return this.memento.get<RoleMap>(`scalingLaws.roles/${uri.toString()}`) ?? {};
  }

  async setRoles(uri: vscode.Uri, map: RoleMap): Promise<void> {
    // A memento holds the new value as soon as update is called; only the write to disk is awaited. Firing
    // first re-reads the file before the command returns, so no hover or fit asked for after the role
    // picker closed can still see the old mapping.
    const saved = this.memento.update(`scalingLaws.roles/${uri.toString()}`, Object.keys(map).length > 0 ? map : undefined);
    this.rolesEmitter.fire(uri);
    await saved;
  }

  dispose(): void {
    this.fitEmitter.dispose();
    this.rolesEmitter.dispose();
  }
}
