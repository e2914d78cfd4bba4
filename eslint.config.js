// ESLint (flat config): typescript-eslint with type information for the server (tsconfig.json: src, test, bench,
// scripts, root *.ts) and the web app (web/tsconfig.json). The project service picks the nearest tsconfig.json for
// each file. The rule set stays small on purpose: correctness rules that catch real bugs (unhandled promises above
// all), not style — Prettier owns formatting.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  console: 'readonly',
  process: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default defineConfig(
  globalIgnores([
    'dist/',
    'data/',
    // the benchmarks' datasets and the server they compile (bench/run.ts)
    'bench/.data/',
    'coverage/',
    'test-results/',
    'playwright-report/',
    'src/db/migrations/',
    'web/src/api/schema.d.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error (and, in a request, the ordering): always an error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Deliberately not enforced: they fight with the typed boundaries (JSON, drivers, Fluent UI) more than they help.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // Plain JavaScript and config files outside every tsconfig: lint without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', 'web/vite.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
);
