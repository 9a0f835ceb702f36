/**
 * The run-log reader: text (whole, or streamed in chunks) → RunTable. The first 64 KB decide the
 * format (delimited, JSONL, JSON document) and the CSV dialect; rows then stream through a format
 * parser into a TableAssembler, and finishTable adds roles, derived columns and diagnostics.
 */
import { type RoleMap, type RunLogFormat, type RunSchedule, type RunTable, UserError } from '../types';
import { TableAssembler } from './assemble';
import type { RunLogEncoding } from './decode';
import { DelimitedParser, sniffDialect } from './delimited';
import { DiagnosticList } from './diagnostics';
import { finishTable } from './finish';
import { describeJson, flattenRecord, isRecord, looksLikeDocument, readJsonDocument } from './json';
import { readCell } from './numbers';
import { planWandbMelt, type WandbMelt } from './wandb';
import { maxOf } from '../arrays';

export interface ReadOptions {
  fileName?: string;
  /** Explicit role → column bindings (`--map`, "Set column roles"). */
  map?: RoleMap;
  /** FLOPs per parameter per token for derived C and D (default 6). */
  flopsPerToken?: number;
  /** Skip format detection. */
  format?: RunLogFormat;
  /** The encoding the bytes were decoded from (decodeRunLog): a non-UTF-8 one is noted in a diagnostic. */
  encoding?: RunLogEncoding;
}

export interface RunLogReader {
  push(chunk: string): void;
  /** The table; `encoding` (a streaming decoder's final one) overrides options.encoding. */
  end(encoding?: RunLogEncoding): RunTable;
  /**
   * The table of the complete lines pushed so far, without ending the read: a growing log (a trainer
   * mid-write) keeps its unfinished last line for the next push. A JSON document is parsed whole.
   * The format is decided on what was pushed: push the file's first SNIFF_CHARS before asking.
   */
  table(encoding?: RunLogEncoding): RunTable;
  /**
   * Once the format is decided (after the first non-blank text): whether later text continues the
   * table line by line (delimited, JSONL), or the text is one JSON document (re-read whole on change).
   */
  readonly appendable: boolean | undefined;
}

/** One note when the file was not UTF-8 (no note for UTF-8 or a UTF-16 file with its BOM). */
function noteEncoding(encoding: RunLogEncoding | undefined, diagnostics: DiagnosticList): void {
  if (encoding !== 'windows-1252') return;
  diagnostics.add({
    severity: 'info',
    code: 'encoding',
    message: 'the file is not valid UTF-8: read as Windows-1252 (Latin-1); save it as UTF-8 if accented names look wrong',
  });
}

/** Text this long decides format and dialect before rows start streaming. */
export const SNIFF_CHARS = 64 * 1024;

function extension(fileName: string | undefined): string {
  return /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase() ?? '';
}

/** Format from the first part of the text (BOM already removed) and the file name. */
export function detectFormat(head: string, fileName?: string): RunLogFormat {
  const ext = extension(fileName);
  // A .jsonl/.ndjson file is read line by line whatever its first line looks like: a `[` line is then
  // one row's diagnostic, not the start of a document that would swallow every other line.
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  const start = head.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    const firstLine = start.split('\n', 1)[0];
    try {
      const value: unknown = JSON.parse(firstLine);
      // A one-line document is alone; a JSONL record that happens to hold a list is followed by more records.
      const more = start.slice(firstLine.length).trimStart().startsWith('{');
      if (more || !looksLikeDocument(value)) return 'jsonl';
      return isRecord(value) && Array.isArray(value.log_history) ? 'trainer-state' : 'json';
    } catch {
      const recordLines = head.split('\n').filter((l) => /^\s*\{.*\}\s*$/.test(l)).length;
      if (ext === 'jsonl' || ext === 'ndjson' || recordLines >= 2) return 'jsonl';
      return head.includes('"log_history"') ? 'trainer-state' : 'json';
    }
  }
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  return 'csv';
}

