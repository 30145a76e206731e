// Lint: typescript-eslint recommended, React hooks rules, and the layer boundaries from STYLE.md.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'server/src/db/migrations/**', 'test-results/**', '.e2e-data/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // shared/ is pure: it imports nothing from client/ or server/.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/client/**', '**/server/**', 'node:*', 'rxdb', 'rxdb/*', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'] }] },
  },
  {
    // Only client/src/db and client/src/sync touch rxdb.
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: ['client/src/db/**', 'client/src/sync/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['rxdb', 'rxdb/*'] }] },
  },
  {
    // Only server/src/db opens the database.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/db/**', '**/*.test.ts', 'server/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['better-sqlite3'] }] },
  },
);
