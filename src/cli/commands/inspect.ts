/**
 * `scaling-laws inspect FILE [--map ROLE=COLUMN]… [--format F] [--json]`: what the reader made of a run
 * log — format, dialect, columns with roles and confidence, row counts, diagnostics.
 */
import { formatCount, formatNumber, plural } from '../../core/format';
import { MAX_NAME_CHARS, MAX_QUOTED_CHARS, MAX_REPORTED_COLUMNS } from '../../core/limits';
import { excerpt } from '../../core/quote';
import { type Diagnostic, type Dialect, type RunLogFormat, type RunTable, UserError } from '../../core/types';
import { EXIT, formatTable, parseCommandArgs, parseMapFlags, printJson, readRunLogFile, unresolvedMaps, writeErr, writeOut } from '../io';
import { pushAll } from '../../core/arrays';

const USAGE = `usage: scaling-laws inspect FILE [--map ROLE=COLUMN]... [--format csv|tsv|jsonl|json|trainer-state|wandb-csv] [--json]

Shows the detected format and dialect, each column with its role and confidence (and alternatives),
row counts (used, planned, series, summary, with errors) and diagnostics (line:column).
Exit codes: 0 ok, 2 bad usage or unreadable input.`;

const FORMATS: readonly RunLogFormat[] = ['csv', 'tsv', 'jsonl', 'json', 'trainer-state', 'wandb-csv'];

/** The stable `--json` shape (documented in the README). */
export interface InspectJson {
  file: string;
  format: RunLogFormat | null;
  dialect: Dialect | null;
  rows: { total: number; used: number; planned: number; series: number; summary: number; errors: number };
  /** Loss columns measured on rows of their own (rows counted as `series`), e.g. trainer_state `eval_loss`. */
  lossSeries: string[];
  /** Where the run's schedule ends, when the log says (trainer_state `max_steps`). */
  schedule: { maxSteps: number | null; source: string } | null;
  columns: Array<{
    name: string;
    kind: 'number' | 'string' | 'empty';
    role: string | null;
    confidence: number | null;
    explicit: boolean;
    derived: boolean;
    derivation: string | null;
    scale: number;
    min: number | null;
    max: number | null;
  }>;
  roles: Record<string, { column: string; confidence: number; derived: boolean; explicit: boolean; alternatives: Array<{ column: string; confidence: number; reason: string }> }>;
  diagnostics: Diagnostic[];
}

function range(values: Float64Array): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

export function inspectJson(file: string, table: RunTable): InspectJson {
  const roleOf = new Map(Object.entries(table.roles).map(([role, b]) => [b.column, { role, ...b }]));
  const count = (status: string) => table.rowStatus.filter((s) => s === status).length;
  return {
    file,
    format: table.format,
    dialect: table.dialect ?? null,
    rows: { total: table.rowCount, used: count('ok'), planned: count('planned'), series: count('series'), summary: count('summary'), errors: count('error') },
    lossSeries: table.lossSeries ?? [],
    schedule: table.schedule ? { maxSteps: table.schedule.maxSteps ?? null, source: table.schedule.source } : null,
    columns: table.columns.map((c) => {
      const bound = roleOf.get(c.name);
      const r = c.kind === 'number' ? range(c.values) : null;
      return {
        name: c.name,
        kind: c.kind,
        role: bound?.role ?? null,
        confidence: bound?.confidence ?? null,
        explicit: bound?.explicit ?? false,
        derived: c.derived,
        derivation: c.derivation ?? null,
        scale: c.scale,
        min: r?.[0] ?? null,
        max: r?.[1] ?? null,
      };
    }),
    roles: Object.fromEntries(
      Object.entries(table.roles).map(([role, b]) => [
        role,
        {
          column: b.column,
          confidence: b.confidence,
          derived: b.derived,
          explicit: b.explicit,
          alternatives: b.alternatives.map((a) => ({ column: a.column, confidence: a.confidence, reason: a.reason })),
        },
      ]),
    ),
    diagnostics: table.diagnostics,
  };
}

function describeDialect(d: Dialect): string {
  const delimiter = d.delimiter === '\t' ? 'tab' : `'${d.delimiter}'`;
  const parts = [`delimiter ${delimiter}`, d.lineEnding === '\r\n' ? 'CRLF' : d.lineEnding === '\r' ? 'CR' : 'LF'];
  if (d.bom) parts.push('BOM');
  if (d.decimalComma) parts.push('decimal comma');
  return parts.join(', ');
}

