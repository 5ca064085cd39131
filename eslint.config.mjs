// Flat config: ESLint's and typescript-eslint's recommended rules (not type-aware, to keep `npm run lint` quick).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'bench-results/', 'client/dist/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (express handler arities, destructuring to omit).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain CommonJS scripts that run before any build (scripts/start.js).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web pages: ES modules with JSX, run in the browser. no-undef is off for TypeScript (tsc checks
    // globals against client/tsconfig.json's DOM library), so no list of browser globals is needed here.
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  // Layout is Prettier's job (.prettierrc.json); this turns off the rules that would argue with it.
  prettier,
);
