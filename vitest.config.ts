import { defineConfig } from 'vitest/config';

// Unit and integration tests (shared, server, client database). End-to-end tests run under Playwright (e2e/).
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
