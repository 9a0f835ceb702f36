// For developers with internet access only: VS Code's own test tooling (@vscode/test-electron) downloads
// VS Code from Microsoft and runs the same extension-host suite as `npm run test:e2e` Mode A. CI cannot
// reach Microsoft's servers and uses code-server instead (README, "Testing in a real VS Code").
//   npm run build && node --import tsx .vscode-test.mjs     (headless Linux: prefix with xvfb-run -a)
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './test/e2e/buildSuite.ts';
import { createSession, REPO_ROOT } from './test/e2e/session.ts';

const session = createSession('electron');
try {
  await runTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: await buildSuite(),
    launchArgs: [session.workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${session.userData}`],
  });
} finally {
  session.dispose();
}
