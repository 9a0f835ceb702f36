// Starts and stops code-server (a full VS Code build from npm) the way docs/vscode-e2e.md verified:
// bound to 127.0.0.1, no auth, telemetry/update/trust prompts off, smoke-test driver on, every state
// directory inside a throw-away session folder, and the whole process group killed at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer } from '../../scripts/install-code-server';
import type { Session } from './session';

/** Settings that keep first-run noise (welcome page, AI chat, update checks) out of the screenshots. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

export interface CodeServer {
  baseUrl: string;
  /** The authority extension paths are addressed under (`vscode-remote://<authority>/…`). */
  remoteAuthority: string;
  logFile: string;
  /** URL that opens `folder`, optionally with a smoke-test-driver payload (name/value pairs). */
  workbenchUrl(folder: string, payload?: Array<[string, string]>): string;
  /** `vscode-remote://` URI of a path on this machine, as the workbench payload expects. */
  remoteUri(path: string): string;
  /** Settles with the exit code when the server process ends (for whatever reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Probes until it returns a value (or the time is up): a wait on the state itself. */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** The workbench's own configuration, embedded in the served page. */
async function readRemoteAuthority(baseUrl: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const match = /id="vscode-workbench-web-configuration"\s+data-settings="([^"]*)"/.exec(html);
  if (!match) throw new Error('workbench configuration meta tag not found in the served page');
  const settings = JSON.parse(match[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as { remoteAuthority?: string };
  if (!settings.remoteAuthority) throw new Error('workbench configuration has no remoteAuthority');
  return settings.remoteAuthority;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    if (child.pid) process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // ESRCH: no process of the group is left.
  }
}

export async function startCodeServer(session: Session, options: { port?: number } = {}): Promise<CodeServer> {
  const { node, codeServer } = ensureCodeServer();
  const port = options.port ?? (await freePort());
  mkdirSync(join(session.userData, 'User'), { recursive: true });
  writeFileSync(join(session.userData, 'User', 'settings.json'), `${JSON.stringify(QUIET_SETTINGS, null, 2)}\n`);
  const logFile = join(session.dir, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [
    codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // The default (3 h) keeps extension hosts alive long after the browser is gone.
    '--reconnection-grace-time', '5',
    '--user-data-dir', session.userData,
    '--extensions-dir', session.extensions,
    // Without it the built workbench silently ignores the extensionTestsPath payload.
    '--vscode-option', 'enable-smoke-test-driver',
    session.workspace,
  ];
  // detached = own process group, so stop() reaches the extension hosts and watchers it forks.
  const child = spawn(node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(session.userData, 'xdg-config'),
      XDG_DATA_HOME: join(session.userData, 'xdg-data'),
    },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null | undefined;
  const exitedPromise = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    // The leader may be gone while extension hosts and watchers of its group live on: wait for all.
    signalGroup(child, 'SIGTERM');
    const gone = await poll('the code-server process group to exit', 10_000, async () => (signalGroup(child, 0) ? undefined : true)).catch(() => false);
    if (!gone) signalGroup(child, 'SIGKILL');
    log.end();
  };

  try {
    await poll(`code-server /healthz on ${baseUrl} (log: ${logFile})`, 60_000, async () => {
      if (exited !== undefined) throw new Error(`code-server exited with ${exited}; see ${logFile}`);
      const response = await fetch(`${baseUrl}/healthz`);
      return response.ok ? true : undefined;
    });
    const remoteAuthority = await readRemoteAuthority(baseUrl);
    const remoteUri = (path: string): string => `vscode-remote://${remoteAuthority}${path}`;
    return {
      baseUrl,
      remoteAuthority,
      logFile,
      remoteUri,
      exited: exitedPromise,
      workbenchUrl(folder, payload) {
        const query = new URLSearchParams({ folder });
        if (payload) query.set('payload', JSON.stringify(payload));
        return `${baseUrl}/?${query.toString()}`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