/** Decoded binary shows up as NULs or U+FFFD replacement characters. */
function looksBinary(head: string): boolean {
  const sample = head.slice(0, 4096);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const ch = sample.charCodeAt(i);
    if (ch === 0 || ch === 0xfffd || (ch < 32 && ch !== 9 && ch !== 10 && ch !== 13 && ch !== 12)) bad++;
  }
  return bad > Math.max(2, sample.length * 0.01);
}

interface FormatSink {
  /** Whether text pushed later continues the table (lines), or the whole text is one document. */
  readonly appendable: boolean;
  push(text: string): void;
  end(): RunTable;
  /** The table so far, its diagnostics collected in `list` (a copy of the read's own). */
  snapshot(list: DiagnosticList): RunTable;
}

function delimitedSink(head: string, bom: boolean, options: ReadOptions, diagnostics: DiagnosticList): FormatSink {
  const sniffed = sniffDialect(head, bom);
  const dialect = options.format === 'tsv' ? { ...sniffed, delimiter: '\t', decimalComma: false } : sniffed;
  const assembler = new TableAssembler(diagnostics, dialect.decimalComma);
  let headerSeen = false;
  let melt: WandbMelt | undefined;
  const parser = new DelimitedParser(
    dialect,
    {
      row(cells, line) {
        if (headerSeen) {
          if (melt) for (const row of melt.melt(cells)) assembler.cells(row, line);
          else assembler.cells(cells, line);
          return;
        }
        headerSeen = true;
        // A header of numbers is a data row of a file without a header.
        if (cells.every((c) => typeof readCell(c, dialect.decimalComma) === 'number')) {
          assembler.header(cells.map((_, i) => `column_${i + 1}`));
          diagnostics.add({ severity: 'info', code: 'no-header', line, message: 'the first row is numbers, not a header: columns are named column_1, column_2, …' });
          assembler.cells(cells, line);
          return;
        }
        melt = options.format === 'csv' ? undefined : planWandbMelt(cells);
        assembler.header(melt ? melt.header : cells);
      },
      blank(cells, line) {
        if (headerSeen) return;
        // `,,,` as the first row is a header without names; skipping it as blank made the first data row the header.
        headerSeen = true;
        assembler.header(cells);
        diagnostics.add({
          severity: 'warning',
          code: 'empty-header',
          line,
          message: `the header row has no column names: columns are named column_1 … column_${cells.length}; set roles with --map ROLE=column_1 (CLI) or "Set column roles" (editor)`,
        });
      },
    },
    diagnostics,
  );
  const format = () => options.format ?? (melt ? 'wandb-csv' : dialect.delimiter === '\t' ? 'tsv' : 'csv');
  const finish = (list: DiagnosticList) => finishTable(assembler, list, { format: format(), dialect, map: options.map, flopsPerToken: options.flopsPerToken });
  return {
    appendable: true,
    push: (text) => parser.push(text),
    end() {
      parser.end();
      return finish(diagnostics);
    },
    snapshot(list) {
      parser.flushComplete();
      return finish(list);
    },
  };
}

function addJsonRecord(assembler: TableAssembler, value: unknown, line: number, diagnostics: DiagnosticList): void {
  if (!isRecord(value)) {
    diagnostics.add({ severity: 'warning', code: 'not-a-record', line, message: `expected a JSON object (one run), got ${describeJson(value)}: skipped` });
    return;
  }
  assembler.beginRecord();
  flattenRecord(value, line, diagnostics, (key, leaf) => assembler.field(key, leaf, line));
  assembler.endRecord(line);
}

function jsonlSink(options: ReadOptions, diagnostics: DiagnosticList): FormatSink {
  const assembler = new TableAssembler(diagnostics);
  const format = options.format ?? 'jsonl';
  const finish = (list: DiagnosticList) => finishTable(assembler, list, { format, map: options.map, flopsPerToken: options.flopsPerToken });
  let pending = '';
  let lineNo = 0;
  const handle = (raw: string) => {
    lineNo++;
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || text.startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      diagnostics.add({ severity: 'error', code: 'invalid-json', line: lineNo, message: `line is not valid JSON (${message.slice(0, 120)}): skipped` });
      return;
    }
    addJsonRecord(assembler, value, lineNo, diagnostics);
  };
  return {
    appendable: true,
    push(text) {
      pending += text;
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', start)) {
        handle(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = pending.slice(start);
    },
    end() {
      if (pending !== '') handle(pending);
      return finish(diagnostics);
    },
    snapshot: finish,
  };
}

