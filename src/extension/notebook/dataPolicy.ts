/**
 * Where a notebook spec's `data:` may read from — the decision only, as a pure function of strings (no
 * vscode import, so unit tests run it directly); dataSource.ts turns the answer into a URI or a prompt.
 *
 * Policy (README, "Scaling notebooks"): a notebook is a file people share, so its `data:` is untrusted.
 * - Relative paths resolve against the notebook's folder (an unsaved notebook: the first workspace folder).
 * - A path that resolves inside a workspace folder is read.
 * - Anything else — an absolute path, a `..` that climbs out, another authority (a different remote or
 *   UNC host) — is "outside": read only after the user confirms, and refused in untrusted workspaces.
 * - URIs are accepted only in the schemes files live in here: `file`, the notebook's own scheme and the
 *   workspace folders' schemes. Any other scheme (http:, command:, vscode:, data:, …) is refused.
 */
import * as path from 'node:path';

/** The parts of a URI the policy looks at (`path` decoded, as vscode.Uri holds it). */
export interface UriParts {
  scheme: string;
  authority: string;
  path: string;
}

export interface DataContext {
  notebook: UriParts;
  folders: readonly UriParts[];
  /** workspace.isTrusted */
  trusted: boolean;
  /** File paths compare ignoring case (Windows and macOS file systems). */
  caseInsensitive?: boolean;
}

export type DataLocation =
  | { kind: 'inside'; target: UriParts }
  /** Read only after the user confirms (`shown` is the resolved location to show them). */
  | { kind: 'outside'; target: UriParts; shown: string }
  | { kind: 'refused'; reason: string };

const URI_SCHEME = /^([a-z][a-z0-9+.-]+):/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
const UNC = /^\\\\[^\\]+\\/;

/** A resolved location as the user should read it: a plain path for local files, the URI otherwise. */
export function showLocation(target: UriParts): string {
  if (target.scheme === 'file' && target.authority === '') return /^\/[a-z]:\//i.test(target.path) ? target.path.slice(1) : target.path;
  return `${target.scheme}://${target.authority}${target.path}`;
}

export function resolveDataLocation(data: string, ctx: DataContext): DataLocation {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (data.trim() === '' || /[\u0000-\u001f]/.test(data)) return { kind: 'refused', reason: 'data: needs a file path' };
  const target = resolveTarget(data, ctx);
  if ('reason' in target) return { kind: 'refused', reason: target.reason };
  if (ctx.folders.some((folder) => contains(folder, target, ctx.caseInsensitive === true))) return { kind: 'inside', target };
  const shown = showLocation(target);
  if (!ctx.trusted) {
    return { kind: 'refused', reason: `data: ${shown} is outside the workspace folders; in a restricted (untrusted) workspace only files inside them are read` };
  }
  return { kind: 'outside', target, shown };
}

/** Maps where a file was to where it is now (a rename of it or of a folder above it); identity by default. */
export type Moved = (target: UriParts) => UriParts;

/**
 * The `data:` text that names, from a notebook now at `to`, the file that `data` named from the notebook
 * at `from` (an untitled notebook: relative to the first workspace folder), after `moved` (renames).
 * Undefined when `data` needs no change. A relative path stays relative (`..` as needed); it becomes
 * absolute only when no relative path exists (another scheme or authority). Absolute paths and URIs do
 * not depend on where the notebook is, so they change only when the file itself moved.
 */
export function rebasedData(data: string, from: UriParts, to: UriParts, folders: readonly UriParts[], moved: Moved = (t) => t): string | undefined {
  if (data.trim() === '') return undefined;
  const before = resolveTarget(data, { notebook: from, folders, trusted: true });
  if ('reason' in before) return undefined;
  const after = moved(before);
  if (URI_SCHEME.test(data) || WINDOWS_DRIVE.test(data) || UNC.test(data) || data.startsWith('/')) return same(before, after) ? undefined : showLocation(after);
  const now = resolveTarget(data, { notebook: to, folders, trusted: true });
  if (!('reason' in now) && same(now, after)) return undefined;
  const home = to.scheme === 'untitled' ? folders[0] : to;
  if (!home || home.scheme !== after.scheme || home.authority.toLowerCase() !== after.authority.toLowerCase()) return showLocation(after);
  const base = to.scheme === 'untitled' ? home.path : path.posix.dirname(home.path);
  return path.posix.relative(base, after.path);
}

