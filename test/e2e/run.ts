// `npm run test:e2e`: builds the extension and the test bundle, installs code-server when the cache is
// cold, then runs Mode A (mocha inside the extension host), Mode B (the UI driven like a person, with
// screenshots) and the VSIX mode (the packaged extension installed into a fresh profile, one fit to a
// chart). Prints `e2e: N passed, M failed` last and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { ensureCodeServer } from '../../scripts/install-code-server';
import { buildSuite } from './buildSuite';
import { startCodeServer } from './codeServer';
import { runExtensionHostTests } from './modeA';
import { createSession, REPO_ROOT } from './session';
import { Tally } from './tally';
import { runUiSteps } from './ui';
import { installVsix, VSIX_STEPS } from './vsix';

const modes = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const wanted = (mode: string): boolean => modes.length === 0 || modes.includes(mode);
const keep = process.argv.includes('--keep');

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.mjs failed');
  let phase = Date.now();
  ensureCodeServer();
  console.log(`code-server ready in ${seconds(phase)}`);

  const tally = new Tally();
  // One session (state + workspace copy) and one server per mode: Mode B must not see Mode A's state.
  const runMode = async (name: string, body: Parameters<typeof withServer>[1], prepare?: Parameters<typeof withServer>[2]): Promise<void> => {
    if (!wanted(name)) return;
    phase = Date.now();
    console.log(`\n== ${name} ==`);
    try {
      await withServer(name, body, prepare);
    } catch (error) {
      tally.fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    console.log(`${name} took ${seconds(phase)}`);
  };
  // Bundled inside the mode, so a test file that does not compile fails Mode A but not Mode B.
  await runMode('extension-host', async (server, session) => runExtensionHostTests(server, session, await buildSuite(), tally));
  await runMode('ui', (server, session) => runUiSteps(server, session, tally));
  // Last: packaging rebuilds dist/ in production mode, which the modes above do not expect.
  await runMode(
    'vsix',
    (server, session) => runUiSteps(server, session, tally, 'vsix', VSIX_STEPS, false),
    (session) => installVsix(session, tally),
  );

  console.log(`\ntotal ${seconds(started)}`);
  console.log(tally.summary());
  return tally.failed === 0 && tally.passed > 0 ? 0 : 1;
}

async function withServer(
  name: string,
  body: (server: Awaited<ReturnType<typeof startCodeServer>>, session: ReturnType<typeof createSession>) => Promise<void>,
  /** Runs on the fresh session before the server starts (e.g. installs an extension into it). */
  prepare?: (session: ReturnType<typeof createSession>) => void,
): Promise<void> {
  const session = createSession(name);
  let server: Awaited<ReturnType<typeof startCodeServer>>;
  try {
    prepare?.(session);
    server = await startCodeServer(session);
  } catch (error) {
    if (!keep) session.dispose();
    throw error;
  }
  try {
    await body(server, session);
  } finally {
    await server.stop();
    if (keep) console.log(`kept ${session.dir}`);
    else session.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
