import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadEngine } from '../engineLoader';
import type { FitResult, RoleMap, RunTable } from '../../core/types';
import type { FitOutcome } from '../../shared/messages';
import { settings } from '../config';
import { log } from '../log';
import { type ReadSettings, unpackTable } from '../readTable';
import type { FileState, StoredFit } from '../stores';
import type { FollowMode } from './follow';
import { LiveWorker } from './liveWorker';
import { rerunCellsOf } from './notebooks';
import { refitRequest } from './request';
import { plural } from '../../core/format';

/** What live following did to one file, for the status bar tooltip, the log and the tests. */
export interface LiveStatus {
  /** Reads of the whole file (the first, and after a rewrite or truncation). */
  fullReads: number;
  /** Reads of only the appended bytes. */
  appends: number;
  /** Refits whose results became the stored fit. */
  refits: number;
  lastMode?: FollowMode;
  /** Bytes read by the last update. */
  lastBytes: number;
  /** Why the last refit did not replace the stored fit (cleared by the next one that does). */
  lastError?: string;
}

interface Followed {
  uri: vscode.Uri;
  watcher: vscode.FileSystemWatcher;
  status: LiveStatus;
  table?: RunTable;
  running?: Promise<void>;
  /** The file changed while an update ran: one more update follows it. */
  dirty: boolean;
  timer?: ReturnType<typeof setTimeout>;
  lastStart: number;
}

/** The column each role of a fit read, to tell a refit on the same columns from one on others. */
function roleColumns(fit: FitResult): string {
  return JSON.stringify(Object.entries(fit.roles).sort(([a], [b]) => a.localeCompare(b)).map(([role, b]) => [role, b?.column]));
}

/**
 * Live fits: every local run log with a stored fit is watched (in or outside the workspace, open or
 * not). When it changes, the live worker reads only the appended bytes and refits the stored fit's
 * requests on the grown table (and open notebooks' cells on that log run again), at most once per `live.refitIntervalSeconds` per file, one update in
 * flight per file, changes in between gathered into the next. A refit that fails, or that would fit
 * other columns than the stored fit, never replaces it: the reason goes to the log and `status()`.
 */
export class LiveRunLogs implements vscode.Disposable {
  private readonly files = new Map<string, Followed>();
  private readonly worker: LiveWorker;
  private readonly updateEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after each update of a followed file (its table, status and possibly its stored fit). */
  readonly onDidUpdate = this.updateEmitter.event;

  constructor(
    private readonly state: FileState,
    extensionPath: string,
  ) {
    this.worker = new LiveWorker(extensionPath);
  }

  /**
   * Starts or stops following `uri` to match its stored fit and the `live.enabled` setting. A file fitted
   * just now is read at once (`prime`), so its first append is already an append; files fitted in earlier
   * sessions are read when they first change, so idle logs cost nothing.
   */
  sync(uri: vscode.Uri, prime = true): void {
    const key = uri.toString();
    const wanted = uri.scheme === 'file' && settings(uri).liveEnabled && this.state.fits(uri).length > 0;
    const followed = this.files.get(key);
    if (wanted && !followed) this.follow(uri, prime);
    else if (!wanted && followed) this.unfollow(key);
  }

  /** Follows every fitted file (activation, and after the settings changed). */
  syncAll(): void {
    for (const uri of this.state.fittedUris()) this.sync(uri, false);
    for (const followed of [...this.files.values()]) this.sync(followed.uri, false);
  }

  status(uri: vscode.Uri): LiveStatus | undefined {
    const followed = this.files.get(uri.toString());
    return followed && { ...followed.status };
  }

  /** The table of the last live update, when the file is followed and was read. */
  table(uri: vscode.Uri): RunTable | undefined {
    return this.files.get(uri.toString())?.table;
  }

  /** Updates a followed file now, whatever the interval (tests, "refit now"); resolves when done. */
  async refresh(uri: vscode.Uri): Promise<LiveStatus | undefined> {
    const followed = this.files.get(uri.toString());
    if (!followed) return undefined;
    await followed.running;
    await this.update(followed, true);
    return this.status(uri);
  }

  private follow(uri: vscode.Uri, prime: boolean): void {
    // The file itself as the pattern's base: works for files outside the workspace folders too.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(uri, '*'));
    const followed: Followed = { uri, watcher, status: { fullReads: 0, appends: 0, refits: 0, lastBytes: 0 }, dirty: false, lastStart: 0 };
    watcher.onDidChange(() => this.schedule(followed));
    watcher.onDidCreate(() => this.schedule(followed));
    this.files.set(uri.toString(), followed);
    if (prime) followed.running = this.update(followed, false);
  }