function jsonDocumentSink(options: ReadOptions, diagnostics: DiagnosticList): FormatSink {
  const chunks: string[] = [];
  // The document is parsed only when a table is asked for: a partial document is not valid JSON.
  const sink: FormatSink = {
    appendable: false,
    push: (text) => void chunks.push(text),
    end: () => sink.snapshot(diagnostics),
    snapshot(diagnostics) {
      const text = chunks.join('');
      const assembler = new TableAssembler(diagnostics);
      const doc = readJsonDocument(text, diagnostics);
      let format: RunLogFormat = options.format ?? 'json';
      let schedule: RunSchedule | undefined;
      if (doc?.kind === 'records') {
        if (doc.trainerState && !options.format) format = 'trainer-state';
        if (doc.maxSteps !== undefined) schedule = { maxSteps: doc.maxSteps, source: 'max_steps in trainer_state' };
        doc.records.forEach((record, i) => addJsonRecord(assembler, record, doc.lines[i] ?? 1, diagnostics));
      } else if (doc?.kind === 'columns') {
        const names = Object.keys(doc.columns);
        const length = maxOf(names.map((n) => doc.columns[n].length));
        for (let i = 0; i < length; i++) {
          const record = Object.fromEntries(names.map((n) => [n, doc.columns[n][i] ?? null]));
          addJsonRecord(assembler, record, doc.line, diagnostics);
        }
      }
      return finishTable(assembler, diagnostics, { format, map: options.map, flopsPerToken: options.flopsPerToken, schedule });
    },
  };
  return sink;
}

/**
 * A streaming reader: push text chunks as they arrive, then end() for the table. Same result as
 * readRunLog on the whole text. Throws UserError only for an empty, binary or non-table input.
 */
export function createRunLogReader(options: ReadOptions = {}): RunLogReader {
  const diagnostics = new DiagnosticList();
  let head = '';
  let sink: FormatSink | undefined;
  const start = (ended: boolean) => {
    const bom = head.charCodeAt(0) === 0xfeff;
    const text = bom ? head.slice(1) : head;
    if (text.trim() === '') {
      if (ended) throw new UserError('file is empty', 'empty-input');
      return;
    }
    if (looksBinary(text)) throw new UserError('not a text run log: the content looks binary (expected CSV, TSV, JSON or JSONL text)', 'binary-input');
    const format = options.format ?? detectFormat(text, options.fileName);
    sink =
      format === 'jsonl'
        ? jsonlSink(options, diagnostics)
        : format === 'json' || format === 'trainer-state'
          ? jsonDocumentSink(options, diagnostics)
          : delimitedSink(text, bom, options, diagnostics);
    head = '';
    sink.push(text);
  };
  // Tiny chunks are gathered into pieces of SNIFF_CHARS so no parser rescans a long pending line per chunk.
  let gathered: string[] = [];
  let gatheredChars = 0;
  const forward = () => {
    const text = gathered.join('');
    gathered = [];
    gatheredChars = 0;
    if (sink) sink.push(text);
    else {
      head += text;
      start(false);
    }
  };
  return {
    push(chunk) {
      gathered.push(chunk);
      gatheredChars += chunk.length;
      if (gatheredChars >= SNIFF_CHARS) forward();
    },
    end(encoding) {
      if (gatheredChars > 0) forward();
      if (!sink) start(true);
      noteEncoding(encoding ?? options.encoding, diagnostics);
      return sink!.end();
    },
    table(encoding) {
      if (gatheredChars > 0) forward();
      if (!sink) start(true);
      const list = diagnostics.clone();
      noteEncoding(encoding ?? options.encoding, list);
      return sink!.snapshot(list);
    },
    get appendable() {
      return sink?.appendable;
    },
  };
}

/** Read a whole run log. */
export function readRunLog(text: string, options: ReadOptions = {}): RunTable {
  const reader = createRunLogReader(options);
  reader.push(text);
  return reader.end();
}
