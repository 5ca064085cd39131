/**
 * The HTTP routes and the live layer are two entry points over the same use-cases: neither may import the
 * other (what both need lives in server/lib, server/users and the other use-case folders). Read from the
 * sources, so a new import across the line fails here rather than in review.
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
