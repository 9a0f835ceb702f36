/**
 * A sweep in the editor: its runs found on the workspace file system with the layout of `scaling-laws
 * sweep` (src/core/sweep/layout.ts), each run's log read by the parse worker like any run log, its configs
 * read as text, and the table assembled by the engine. A spec's `sweep:` writes that table to its `data`.
 */
import * as vscode from 'vscode';
import type { SweepSpec } from '../../core/spec/spec';
import type { SweepFileSystem, SweepTable } from '../../core/sweep';
import { UserError } from '../../core/types';
import type { CommandContext } from '../commands/target';
import { loadEngine } from '../engineLoader';
import { loadTable } from '../tableSource';
import { resolveDataUri } from './dataSource';

function kindOf(type: vscode.FileType): 'file' | 'dir' | 'other' {
  return type & vscode.FileType.Directory ? 'dir' : type & vscode.FileType.File ? 'file' : 'other';
}

/** The workspace file system under the layout's `/` paths (a URI's path; its scheme and authority kept). */
function workspaceFs(base: vscode.Uri): SweepFileSystem {
  const at = (path: string) => base.with({ path });
  return {
    kind: async (path) => {
      try {
        return kindOf((await vscode.workspace.fs.stat(at(path))).type);
      } catch {
        return undefined;
      }
    },
    list: async (dir) => (await vscode.workspace.fs.readDirectory(at(dir))).map(([name, type]) => ({ name, kind: kindOf(type) })),
  };
}

export interface ReadSweep {
  sweep: SweepTable;
  /** The table as the CSV a spec's `data` holds. */
  text: string;
  /** Each run's log, by run name (what the user is shown). */
  logs: Map<string, vscode.Uri>;
}

/**
 * Reads the runs at `targets` (logs or folders) and assembles them. A run's several TensorBoard event
 * files are read as its latest one here (the CLI reads them all); the others are named in its problems.
 */
export async function readSweep(ctx: CommandContext, targets: readonly vscode.Uri[], sweep: Omit<SweepSpec, 'runs'>): Promise<ReadSweep> {
  if (targets.length === 0) throw new UserError(vscode.l10n.t('Select run logs or run folders first.'), 'no-runs');
  const engine = loadEngine();
  const base = targets[0];
  const runs = await engine.findRuns(
    targets.map((t) => t.path),
    workspaceFs(base),
  );
  const logs = new Map<string, vscode.Uri>();
  const decoder = new TextDecoder();
  const inputs = [];
  for (const run of runs) {
    const log = base.with({ path: run.parts.at(-1) ?? run.log });
    logs.set(run.name, log);
    const table = await loadTable(log, ctx.runLogs, ctx.state, undefined, {});
    const configs = await Promise.all(run.configs.map(async (path) => ({ name: path.slice(path.lastIndexOf('/') + 1), text: decoder.decode(await vscode.workspace.fs.readFile(base.with({ path }))) })));
    inputs.push({ name: run.name, table, configs, n: sweep.n?.[run.name] });
  }
  const assembled = engine.assembleSweep(inputs, { take: engine.parseTake(sweep.take ?? 'final') });
  runs.forEach((run, i) => {
    if (run.parts.length > 1) assembled.runs[i].problems.push(vscode.l10n.t('{0} event files: the latest is read (the CLI reads them all)', run.parts.length));
  });
  return { sweep: assembled, text: engine.sweepTableText(assembled), logs };
}

/**
 * A spec's `sweep:` run: the runs re-read and the table written to `data` (inside the workspace only:
 * a notebook may ask to read outside, never to write there), so the cell then fits the fresh table.
 */
export async function writeSpecSweep(ctx: CommandContext, notebook: vscode.Uri, data: vscode.Uri, sweep: SweepSpec): Promise<ReadSweep> {
  if (!vscode.workspace.getWorkspaceFolder(data)) throw new UserError(vscode.l10n.t('sweep: the table {0} is written by the cell, so it must be inside the workspace', data.path), 'data-refused');
  // Each run is found as `data` is, under the same policy (outside the workspace only once allowed).
  const targets: vscode.Uri[] = [];
  for (const run of sweep.runs) targets.push(await resolveDataUri(notebook, run));
  const read = await readSweep(ctx, targets, sweep);
  if (read.sweep.rowCount === 0) throw new UserError(vscode.l10n.t('sweep: no run gave a row (each needs a loss and an N): {0}', read.sweep.excluded.map((e) => `${e.run}: ${e.reason}`).join('; ')), 'no-rows');
  await vscode.workspace.fs.writeFile(data, new TextEncoder().encode(read.text));
  return read;
}
