import * as vscode from 'vscode';
import { CancelledError, type RoleMap, type RunTable } from '../core/types';
import { settings } from './config';
import { log } from './log';
import { type ReadSource, unpackTable } from './readTable';
import { sniffDocument, type Sniffed } from './sniff';
import type { FileState } from './stores';
import { runInWorker } from './workerClient';
import { plural } from '../core/format';

/** Rainbow CSV's dialect language ids: we attach to them instead of claiming `csv`/`tsv` ourselves. */
export const RAINBOW_LANGUAGES = ['csv', 'tsv', 'csv (semicolon)', 'csv (pipe)', 'csv (whitespace)', 'dynamic csv'];

/** Where run logs can be: by path (whatever language the file opened as) and Rainbow's dialects. */
export const RUN_LOG_SELECTOR: vscode.DocumentFilter[] = [
  { pattern: '**/*.{csv,tsv,jsonl,ndjson,json}' },
  { language: 'jsonl' },
  ...RAINBOW_LANGUAGES.map((language) => ({ language })),
];

export interface ParsedLog {
  version: number;
  table: RunTable;
}

/**
 * The run-log view of open documents: a cheap header sniff decides whether a document is a run log
 * (without loading the engine), and a full parse per document version feeds diagnostics, hovers,
 * CodeLens and inlay hints. Parses run in a worker (a 45 MB log takes seconds): the host only hands
 * over the text and receives the table, whose numeric arrays are transferred, not copied. A newer
 * version of a document stops the worker of the older one at once, so parses never queue up. Both
 * sniffs and tables are cached per version, so providers never parse twice for one version.
 */
