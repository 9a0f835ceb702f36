// Every user-facing string of the extension goes through vscode.l10n.t and is listed in
// l10n/bundle.l10n.json (the translation source), and every %key% of the manifest is in package.nls.json.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** String literals passed as the first argument of l10n.t (single-quoted, as the code base writes them). */
function l10nStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of sources('src/extension')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) {
      found.add(match[1].replace(/\\(.)/g, '$1'));
    }
  }
  return found;
}

test('l10n/bundle.l10n.json lists exactly the strings the extension translates', () => {
  const bundle = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>;
  const used = l10nStrings();
  assert.ok(used.size > 20, `only ${used.size} l10n strings found: the extraction is broken`);
  assert.deepEqual([...used].filter((s) => !(s in bundle)), [], 'strings missing from the bundle');
  assert.deepEqual(Object.keys(bundle).filter((s) => !used.has(s)), [], 'stale strings in the bundle');
});

test('every %key% in package.json is defined in package.nls.json', () => {
  const manifest = readFileSync('package.json', 'utf8');
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 10);
  assert.deepEqual(keys.filter((key) => !(key in nls)), []);
});
