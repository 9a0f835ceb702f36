// src/core reads bottom-up (issue 12, item 7): every folder imports only from its own layer or the layers
// below it, and no module reaches itself through its imports. An upward import or a cycle makes a change
// in a low layer (an optimiser) depend on a high one (a fit's warnings), which is how the numerics ended up
// scattered over laws/, fit/ and optimal/.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from './cli-helpers';

/** Bottom to top. `base` is the files directly in src/core plus src/shared (types, formatting, limits). */
const LAYERS = ['base', 'runlog', 'sweep', 'expr', 'solve', 'laws', 'fit', 'hparams', 'optimal', 'curve', 'plot', 'spec'] as const;

const CORE = join(ROOT, 'src', 'core');
const SHARED = join(ROOT, 'src', 'shared');

function layerOf(file: string): number {
  const fromCore = relative(CORE, file);
  if (fromCore.startsWith('..')) return relative(SHARED, file).startsWith('..') ? -1 : 0;
  const parts = fromCore.split(/[\\/]/);
  if (parts.length === 1) return 0;
  const layer = LAYERS.indexOf(parts[0] as (typeof LAYERS)[number]);
  assert.ok(layer > 0, `src/core/${parts[0]} has no layer: add it to LAYERS in this test (and to README's architecture table)`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const hit = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
  assert.ok(hit, `${relative(ROOT, from)}: cannot resolve '${specifier}'`);
  return hit;
}

interface Edge {
  target: string;
  /** `import type` / `export type` only: erased when compiled, so no load-order dependency. */
  typeOnly: boolean;
}

/** Specifiers a file imports only for types (every binding of every statement naming them is a type). */
function typeOnlySpecifiers(text: string): Set<string> {
  const source = ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest);
  const typeOnly = new Set<string>();
  const runtime = new Set<string>();
  for (const statement of source.statements) {
    if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    (statementIsTypeOnly(statement) ? typeOnly : runtime).add(specifier.text);
  }
  for (const specifier of runtime) typeOnly.delete(specifier);
  return typeOnly;
}

function statementIsTypeOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    return statement.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
  }
  const clause = statement.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** Every module each file imports (static, type-only, re-exports and dynamic `import()`), as absolute paths. */
function importGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  const pending = sourceFiles(CORE);
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const typeOnly = typeOnlySpecifiers(text);
    const edges: Edge[] = [];
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const target = resolveImport(file, ref.fileName);
      if (target) edges.push({ target, typeOnly: typeOnly.has(ref.fileName) });
    }
    graph.set(file, edges);
    for (const { target } of edges) if (!graph.has(target)) pending.push(target);
  }
  return graph;
}

const name = (file: string) => relative(ROOT, file).replaceAll('\\', '/');

test('src/core imports only from its own layer or the layers below it', () => {
  const upward: string[] = [];
  for (const [file, edges] of importGraph()) {
    const layer = layerOf(file);
    for (const { target } of edges) {
      const to = layerOf(target);
      if (to < 0 || to > layer) upward.push(`${name(file)} → ${name(target)}`);
    }
  }
  assert.deepEqual(upward, [], `layers bottom-up: ${LAYERS.join(' → ')}`);
});

// Type-only imports are left out here: they are erased when compiled, and a module that declares a row
// type and one that reads it (compare.ts ⇄ recommend.ts) may name each other's types. Layers count them.
test('src/core has no import cycles', () => {
  const graph = new Map([...importGraph()].map(([file, edges]) => [file, edges.filter((e) => !e.typeOnly).map((e) => e.target)]));
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let top: string;
    do {
      top = stack.pop()!;
      onStack.delete(top);
      component.push(name(top));
    } while (top !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
