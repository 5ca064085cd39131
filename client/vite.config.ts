// The pages' build: client/ is the root, index.html (the SPA routes by path) and embed.html (the framed
// thread, /embed/thread) are the entries, output in
// dist/client at the repository root, where server/http/pages.ts serves it from.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Vite's cache beside the repository's node_modules, not in client/ (whose files decide when to rebuild).
  cacheDir: fileURLToPath(new URL('../node_modules/.vite', import.meta.url)),
  // Vite 8 transforms TS/JSX with oxc: the automatic runtime, importing from preact (no preset plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline modulepreload polyfill or inline assets: the CSP allows scripts and styles from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        embed: fileURLToPath(new URL('embed.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
});
