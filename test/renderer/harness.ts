/**
 * A CSP-strict page for the BUILT renderer bundle (dist/renderer.js): a tiny 127.0.0.1 server, Debian's
 * Chromium driven by playwright-core (flags from docs/vscode-e2e.md), and a fake RendererContext. The
 * page's CSP has no 'unsafe-eval' and no 'unsafe-inline' styles, like a strict VS Code webview.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { FitOutput } from '../../src/shared/fitOutput';
import { maxOf } from '../../src/core/arrays';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE = join(ROOT, 'dist', 'renderer.js');
export const RESULTS = join(ROOT, 'test-results');
export const SCREENSHOTS = join(RESULTS, 'screenshots');
const NO_INTERPRETER = join(RESULTS, 'renderer-no-interpreter.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
}

function newestSource(dir: string): number {
  return Math.max(
    0,
    maxOf(readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs))),
  );
}

/**
 * The production bundle, rebuilt with the project's own build when a source is newer than it or when a
 * development build (with a source map, unminified) is in dist/.
 */
export function ensureBundle(): void {
  const newest = maxOf(['renderer', 'media', 'src/core', 'src/shared'].map((d) => newestSource(join(ROOT, d))));
  const calculator = join(ROOT, 'dist', 'calculator.js');
  const built = (bundle: string) => existsSync(bundle) && statSync(bundle).mtimeMs >= newest && !readFileSync(bundle, 'utf8').includes('sourceMappingURL=');
  const fresh = built(BUNDLE) && built(calculator);
  if (fresh) return;
  const run = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(BUNDLE)) throw new Error(`building the renderer failed:\n${run.stdout}\n${run.stderr}`);
}

/** Negative control: the same renderer with vega-interpreter stubbed out, so Vega falls back to Function(). */
export async function buildWithoutInterpreter(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'renderer', 'index.ts')],
    outfile: NO_INTERPRETER,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    plugins: [
      {
        name: 'no-interpreter',
        setup(b) {
          b.onResolve({ filter: /^vega-interpreter$/ }, () => ({ path: 'stub', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const expressionInterpreter = undefined;' }));
        },
      },
    ],
  });
}

const THEME_CSS = `
body { margin: 8px; font-family: sans-serif; }
body.vscode-light { --vscode-editor-background: #fffffe; --vscode-editor-foreground: #1f1f1f; --vscode-descriptionForeground: #717171;
  --vscode-editorWidget-border: #c8c8c8; --vscode-charts-blue: #1a85ff; --vscode-charts-orange: #d18616; --vscode-charts-red: #e51400;
  --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90; --vscode-charts-yellow: #bf8803; --vscode-font-family: sans-serif; --vscode-font-size: 13px; }
body.vscode-dark { background: #1f1f1f; --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-editorWidget-border: #454545; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-red: #f14c4c;
  --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-font-family: sans-serif; --vscode-font-size: 13px; }
body.vscode-high-contrast { background: #000; --vscode-editor-background: #000000; --vscode-editor-foreground: #ffffff; --vscode-contrastBorder: #6fc3df;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-red: #f14c4c; --vscode-charts-green: #89d185; --vscode-font-size: 13px; }
`;

/** The page: CSP meta, a nonce'd module script that imports a renderer bundle and fakes the RendererContext. */
function page(nonce: string, bundle: string, csp: boolean): string {
  const policy = `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'`;
  return `<!doctype html><html><head><meta charset="utf-8">
${csp ? `<meta http-equiv="Content-Security-Policy" content="${policy}">` : ''}
<link rel="stylesheet" href="/theme.css"></head>
<body class="vscode-light" data-vscode-theme-kind="vscode-light"><div id="out"></div>
<script nonce="${nonce}" type="module">
// tsx compiles the tests with keepNames, so functions handed to page.evaluate call esbuild's __name.
window.__name = (f) => f;
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
window.messages = [];
const listeners = [];
const ctx = {
  postMessage: (m) => window.messages.push(m),
  onDidReceiveMessage: (l) => { listeners.push(l); return { dispose() {} }; },
  workspace: { isTrusted: true }, setState() {}, getState() { return undefined; }, getRenderer: async () => undefined,
};
window.sendToRenderer = (m) => listeners.forEach((l) => l(m));
window.rendererReady = import('/${bundle}').then((m) => m.activate(ctx)).then((api) => { window.api = api; return true; });
window.dispose = (id) => new Promise((resolve) => setTimeout(() => resolve(window.api.disposeOutputItem(id)), 0));
window.renderOutput = async (id, payload, metadata) => {
  // Leave the DevTools evaluation first: CDP's Runtime.evaluate allows eval despite the CSP for
  // everything it runs synchronously (microtasks included), which would hide a bundle that needs eval.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const el = document.createElement('div'); el.id = id; document.getElementById('out').append(el);
  const item = { id, mime: 'application/vnd.scaling-laws.fit+json', metadata, json: () => payload, text: () => JSON.stringify(payload),
    data: () => new TextEncoder().encode(JSON.stringify(payload)), blob: () => new Blob([JSON.stringify(payload)]) };
  const t0 = performance.now();
  await window.api.renderOutputItem(item, el, new AbortController().signal);
  return performance.now() - t0;
};
</script></body></html>`;
}

