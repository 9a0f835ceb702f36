// Entry of the extension-host integration tests (Mode A of test/e2e/README in the project README).
// VS Code loads this bundle through `extensionTestsPath` and awaits `run()`: resolving reports exit code
// 0 to the driver, rejecting reports 1. Test files are bundled in at build time (test/e2e/buildSuite.ts
// lists test/e2e/suite/**/*.test.ts), so nothing is globbed or resolved from disk at run time.
import Mocha from 'mocha';
import { testModules } from 'e2e-test-modules';

/** The driver parses this line; keep it one JSON object on one line. */
export const RESULT_PREFIX = 'E2E-RESULT ';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: LineReporter });
  for (const { file, load } of testModules) {
    // What `mocha.loadFiles` does for each file, minus the `require(file)` from disk.
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', load(), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}

/**
 * One console line per test: the extension host's stdout does not reach the driver, its console does
 * (through `codeAutomationLog`).
 */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on('pass', (test) => {
      passed++;
      console.log(`  pass  ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      failed++;
      console.log(`  FAIL  ${test.fullTitle()}\n${indent(error.stack ?? String(error))}`);
    });
    runner.on('pending', (test) => console.log(`  skip  ${test.fullTitle()}`));
    runner.once('end', () => console.log(`${RESULT_PREFIX}${JSON.stringify({ passed, failed })}`));
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
}
