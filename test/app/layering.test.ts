/**
 * The HTTP routes and the live layer are two entry points over the same use-cases: neither may import the
 * other (what both need lives in server/lib, server/users and the other use-case folders). Read from the
 * sources, so a new import across the line fails here rather than in review. The folders of server/
 * form layers too: no import cycle between them (the embedded store, a library, imports nothing of the app).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SERVER = path.resolve(__dirname, '../../server');

/** The TypeScript sources under a folder (or the file itself). */
function sourceFiles(at: string): string[] {
  if (!statSync(at).isDirectory()) return /\.tsx?$/.test(at) ? [at] : [];
  return readdirSync(at).flatMap((name) => sourceFiles(path.join(at, name)));
}

/** `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')` and `require('x')` (type-only too). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** The relative imports of a source text, resolved to absolute paths (packages are left out). */
function relativeImports(file: string, source: string): string[] {
  return [...source.matchAll(SPECIFIER)]
    .map((m) => m[1] as string)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.resolve(path.dirname(file), spec));
}

const within = (target: string, dir: string) => target === dir || target.startsWith(dir + path.sep);

/** `file → import` for every import of a file under `from` that lands under `forbidden`. */
function crossings(from: string, forbidden: string): string[] {
  return sourceFiles(from).flatMap((file) =>
    relativeImports(file, readFileSync(file, 'utf8'))
      .filter((target) => within(target, forbidden))
      .map((target) => `${path.relative(SERVER, file)} → ${path.relative(SERVER, target)}`),
  );
}

const HTTP = path.join(SERVER, 'http');
const REALTIME = path.join(SERVER, 'realtime');

describe('layering between the two entry points', () => {
  it('finds the imports it is meant to judge (the reader itself works)', () => {
    const file = path.join(REALTIME, 'handlers', 'example.ts');
    const source = [
      "import type { A } from '../../http/a';",
      "import { b } from 'express';",
      "export { c } from '../c';",
      "const d = require('../../http/d');",
      "void import('./e');",
    ].join('\n');
    expect(relativeImports(file, source)).toEqual([
      path.join(HTTP, 'a'),
      path.join(REALTIME, 'c'),
      path.join(HTTP, 'd'),
      path.join(REALTIME, 'handlers', 'e'),
    ]);
    // And the live layer's real sources do import shared pieces, so the scan below is not vacuous.
    const realtimeImports = sourceFiles(REALTIME).flatMap((f) => relativeImports(f, readFileSync(f, 'utf8')));
    expect(realtimeImports.some((target) => within(target, path.join(SERVER, 'lib')))).toBe(true);
  });

  it('the live layer imports nothing from server/http', () => {
    expect(crossings(REALTIME, HTTP)).toEqual([]);
  });

  it('the HTTP layer imports nothing from server/realtime', () => {
    expect(crossings(HTTP, REALTIME)).toEqual([]);
  });

  it('the use-cases and shared pieces import neither (only the entry points app.ts and index.ts do)', () => {
    const entryPoints = new Set([HTTP, REALTIME, path.join(SERVER, 'app.ts'), path.join(SERVER, 'index.ts')]);
    const core = readdirSync(SERVER)
      .map((name) => path.join(SERVER, name))
      .filter((full) => !entryPoints.has(full));
    expect(core.flatMap((dir) => [...crossings(dir, HTTP), ...crossings(dir, REALTIME)])).toEqual([]);
  });
});

/** The folder of server/ a file or import target is in (null for the wiring files at the top: app.ts, …). */
function folderOf(target: string): string | null {
  const parts = path.relative(SERVER, target).split(path.sep);
  return parts.length > 1 ? parts[0]! : null;
}

/** `from → to` for every import from one folder of server/ into another (files at the top left out). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SERVER)) {
    const from = folderOf(file);
    if (!from) continue;
    for (const target of relativeImports(file, readFileSync(file, 'utf8'))) {
      const to = folderOf(target);
      if (to && to !== from && within(target, SERVER)) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** Each cycle of the graph found by a depth-first walk, as `a → b → a`. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const walk = (node: string, trail: string[]) => {
    const at = trail.indexOf(node);
    if (at >= 0) return void found.push([...trail.slice(at), node].join(' → '));
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) walk(next, [...trail, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}

describe('layering between the folders of server/', () => {
  it('finds a cycle when there is one (the walk itself works)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual(['a → b → c → a']);
    expect(cycles(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });

  it('has no import cycle between two folders, however long', () => {
    const graph = folderGraph();
    // Not vacuous: the use-case folders do import each other (comments use articles and events).
    expect([...(graph.get('comments') ?? [])]).toEqual(expect.arrayContaining(['articles', 'events']));
    expect(cycles(graph)).toEqual([]);
  });

  it('the embedded store imports nothing from the app', () => {
    const store = path.join(SERVER, 'embedded-mongo');
    const outside = sourceFiles(store).flatMap((file) =>
      relativeImports(file, readFileSync(file, 'utf8')).filter((target) => !within(target, store)),
    );
    expect(outside).toEqual([]);
  });
});