export class RunLogs {
  private readonly sniffs = new Map<string, { version: number; sniffed: Sniffed }>();
  private readonly parsed = new Map<string, ParsedLog>();
  private readonly unmapped = new Map<string, { version: number; table: Promise<RunTable | undefined> }>();
  private readonly running = new Map<string, { version: number; promise: Promise<ParsedLog | undefined>; stop: vscode.CancellationTokenSource }>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** After dispose() no parse starts (a stopped parse's retry would otherwise start a worker job). */
  private disposed = false;
  /** Fires when a document's parsed table is replaced (new version, new roles, new settings). */
  readonly onDidChangeTable = this.changeEmitter.event;

  constructor(
    private readonly state: FileState,
    private readonly extensionPath: string,
  ) {}

  isCandidate(document: vscode.TextDocument): boolean {
    return vscode.languages.match(RUN_LOG_SELECTOR, document) > 0;
  }

  /** Header sniff (cached per version). Explicit role overrides make any candidate a run log. */
  sniff(document: vscode.TextDocument): Sniffed | undefined {
    if (!this.isCandidate(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.sniffs.get(key);
    if (cached?.version === document.version) return cached.sniffed;
    const read = (chars: number) => document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(chars)));
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    const sniffed = sniffDocument(read, length, document.fileName, Object.keys(this.state.roles(document.uri)).length > 0);
    this.sniffs.set(key, { version: document.version, sniffed });
    return sniffed;
  }

  isRunLog(document: vscode.TextDocument): boolean {
    return this.sniff(document)?.isRunLog ?? false;
  }

  /** The parsed table of this document version if it was parsed already (never parses). */
  peek(document: vscode.TextDocument): ParsedLog | undefined {
    const cached = this.parsed.get(document.uri.toString());
    return cached?.version === document.version ? cached : undefined;
  }

  /**
   * The parsed table of a run-log document's current version: the cached one, the parse already
   * running for this version, or a new parse in the worker (which stops an older version's parse).
   * A parse overtaken by an edit or by new roles while running continues with the document's newest
   * version; undefined when the document is closed or not a run log. Rejects when the text cannot be read.
   */
  parse(document: vscode.TextDocument): Promise<ParsedLog | undefined> {
    if (this.disposed || document.isClosed || !this.isRunLog(document)) return Promise.resolve(undefined);
    const key = document.uri.toString();
    const cached = this.peek(document);
    if (cached) return Promise.resolve(cached);
    const running = this.running.get(key);
    if (running?.version === document.version) return running.promise;
    running?.stop.cancel();
    const version = document.version;
    const stop = new vscode.CancellationTokenSource();
    const start = performance.now();
    const promise = this.read({ text: document.getText() }, document.fileName, this.state.roles(document.uri), document.uri, stop.token).then(
      (table): ParsedLog | Promise<ParsedLog | undefined> => {
        // Stopped after the worker had already answered (roles or read settings changed meanwhile):
        // this table was read with the old ones, so it must not be cached or shown.
        if (stop.token.isCancellationRequested) {
          if (this.running.get(key)?.stop === stop) this.running.delete(key);
          return this.parse(document);
        }
        log().info(`parsed ${vscode.workspace.asRelativePath(document.uri)} v${version}: ${plural(table.rowCount, 'row')} in ${(performance.now() - start).toFixed(1)} ms (worker)`);
        const entry = { version, table };
        if (this.running.get(key)?.stop === stop) {
          this.parsed.set(key, entry);
          this.changeEmitter.fire(document.uri);
        }
        return entry;
      },
      (error: unknown) => {
        if (this.running.get(key)?.stop === stop) this.running.delete(key);
        if (error instanceof CancelledError && stop.token.isCancellationRequested) return this.parse(document);
        throw error;
      },
    );
    this.running.set(key, { version, promise, stop });
    const settle = () => {
      if (this.running.get(key)?.stop === stop) this.running.delete(key);
      stop.dispose();
    };
    promise.then(settle, settle);
    return promise;
  }

  /**
   * Reads any run-log source into a table in the worker, with the file's role overrides and the
   * user's read settings: the one way the extension turns text into a table.
   */
  read(
    source: ReadSource,
    fileName: string,
    map: RoleMap,
    scope: vscode.Uri | undefined,
    token?: vscode.CancellationToken,
    onProgress: (fraction: number) => void = () => undefined,
  ): Promise<RunTable> {
    const { flopsPerToken, nCounting } = settings(scope);
    const job = { type: 'parse' as const, source, settings: { fileName, map, flopsPerToken, nCounting } };
    return runInWorker(this.extensionPath, job, onProgress, token, 0).then((done) => {
      if (done.type !== 'parseDone') throw new Error(`unexpected worker reply ${done.type}`);
      return unpackTable(done.table);
    });
  }

  /**
   * Reads a candidate that is not (yet) a run log, to offer its columns for mapping; never rejects.
   * Cached per version: code actions are asked for on every cursor move over the hint.
   */
  readUnmapped(document: vscode.TextDocument): Promise<RunTable | undefined> {
    const key = document.uri.toString();
    const cached = this.unmapped.get(key);
    if (cached?.version === document.version) return cached.table;
    const table = this.read({ text: document.getText() }, document.fileName, this.state.roles(document.uri), document.uri).catch(() => undefined);
    this.unmapped.set(key, { version: document.version, table });
    return table;
  }

  /** Drops cached state (and stops running parses) so the next request re-reads (roles or read settings changed). */
  invalidate(uri?: vscode.Uri): void {
    const keys = uri ? [uri.toString()] : [...new Set([...this.sniffs.keys(), ...this.parsed.keys(), ...this.unmapped.keys(), ...this.running.keys()])];
    for (const key of keys) {
      this.sniffs.delete(key);
      this.parsed.delete(key);
      this.unmapped.delete(key);
      this.running.get(key)?.stop.cancel();
    }
  }

  forget(document: vscode.TextDocument): void {
    this.invalidate(document.uri);
  }

  dispose(): void {
    this.disposed = true;
    this.invalidate();
    this.changeEmitter.dispose();
  }
}

/** Index of the row that starts on 0-based editor line `line`, or -1 (rows are in line order). */
export function rowAtLine(table: RunTable, line: number): number {
  const target = line + 1;
  let lo = 0;
  let hi = table.rowCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = table.lines[mid];
    if (value === target) return mid;
    if (value < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
