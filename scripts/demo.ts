// `npm run demo`: builds the extension, starts code-server (a real VS Code) on 127.0.0.1 with the
// extension loaded and a copy of examples/ (plus a few real logs from the shared data folder) as the
// workspace, prints the URL and serves until Ctrl-C.
//   --port N        listen on N (default: 8080, or a free port when 8080 is taken)
//   --workspace DIR open DIR itself instead of a throw-away copy of examples/
//   --smoke         start, open the URL in headless Chromium, check the extension is loaded, exit 0/1
import { spawnSync } from 'node:child_process';
import { freePort, startCodeServer } from '../test/e2e/codeServer';
import { createSession, REPO_ROOT } from '../test/e2e/session';
import { Tally } from '../test/e2e/tally';
import { runUiSteps } from '../test/e2e/ui';
import { DEMO_SMOKE_STEPS } from '../test/e2e/uiSteps';

const DEFAULT_PORT = 8080;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function choosePort(): Promise<number> {
  const asked = option('--port');
  if (asked) return Number(asked);
  const probe = await fetch(`http://127.0.0.1:${DEFAULT_PORT}/`).then(
    () => true,
    () => false,
  );
  return probe ? freePort() : DEFAULT_PORT;
}

async function main(): Promise<number> {
  const smoke = process.argv.includes('--smoke');
  if (spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) {
    console.error('build failed (node esbuild.mjs)');
    return 1;
  }
  const ownWorkspace = option('--workspace');
  const session = createSession('demo', ownWorkspace);
  const server = await startCodeServer(session, { port: await choosePort() });
  const url = server.workbenchUrl(session.workspace, [['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)]]);
  const shutdown = async (): Promise<void> => {
    await server.stop();
    session.dispose();
  };

  if (smoke) {
    const tally = new Tally();
    try {
      await runUiSteps(server, session, tally, 'demo-smoke', DEMO_SMOKE_STEPS);
    } finally {
      await shutdown();
    }
    console.log(`demo smoke: ${tally.passed} passed, ${tally.failed} failed`);
    return tally.failed === 0 && tally.passed === DEMO_SMOKE_STEPS.length ? 0 : 1;
  }

  console.log(`\nScaling Laws demo — VS Code (code-server) with the extension loaded:\n\n  ${url}\n`);
  console.log(`Workspace: ${session.workspace}${ownWorkspace ? '' : ' (a copy of examples/; removed on exit)'}`);
  console.log(`Server log: ${server.logFile}\nPress Ctrl-C to stop.`);
  const reason = await Promise.race([
    new Promise<string>((stop) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stop(signal));
    }),
    server.exited.then((code) => `code-server exited (${code})`),
  ]);
  console.log(`\nstopping (${reason})…`);
  await shutdown();
  return reason.startsWith('SIG') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