function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? '' : `${d.line}${d.column === undefined ? '' : `:${d.column}`} `;
  return `  ${d.severity.padEnd(7)} ${where}${d.message} [${d.code}]`;
}

function printHuman(json: InspectJson): void {
  const out: string[] = [`file     ${json.file}`, `format   ${json.format ?? '-'}${json.dialect ? ` (${describeDialect(json.dialect)})` : ''}`];
  const { total, used, planned, series, summary, errors } = json.rows;
  const others = `${series ? `, ${json.lossSeries.join(', ')} series ${series}` : ''}${summary ? `, summary ${summary}` : ''}`;
  out.push(`rows     ${total} (used ${used}, planned ${planned}${others}, with errors ${errors})`);
  if (json.schedule?.maxSteps != null) out.push(`schedule ends at step ${formatCount(json.schedule.maxSteps)} (${json.schedule.source})`);
  out.push('');
  // A report lists at most MAX_REPORTED_COLUMNS columns (those with a role always) and names as excerpts:
  // a 200k-column file or a 100 MB header name must not print hundreds of MB.
  const listed = json.columns.filter((c, i) => i < MAX_REPORTED_COLUMNS || c.role !== null);
  const rows = listed.map((c) => {
    const binding = c.role ? json.roles[c.role] : undefined;
    const notes: string[] = [];
    if (c.derived) notes.push(`derived: ${c.derivation}`);
    if (c.scale !== 1) notes.push(`×${formatNumber(c.scale)} from the name`);
    if (c.explicit) notes.push('mapped');
    if (binding && binding.alternatives.length > 0) notes.push(`alternatives: ${binding.alternatives.map((a) => `${a.column} (${a.confidence.toFixed(2)})`).join(', ')}`);
    // Counts read best as 70M / 1.4T; FLOPs, losses and rates in scientific notation.
    const show = c.role === 'N' || c.role === 'D' || c.role === 'U' ? formatCount : formatNumber;
    const span = c.min === null || c.max === null ? '' : `${show(c.min)} … ${show(c.max)}`;
    return [excerpt(c.name, MAX_NAME_CHARS), c.kind, c.role ?? '', c.confidence === null ? '' : c.confidence.toFixed(2), span, excerpt(notes.join('; '), MAX_QUOTED_CHARS)];
  });
  out.push(json.columns.length === 0 ? 'no columns' : formatTable(['column', 'kind', 'role', 'conf', 'range', 'notes'], rows));
  const more = json.columns.length - listed.length;
  if (more > 0) out.push(`… and ${plural(more, 'more column')} (--json lists every column read)`);
  out.push('', json.diagnostics.length === 0 ? 'no diagnostics' : `diagnostics (${json.diagnostics.length})`);
  pushAll(out, json.diagnostics.map(formatDiagnostic));
  writeOut(out.join('\n'));
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    map: { type: 'string', multiple: true },
    format: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UserError(`expected one FILE, got ${positionals.length}\n\n${USAGE}`, 'usage');
  const format = values.format as RunLogFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`, 'usage');
  const file = positionals[0];
  const map = parseMapFlags(values.map ?? []);
  let table: RunTable;
  try {
    table = await readRunLogFile(file, { map, format });
  } catch (error) {
    if (!(error instanceof UserError) || !values.json) throw error;
    // Empty, binary or non-table input: still a well-formed report, with the reason as its one diagnostic.
    printJson({
      file,
      format: null,
      dialect: null,
      rows: { total: 0, used: 0, planned: 0, series: 0, summary: 0, errors: 0 },
      lossSeries: [],
      schedule: null,
      columns: [],
      roles: {},
      diagnostics: [{ severity: 'error', code: error.code, message: error.message }],
    } satisfies InspectJson);
    return EXIT.usage;
  }
  const json = inspectJson(file, table);
  if (values.json) printJson(json);
  else printHuman(json);
  const badMap = unresolvedMaps(table);
  if (badMap.length > 0) {
    for (const message of badMap) writeErr(`scaling-laws inspect: ${message}`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
