// What the VSIX ships and what the Marketplace shows. vsce's own file listing (the one `vsce package`
// uses) runs over a stand-in of the checkout — every file of the repository as an empty file, plus what
// a build leaves in dist/ — so .vscodeignore is checked without building. The e2e VSIX mode
// (test/e2e/vsix.ts) installs the real package.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listFiles, PackageManager } from '@vscode/vsce';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Not part of a checkout (dependencies, caches, build and test outputs, git). */
const NOT_CHECKOUT = new Set(['.git', 'node_modules', '.cache', 'dist', 'test-results', '.vscode-test']);
/** What `npm run build` / `npm run package` / the e2e harness write into dist/. */
const BUILD_OUTPUTS = ['extension', 'engine', 'fitWorker', 'cli', 'renderer', 'calculator']
  .flatMap((name) => [`dist/${name}.js`, `dist/${name}.js.map`])
  .concat(['dist/test/suite.js', 'dist/scaling-laws.vsix']);

const SHIPPED = [
  'LICENSE',
  'README.md',
  'dist/calculator.js',
  'dist/engine.js',
  'dist/extension.js',
  'dist/fitWorker.js',
  'dist/renderer.js',
  'l10n/bundle.l10n.json',
  'media/calculator.css',
  'media/icon.png',
  'media/scaling-laws.svg',
  'package.json',
  'package.nls.json',
];

function checkoutFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_CHECKOUT.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return checkoutFiles(path);
    return entry.isFile() ? [relative(ROOT, path)] : [];
  });
}

async function packagedFiles(): Promise<string[]> {
  const stage = mkdtempSync(join(tmpdir(), 'vsix-contents-'));
  try {
    for (const file of [...checkoutFiles(ROOT), ...BUILD_OUTPUTS]) {
      mkdirSync(dirname(join(stage, file)), { recursive: true });
      writeFileSync(join(stage, file), '');
    }
    for (const file of ['package.json', '.vscodeignore']) copyFileSync(join(ROOT, file), join(stage, file));
    return (await listFiles({ cwd: stage, packageManager: PackageManager.None })).map((file) => file.replaceAll('\\', '/')).sort();
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

interface Manifest {
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  keywords?: string[];
  bin?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

test('the VSIX holds the five bundles, the manifest, l10n, media and docs — no CLI, sources, maps or tests', async () => {
  const files = await packagedFiles();
  assert.deepEqual(files, SHIPPED);
});

test('the CLI bundle stays the npm bin (outside the VSIX)', () => {
  assert.equal(manifest.bin?.['scaling-laws'], 'dist/cli.js');
});

test('package.json names a 128×128 PNG icon that the VSIX ships', () => {
  assert.ok(manifest.icon, 'no icon in package.json');
  assert.ok(SHIPPED.includes(manifest.icon), `${manifest.icon} is not shipped`);
  const png = readFileSync(join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${manifest.icon} is not a PNG`);
  // IHDR: width and height, big-endian, right after the 8-byte signature and the chunk's length and type.
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.ok(png.byteLength < 20_000, `${manifest.icon} is ${png.byteLength} bytes`);
});

test('package.json has Marketplace keywords and a gallery banner', () => {
  assert.ok((manifest.keywords?.length ?? 0) >= 3 && (manifest.keywords?.length ?? 0) <= 30, `keywords: ${JSON.stringify(manifest.keywords)}`);
  assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), `banner theme ${manifest.galleryBanner?.theme}`);
});
