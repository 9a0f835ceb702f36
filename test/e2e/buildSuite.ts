// Bundles the extension-host tests (test/e2e/suite/index.ts + every test/e2e/suite/**/*.test.ts, mocha
// included, `vscode` external) into one CommonJS file that VS Code loads through extensionTestsPath.
import * as esbuild from 'esbuild';
import type { Plugin } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'e2e', 'suite');
export const SUITE_BUNDLE = join(root, 'dist', 'test', 'suite.js');

/** How a bundle that VS Code loads through extensionTestsPath is built (bench/hover.bench.ts builds one too). */
export const EXTENSION_TESTS_BUILD = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
} satisfies esbuild.BuildOptions;

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(path);
      return entry.name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

/** Resolves `e2e-test-modules` to a list of lazy `require`s, so each file registers under its own name. */
const testModulesPlugin: Plugin = {
  name: 'e2e-test-modules',
  setup(build) {
    build.onResolve({ filter: /^e2e-test-modules$/ }, () => ({ path: 'e2e-test-modules', namespace: 'e2e' }));
    build.onLoad({ filter: /.*/, namespace: 'e2e' }, () => {
      const entries = findTestFiles(suiteDir).map((file) => {
        const name = JSON.stringify(relative(root, file));
        return `  { file: ${name}, load: () => require(${JSON.stringify(file)}) },`;
      });
      return { contents: `export const testModules = [\n${entries.join('\n')}\n];\n`, resolveDir: suiteDir, loader: 'js' };
    });
  },
};

export async function buildSuite(): Promise<string> {
  await esbuild.build({
    entryPoints: [join(suiteDir, 'index.ts')],
    outfile: SUITE_BUNDLE,
    ...EXTENSION_TESTS_BUILD,
    // Only mocha's parallel mode resolves these worker files; the suite runs serially in one host.
    logOverride: { 'require-resolve-not-external': 'silent' },
    plugins: [testModulesPlugin],
  });
  return SUITE_BUNDLE;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSuite().then((file) => console.log(`built ${relative(root, file)}`));
}
