import * as vscode from 'vscode';
import { MAX_WHOLE_FILE_BYTES } from '../core/limits';
import type { ObjectiveKind } from '../core/types';

/** Typed access to the `scalingLaws.*` settings (package.json `contributes.configuration`). */
export interface Settings {
  defaultLaw: string;
  objective: ObjectiveKind;
  bootstrap: number;
  flopsPerToken: number;
  nCounting: 'total' | 'non-embedding';
  codeLensEnabled: boolean;
  hoverEnabled: boolean;
  inlayHintsEnabled: boolean;
  diagnosticsEnabled: boolean;
  largeFileBytes: number;
  /** Follow fitted run logs as they grow (live/liveRunLogs.ts). */
  liveEnabled: boolean;
  /** At most one live refit per file per this many milliseconds. */
  liveRefitIntervalMs: number;
}

export function settings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('scalingLaws', scope);
  return {
    defaultLaw: c.get('defaultLaw', 'chinchilla'),
    objective: c.get<ObjectiveKind>('objective', 'huber-log'),
    bootstrap: c.get('bootstrap', 0),
    flopsPerToken: c.get('flopsPerToken', 6),
    nCounting: c.get('nCounting', 'total'),
    codeLensEnabled: c.get('codeLens.enabled', true),
    hoverEnabled: c.get('hover.enabled', true),
    inlayHintsEnabled: c.get('inlayHints.enabled', true),
    diagnosticsEnabled: c.get('diagnostics.enabled', true),
    // Above the whole-read limit a local file is always streamed, whatever the setting says.
    largeFileBytes: Math.min(c.get('largeFileThresholdMB', 50) * 1024 * 1024, MAX_WHOLE_FILE_BYTES),
    liveEnabled: c.get('live.enabled', true),
    liveRefitIntervalMs: 1000 * Math.max(1, c.get('live.refitIntervalSeconds', 10)),
  };
}

/** Settings that change how a file is read: a change invalidates every parsed table. */
export const READ_SETTINGS = ['scalingLaws.flopsPerToken', 'scalingLaws.nCounting'];