/** Where `data` points from the notebook (a URI, an absolute path or one relative to the notebook), normalised. */
function resolveTarget(data: string, ctx: DataContext): UriParts | { reason: string } {
  const parsed = URI_SCHEME.exec(data) && !WINDOWS_DRIVE.test(data) ? parseUri(data, ctx) : resolvePath(data, ctx);
  return 'reason' in parsed ? parsed : { ...parsed, path: normalise(parsed.path) };
}

function same(a: UriParts, b: UriParts): boolean {
  return a.scheme === b.scheme && a.authority === b.authority && a.path === b.path;
}

/** `scheme://authority/path` for the schemes files live in; anything else is refused outright. */
function parseUri(data: string, ctx: DataContext): UriParts | { reason: string } {
  const scheme = URI_SCHEME.exec(data)![1].toLowerCase();
  const allowed = new Set(['file', ...[ctx.notebook, ...ctx.folders].map((u) => u.scheme.toLowerCase()).filter((s) => s !== 'untitled')]);
  if (!allowed.has(scheme)) {
    return { reason: `data: ${scheme}: URIs are not read; give a file path (relative to the notebook, or absolute) or a ${[...allowed].map((s) => `${s}:`).join(' / ')} URI` };
  }
  let rest = data.slice(scheme.length + 1);
  let authority = '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '/' : rest.slice(slash);
  }
  if (/[?#]/.test(rest)) return { reason: `data: ${data} has a query or fragment; a data URI names a file only` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return { reason: `data: ${data} is not a valid URI (bad %-escape)` };
  }
  if (!decoded.startsWith('/')) return { reason: `data: ${data} has no absolute path` };
  return { scheme, authority: scheme === 'file' && authority.toLowerCase() === 'localhost' ? '' : authority, path: decoded };
}

/** A path: absolute on the notebook's own file system, or relative to the notebook's folder. */
function resolvePath(data: string, ctx: DataContext): UriParts | { reason: string } {
  const saved = ctx.notebook.scheme !== 'untitled';
  const home: UriParts | undefined = saved ? ctx.notebook : ctx.folders[0];
  if (WINDOWS_DRIVE.test(data)) return { scheme: 'file', authority: '', path: `/${data.replace(/\\/g, '/')}` };
  if (UNC.test(data)) {
    const [authority, ...parts] = data.slice(2).split('\\');
    return { scheme: 'file', authority, path: `/${parts.join('/')}` };
  }
  if (data.startsWith('/')) return { scheme: home?.scheme ?? 'file', authority: home?.authority ?? '', path: data };
  if (!home) return { reason: `data: ${data} is a relative path, but this notebook is not saved and no folder is open; save the notebook or write an absolute path` };
  const base = saved ? path.posix.dirname(home.path) : home.path;
  return { scheme: home.scheme, authority: home.authority, path: path.posix.join(base, data) };
}

/** `..` and `.` resolved, duplicate and trailing slashes dropped (`..` above the root stays at the root). */
function normalise(p: string): string {
  const n = path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function contains(folder: UriParts, target: UriParts, caseInsensitive: boolean): boolean {
  if (folder.scheme.toLowerCase() !== target.scheme || folder.authority.toLowerCase() !== target.authority.toLowerCase()) return false;
  const fold = (s: string) => (caseInsensitive && target.scheme === 'file' ? s.toLowerCase() : s);
  const root = fold(normalise(folder.path));
  const inner = fold(target.path);
  return inner === root || inner.startsWith(root === '/' ? '/' : `${root}/`);
}
