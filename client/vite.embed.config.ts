// embed.js, the loader host pages include: one small classic script (IIFE, no imports, no framework) at a
// fixed name, built after the pages' build into the same dist/client (it does not empty it).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  cacheDir: fileURLToPath(new URL('../node_modules/.vite', import.meta.url)),
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/client', import.meta.url)),
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('src/embed/loader.ts', import.meta.url)),
      formats: ['iife'],
      name: 'DiscussionLoader',
      fileName: () => 'embed.js',
    },
  },
});