  private unfollow(key: string): void {
    const followed = this.files.get(key);
    if (!followed) return;
    clearTimeout(followed.timer);
    followed.watcher.dispose();
    this.files.delete(key);
  }

  /** At most one update per interval, one at a time; a change during an update schedules one more. */
  private schedule(followed: Followed): void {
    if (followed.running) {
      followed.dirty = true;
      return;
    }
    if (followed.timer) return;
    const wait = Math.max(0, followed.lastStart + settings(followed.uri).liveRefitIntervalMs - Date.now());
    followed.timer = setTimeout(() => {
      followed.timer = undefined;
      followed.running = this.update(followed, true);
    }, wait);
  }

  /** The mapping the stored fit was read with (a notebook's `map:`, or the editor's roles then). */
  private fitMap(uri: vscode.Uri): RoleMap {
    return this.state.currentFit(uri)?.basis?.map ?? this.state.roles(uri);
  }

  private readSettings(uri: vscode.Uri): ReadSettings {
    const { flopsPerToken, nCounting } = settings(uri);
    return { fileName: path.basename(uri.fsPath), map: this.fitMap(uri), flopsPerToken, nCounting };
  }

  private async update(followed: Followed, refit: boolean): Promise<void> {
    const { uri, status } = followed;
    followed.dirty = false;
    followed.lastStart = Date.now();
    const fits = this.state.stored(uri);
    const name = vscode.workspace.asRelativePath(uri);
    try {
      const read = this.readSettings(uri);
      const reply = await this.worker.follow(uri.fsPath, read, refit ? fits.map((fit) => refitRequest(fit.result)) : []);
      status.lastMode = reply.mode;
      status.lastBytes = reply.bytes;
      if (reply.mode === 'full') status.fullReads++;
      else if (reply.mode === 'append') status.appends++;
      if (reply.table) followed.table = unpackTable(reply.table);
      log().info(`live ${name}: ${reply.mode} read of ${reply.bytes} bytes in ${reply.parseMs.toFixed(0)} ms${followed.table ? `, ${plural(followed.table.rowCount, 'row')}` : ''}`);
      if (reply.outcomes.length > 0) await this.apply(followed, fits, reply.outcomes, read.map);
    } catch (error) {
      status.lastError = error instanceof Error ? error.message : String(error);
      log().warn(`live ${name}: update failed, the stored fit is kept: ${status.lastError}`);
    } finally {
      followed.running = undefined;
      if (this.files.get(uri.toString()) === followed) {
        this.updateEmitter.fire(uri);
        if (followed.dirty) this.schedule(followed);
      }
    }
  }

  /** Replaces each stored fit whose refit succeeded on the same columns; keeps the others. */
  private async apply(followed: Followed, fits: readonly StoredFit[], outcomes: FitOutcome[], map: RoleMap): Promise<void> {
    const { uri, status, table } = followed;
    // The user fitted again while the refit ran: their fit wins.
    if (this.state.stored(uri) !== fits || !table) return;
    const problems: string[] = [];
    const next = fits.map((stored, i): StoredFit => {
      const fit = stored.result;
      const outcome = outcomes[i];
      if ('error' in outcome) {
        problems.push(`${outcome.law}: ${outcome.error.message}`);
        return stored;
      }
      if (roleColumns(outcome.result) !== roleColumns(fit)) {
        problems.push(`${outcome.law}: the grown log binds other columns than the stored fit (${roleColumns(fit)} → ${roleColumns(outcome.result)}); fit again to accept them`);
        return stored;
      }
      return { result: outcome.result, basis: loadEngine().fitBasis(table, outcome.result, map) };
    });
    status.lastError = problems.length > 0 ? problems.join('; ') : undefined;
    if (status.lastError) log().warn(`live ${vscode.workspace.asRelativePath(uri)}: refit kept the stored fit: ${status.lastError}`);
    if (next.some((fit, i) => fit !== fits[i])) {
      status.refits++;
      await this.state.setStored(uri, next);
      await rerunCellsOf(uri);
    }
  }

  dispose(): void {
    for (const key of [...this.files.keys()]) this.unfollow(key);
    this.worker.dispose();
    this.updateEmitter.dispose();
  }
}
