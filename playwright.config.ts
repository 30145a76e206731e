import { defineConfig } from '@playwright/test';

const PORT = 3100;

// End-to-end tests in Debian's Chromium against the built app served by the real server on a fresh data dir.
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: 'ru-RU',
    timezoneId: 'Europe/Kyiv',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
    trace: 'off',
    actionTimeout: 15_000,
  },
  webServer: {
    command: 'rm -rf .e2e-data && tsx server/src/main.ts',
    env: { PORT: String(PORT), DATA_DIR: '.e2e-data' },
    url: `http://localhost:${PORT}/api/me`,
    // /api/me answers 401 until someone signs in; Playwright treats any answer below 500 as "up".
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
