// The VSIX mode: what users install, not the development build. `npm run package` makes the production
// VSIX, code-server installs it into the session's empty extensions folder (`--install-extension`, the
// same Node 24 and code-server as the other modes), and the workbench then opens without
// extensionDevelopmentPath, so the only copy of the extension it can load is the installed one. One fit
// from the explorer must end in a chart drawn by the shipped renderer (screenshots in
// test-results/screenshots/vsix/).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ensureCodeServer } from '../../scripts/install-code-server';
import type { Session } from './session';
import { REPO_ROOT } from './session';
import type { Tally } from './tally';
import { CHART, waitInAnyFrame, type UiStep } from './ui';
import { fitFromExplorer, openRunLog, workbenchReady } from './uiSteps';

export const VSIX = join(REPO_ROOT, 'dist', 'scaling-laws.vsix');

/** Runs the package script (the one definition of how the VSIX is made). */
function packageVsix(): void {
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const summary = /Packaged: .*/.exec(result.stdout)?.[0];
  console.log(`  ${summary ?? 'packaged'}`);
}

/** Every file below `dir`, relative to `root`, with forward slashes. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, root);
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
  });
}

/**
 * Packages the VSIX and installs it into `session.extensions` (before the server starts, as a user
 * installs before opening a window); checks that exactly the shipped bundles landed there.
 */
export function installVsix(session: Session, tally: Tally): void {
  packageVsix();
  const { node, codeServer } = ensureCodeServer();
  const result = spawnSync(node, [codeServer, '--install-extension', VSIX, '--extensions-dir', session.extensions, '--user-data-dir', session.userData], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: join(session.userData, 'xdg-config'), XDG_DATA_HOME: join(session.userData, 'xdg-data') },
  });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) throw new Error(`code-server --install-extension failed (exit ${result.status}): ${output}`);
  const installed = readdirSync(session.extensions).find((name) => name.startsWith('scaling-laws.scaling-laws-'));
  if (!installed) throw new Error(`nothing named scaling-laws.scaling-laws-* in ${session.extensions} after: ${output}`);
  const files = filesUnder(join(session.extensions, installed));
  const missing = ['package.json', 'dist/extension.js', 'dist/engine.js', 'dist/fitWorker.js', 'dist/renderer.js', 'dist/calculator.js'].filter((file) => !files.includes(file));
  const unwanted = files.filter((file) => /\.(ts|map)$/.test(file) || file === 'dist/cli.js');
  if (missing.length > 0 || unwanted.length > 0) {
    tally.fail(`vsix: installed files: missing ${JSON.stringify(missing)}, unwanted ${JSON.stringify(unwanted)}`);
  } else {
    tally.pass(`vsix: code-server installed ${installed} (${files.length} files, bundles only)`);
  }
  if (!existsSync(join(session.extensions, installed, 'dist', 'extension.js'))) throw new Error('the installed extension has no dist/extension.js');
}

/** The chart must come from the shipped renderer (its plot tabs beside the marks), not from a fallback. */
const shippedRendererDrawsChart: UiStep = {
  name: 'the installed renderer draws the fit chart in the notebook output',
  needs: [fitFromExplorer.name],
  async run(ctx) {
    const frame = await waitInAnyFrame(
      ctx,
      (f) => f.locator('body').filter({ has: f.locator('button[data-plot]') }).filter({ has: f.locator(CHART) }),
      2 * ctx.timeoutMs,
    );
    await frame.locator(CHART).first().scrollIntoViewIfNeeded({ timeout: ctx.timeoutMs });
  },
};

export const VSIX_STEPS: UiStep[] = [workbenchReady, openRunLog, fitFromExplorer, shippedRendererDrawsChart];
