// Mode A: the mocha suite runs inside the real extension host. The workbench's smoke-test driver loads
// the extension from `extensionDevelopmentPath`, runs `extensionTestsPath`'s `run()` and reports the
// result through `codeAutomationExit`; every extension-host console line arrives via `codeAutomationLog`.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import type { CodeServer } from './codeServer';
import type { Session } from './session';
import { REPO_ROOT } from './session';
import type { Tally } from './tally';

const RESULT_PREFIX = 'E2E-RESULT ';
/** Every console line of the extension host, for when a failure needs more than the test lines. */
const CONSOLE_LOG = join(REPO_ROOT, 'test-results', 'extension-host-console.log');
/** A hang never calls codeAutomationExit, so the driver keeps its own deadline. */
const TIMEOUT_MS = Number(process.env.E2E_MODE_A_TIMEOUT_MS ?? 300_000);

export async function runExtensionHostTests(server: CodeServer, session: Session, suiteBundle: string, tally: Tally): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let counts: { passed: number; failed: number } | undefined;
    let settle: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (settle = resolve));
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
    writeFileSync(CONSOLE_LOG, '');
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      appendFileSync(CONSOLE_LOG, `[${type}] ${line}\n`);
      // Test lines (and a test's own notes, indented like them) go to the terminal; the rest to the file.
      if (line.startsWith(RESULT_PREFIX)) counts = JSON.parse(line.slice(RESULT_PREFIX.length));
      else if (/^ {2}(pass|FAIL|skip) |^ {8}/.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    const url = server.workbenchUrl(session.workspace, [
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(suiteBundle)],
      ['skipWelcome', 'true'],
    ]);
    const started = Date.now();
    await page.goto(url);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
    const code = await Promise.race([exited, timeout]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 'timeout') {
      tally.fail(`extension-host tests did not finish within ${TIMEOUT_MS / 1000} s (log: ${server.logFile})`);
      return;
    }
    if (!counts) {
      // run() rejected before mocha ran (bundle failed to load, or a test file threw at import).
      tally.fail(`extension-host suite exited with ${code} without running tests (see ${CONSOLE_LOG})`);
      return;
    }
    tally.add(counts.passed, counts.failed);
    if (code !== 0 && counts.failed === 0) tally.fail(`extension-host suite exited with ${code}`);
    console.log(`mode A: ${counts.passed} passed, ${counts.failed} failed in ${seconds} s`);
  } finally {
    await browser.close();
  }
}
