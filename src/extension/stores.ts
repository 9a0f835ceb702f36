import * as vscode from 'vscode';
import type { FitResult, RoleMap } from '../core/types';

/**
 * Per-file state remembered in workspaceState: the user's role overrides and the last fit. Keys are
 * file URIs, so state follows the file, not the editor.
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

  /** The fit hovers and inlay hints use: the first law of the last fit command. */
  currentFit(uri: vscode.Uri): FitResult | undefined {
    return this.fits(uri)[0];
  }

  /** Every file with a stored fit. */
  fittedUris(): vscode.Uri[] {
    const prefix = 'scalingLaws.fit/';
    return this.memento
      .keys()
      .filter((key) => key.startsWith(prefix) && this.memento.get(key) !== undefined)
      .map((key) => vscode.Uri.parse(key.slice(prefix.length)));
  }

  async setFits(uri: vscode.Uri, fits: readonly FitResult[]): Promise<void> {
    this.fitCache.set(uri.toString(), fits);
    await this.memento.update(`scalingLaws.fit/${uri.toString()}`, fits.length > 0 ? fits : undefined);
    this.fitEmitter.fire(uri);
  }

  roles(uri: vscode.Uri): RoleMap {
    return this.memento.get<RoleMap>(`scalingLaws.roles/${uri.toString()}`) ?? {};
  }

  async setRoles(uri: vscode.Uri, map: RoleMap): Promise<void> {
    await this.memento.update(`scalingLaws.roles/${uri.toString()}`, Object.keys(map).length > 0 ? map : undefined);
    this.rolesEmitter.fire(uri);
  }

  dispose(): void {
    this.fitEmitter.dispose();
    this.rolesEmitter.dispose();
  }
}
