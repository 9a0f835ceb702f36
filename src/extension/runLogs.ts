import * as vscode from 'vscode';
import { readRunLog } from '../core/runlog/reader';
import type { RoleMap, RunTable } from '../core/types';
import { settings, type Settings } from './config';
import { log } from './log';
import { sniffHead, type Sniffed } from './sniff';
import type { FileState } from './stores';

/** Rainbow CSV's dialect language ids: we attach to them instead of claiming `csv`/`tsv` ourselves. */
export const RAINBOW_LANGUAGES = ['csv', 'tsv', 'csv (semicolon)', 'csv (pipe)', 'csv (whitespace)', 'dynamic csv'];

/** Where run logs can be: by path (whatever language the file opened as) and Rainbow's dialects. */
export const RUN_LOG_SELECTOR: vscode.DocumentFilter[] = [
  { pattern: '**/*.{csv,tsv,jsonl,ndjson,json}' },
  { language: 'jsonl' },
  ...RAINBOW_LANGUAGES.map((language) => ({ language })),
];

/** Characters handed to the sniffer: a header plus rows to check column kinds (it drops a cut last line). */
const SNIFF_CHARS = 16 * 1024;

export interface ParsedLog {
  version: number;
  table: RunTable;
}

/**
 * The run-log view of open documents: a cheap header sniff decides whether a document is a run log
 * (without loading the engine), and a full parse per document version feeds diagnostics, hovers,
 * CodeLens and inlay hints. Both are cached, so providers never parse twice for one version.
 */
export class RunLogs {
  private readonly sniffs = new Map<string, { version: number; sniffed: Sniffed }>();
  private readonly parsed = new Map<string, ParsedLog>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's parsed table is replaced (new version, new roles, new settings). */
  readonly onDidChangeTable = this.changeEmitter.event;

  constructor(private readonly state: FileState) {}

  isCandidate(document: vscode.TextDocument): boolean {
    return vscode.languages.match(RUN_LOG_SELECTOR, document) > 0;
  }

  /** Header sniff (cached per version). Explicit role overrides make any candidate a run log. */
  sniff(document: vscode.TextDocument): Sniffed | undefined {
    if (!this.isCandidate(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.sniffs.get(key);
    if (cached?.version === document.version) return cached.sniffed;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SNIFF_CHARS)));
    const sniffed = sniffHead(head, document.fileName, Object.keys(this.state.roles(document.uri)).length > 0);
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

  /** The parsed table of a run-log document, parsed now if this version has not been yet. */
  table(document: vscode.TextDocument): ParsedLog | undefined {
    if (!this.isRunLog(document)) return undefined;
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached?.version === document.version) return cached;
    const start = performance.now();
    const table = parseText(document.getText(), document.fileName, this.state.roles(document.uri), document.uri);
    log().info(`parsed ${vscode.workspace.asRelativePath(document.uri)} v${document.version}: ${table.rowCount} rows in ${(performance.now() - start).toFixed(1)} ms`);
    const entry = { version: document.version, table };
    this.parsed.set(key, entry);
    this.changeEmitter.fire(document.uri);
    return entry;
  }

  /** Reads a candidate that is not (yet) a run log, to offer its columns for mapping; never throws. */
  readUnmapped(document: vscode.TextDocument): RunTable | undefined {
    try {
      return parseText(document.getText(), document.fileName, this.state.roles(document.uri), document.uri);
    } catch {
      return undefined;
    }
  }

  /** Drops cached state so the next request re-reads (roles or read settings changed). */
  invalidate(uri?: vscode.Uri): void {
    if (uri) {
      this.sniffs.delete(uri.toString());
      this.parsed.delete(uri.toString());
    } else {
      this.sniffs.clear();
      this.parsed.clear();
    }
  }

  forget(document: vscode.TextDocument): void {
    this.invalidate(document.uri);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/**
 * Reads run-log text into a table with the file's role overrides and the user's read settings. The
 * reader is in the host bundle anyway (the sniff needs it), so reading never loads the engine.
 */
export function parseText(text: string, fileName: string, map: RoleMap, scope?: vscode.Uri): RunTable {
  const { flopsPerToken, nCounting } = settings(scope);
  const table = readRunLog(text, { fileName, map, flopsPerToken });
  const n = map.N === undefined ? nColumnFor(table, nCounting) : undefined;
  return n ? readRunLog(text, { fileName, map: { ...map, N: n }, flopsPerToken }) : table;
}

/**
 * The reader prefers total parameter counts; with `nCounting: non-embedding` a non-embedding column
 * offered as N's alternative wins instead (Kaplan et al. count N without embeddings).
 */
export function nColumnFor(table: RunTable, nCounting: Settings['nCounting']): string | undefined {
  if (nCounting !== 'non-embedding') return undefined;
  const binding = table.roles.N;
  if (!binding || NON_EMBEDDING.test(binding.column)) return undefined;
  return binding.alternatives.find((candidate) => candidate.role === 'N' && NON_EMBEDDING.test(candidate.column))?.column;
}

const NON_EMBEDDING = /(no|non)[\s_-]?emb/i;

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