/**
 * The calculator webview's page as VS Code serves it (src/extension/calculator/html.ts): the built
 * dist/calculator.js and media/calculator.css under a nonce CSP, with a fake acquireVsCodeApi whose
 * messages land in `window.messages`; the test sends the host's messages with window.postMessage.
 */
function calculatorPage(nonce: string, place: string): string {
  const policy = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'`;
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/calculator.css"></head>
<body class="vscode-light in-${place}" data-vscode-theme-kind="vscode-light"><main id="root"></main>
<script nonce="${nonce}">
window.__name = (f) => f;
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
window.messages = [];
let state;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.messages.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${nonce}" src="/calculator.js"></script></body></html>`;
}

export interface RendererPage {
  page: Page;
  url: string;
  close(): Promise<void>;
}

export class Harness {
  private server?: Server;
  private browser?: Browser;
  private base = '';

  async start(): Promise<void> {
    const files: Record<string, string> = {
      'renderer.js': BUNDLE,
      'renderer-no-interpreter.js': NO_INTERPRETER,
      'calculator.js': join(ROOT, 'dist', 'calculator.js'),
      'calculator.css': join(ROOT, 'media', 'calculator.css'),
    };
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const name = url.pathname.slice(1);
      if (url.pathname.startsWith('/page/')) {
        const csp = url.searchParams.get('csp') !== 'off';
        res.writeHead(200, { 'content-type': 'text/html' }).end(page(randomBytes(12).toString('base64'), url.pathname.slice(6), csp));
      } else if (url.pathname === '/calculator') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(calculatorPage(randomBytes(12).toString('base64'), url.searchParams.get('place') ?? 'view'));
      } else if (name === 'theme.css') {
        res.writeHead(200, { 'content-type': 'text/css' }).end(THEME_CSS);
      } else if (files[name] && existsSync(files[name])) {
        res.writeHead(200, { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(readFileSync(files[name]));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  /** A fresh page with the given bundle activated (`csp: false` only for the benchmark's eval peer). */
  async open(bundle = 'renderer.js', { csp = true, viewport = { width: 900, height: 760 } } = {}): Promise<Page> {
    const p = await this.browser!.newPage({ viewport });
    await p.goto(`${this.base}/page/${bundle}${csp ? '' : '?csp=off'}`);
    await p.evaluate(() => (window as unknown as { rendererReady: Promise<boolean> }).rendererReady);
    return p;
  }

  /** The calculator webview at `width` px, in the side view's or the editor panel's page. */
  async openCalculator(width: number, place: 'view' | 'panel'): Promise<Page> {
    const p = await this.browser!.newPage({ viewport: { width, height: 1400 } });
    await p.goto(`${this.base}/calculator?place=${place}`);
    return p;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise((ok) => this.server?.close(ok));
  }
}

/** Renders a payload into a new output element; resolves to the render time in ms. */
export function render(p: Page, id: string, payload: FitOutput, metadata: Record<string, unknown> = {}): Promise<number> {
  return p.evaluate(
    ([i, o, m]) => (window as unknown as { renderOutput(i: string, o: unknown, m: unknown): Promise<number> }).renderOutput(i, o, m),
    [id, payload, metadata] as const,
  );
}
