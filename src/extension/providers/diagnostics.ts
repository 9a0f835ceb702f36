import * as vscode from 'vscode';
import type { Diagnostic, RunTable } from '../../core/types';
import { settings } from '../config';
import { log } from '../log';
import type { RunLogs } from '../runLogs';
import { diagnosticCell, type LineSource } from './cells';

/** Parse after typing pauses, not on every keystroke (Rainbow/sample lesson: keep the host idle). */
const DEBOUNCE_MS = 300;
const SOURCE = 'scaling-laws';
/** Code of the hint on table files that are not (yet) run logs; its quick fixes map columns. */
export const NOT_A_RUN_LOG = 'not-a-run-log';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVscodeDiagnostic(document: vscode.TextDocument, d: Diagnostic, table?: RunTable): vscode.Diagnostic {
  const line = Math.min(Math.max((d.line ?? 1) - 1, 0), document.lineCount - 1);
  const text = document.lineAt(line);
  const cell = table && diagnosticCell(documentLines(document), table, d);
  const range = cell
    ? new vscode.Range(cell.startLine, cell.startChar, cell.endLine, cell.endChar)
    : d.charStart !== undefined
      ? new vscode.Range(line, d.charStart, line, d.charEnd ?? text.range.end.character)
      : new vscode.Range(line, text.firstNonWhitespaceCharacterIndex, line, text.range.end.character);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

/** A document as the cell locator reads it (line texts without their line breaks). */
export function documentLines(document: vscode.TextDocument): LineSource {
  return { lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text };
}

/**
 * A table file the sniffer did not take for a run log: it may still be one with unusual column
 * names, so a quiet hint (not listed in Problems) offers to map columns instead of an error.
 */
function looksLikeUnmappedTable(document: vscode.TextDocument, runLogs: RunLogs): boolean {
  return runLogs.sniff(document)?.isRunLog === false && document.lineCount > 1 && /\.(csv|tsv|jsonl|ndjson)$/i.test(document.fileName);
}

function noRolesHint(document: vscode.TextDocument): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    document.lineAt(0).range,
    vscode.l10n.t('Not recognised as a run log: no loss column next to parameter (N), token (D) or FLOP (C) columns. Set column roles to fit this file.'),
    vscode.DiagnosticSeverity.Hint,
  );
  diagnostic.source = SOURCE;
  diagnostic.code = NOT_A_RUN_LOG;
  return diagnostic;
}

/**
 * Publishes the reader's diagnostics for open run logs, debounced and once per document version.
 * Parsing goes through RunLogs, so the table the diagnostics came from is the one hovers then read.
 */
export class RunLogDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly published = new Map<string, number>();

  constructor(private readonly runLogs: RunLogs) {}

  schedule(document: vscode.TextDocument): void {
    if (!this.runLogs.isCandidate(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, DEBOUNCE_MS),
    );
  }

  /**
   * Parses (in the worker, if needed) and publishes; returns the table so callers can chain. A result
   * for a version the user has already edited past is not published (the newer parse publishes).
   */
  async update(document: vscode.TextDocument): Promise<RunTable | undefined> {
    if (document.isClosed) return undefined;
    const key = document.uri.toString();
    if (!settings(document.uri).diagnosticsEnabled) {
      this.clear(document.uri);
      return undefined;
    }
    if (!this.runLogs.isRunLog(document)) {
      this.clear(document.uri);
      if (looksLikeUnmappedTable(document, this.runLogs)) this.collection.set(document.uri, [noRolesHint(document)]);
      return undefined;
    }
    try {
      const parsed = await this.runLogs.parse(document);
      if (!parsed || document.isClosed || parsed.version !== document.version) return parsed?.table;
      if (this.published.get(key) !== parsed.version) {
        this.collection.set(document.uri, parsed.table.diagnostics.map((d) => toVscodeDiagnostic(document, d, parsed.table)));
        this.published.set(key, parsed.version);
      }
      return parsed.table;
    } catch (error) {
      // An unreadable file is one diagnostic on line 1, never an exception out of an event handler.
      const message = error instanceof Error ? error.message : String(error);
      log().warn(`reading ${document.uri.toString()} failed: ${message}`);
      this.collection.set(document.uri, [toVscodeDiagnostic(document, { severity: 'error', code: 'unreadable', message, line: 1 })]);
      this.published.delete(key);
      return undefined;
    }
  }

  clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.published.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** Forces re-publication on the next update (roles or settings changed the table). */
  invalidate(): void {
    this.published.clear();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
  }
}
