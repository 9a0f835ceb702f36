import * as vscode from 'vscode';
import { MAX_WHOLE_FILE_BYTES } from '../core/limits';
import { UserError } from '../core/types';

/**
 * The extension reads run logs only from regular files, through workspace.fs (so remote and virtual
 * file systems work too). A device (`/dev/zero`), a FIFO or a symlink to one would otherwise be read
 * without end or block forever.
 */

/** How a URI is named in messages: a path for local files, the URI otherwise. */
export function shownPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** A regular file, or a symlink to one (`type` is a bit mask: File | SymbolicLink). */
export function isRegularFile(type: vscode.FileType): boolean {
  return (type & ~vscode.FileType.SymbolicLink) === vscode.FileType.File;
}

/** stat that refuses anything but a regular file (after symlinks) with a UserError saying what it is. */
export async function statRegularFile(uri: vscode.Uri): Promise<vscode.FileStat> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new UserError(vscode.l10n.t('cannot find {0}', shownPath(uri)), 'no-data-file');
  }
  if (!isRegularFile(stat.type)) {
    const what = stat.type & vscode.FileType.Directory ? vscode.l10n.t('it is a folder') : vscode.l10n.t('it is not a regular file (a device, pipe or socket)');
    throw new UserError(vscode.l10n.t('cannot read {0}: {1}; only regular files are read', shownPath(uri), what), 'unreadable-input');
  }
  return stat;
}

/**
 * A regular file's bytes, read whole; refused above MAX_WHOLE_FILE_BYTES (callers stream local files
 * long before that; this bounds virtual file systems, which can only be read whole).
 */
export async function readWholeFile(uri: vscode.Uri, stat?: vscode.FileStat): Promise<Uint8Array> {
  const checked = stat ?? (await statRegularFile(uri));
  if (checked.size > MAX_WHOLE_FILE_BYTES) {
    const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
    throw new UserError(vscode.l10n.t('cannot read {0}: it is {1} MB, more than the {2} MB that can be read at once', shownPath(uri), mb(checked.size), mb(MAX_WHOLE_FILE_BYTES)), 'unreadable-input');
  }
  return vscode.workspace.fs.readFile(uri);
}
