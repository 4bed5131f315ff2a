import { defineConfig } from '@playwright/test';
import { BASE } from './e2e/site.ts';

// Debian's Chromium: Playwright cannot download its own browser on these machines.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A port of its own, so a dev server on Astro's usual 4321 does not clash with the test run.
const port = Number(process.env.E2E_PORT ?? 4391);
// A build of its own (`astro build --outDir DIR`), so parallel work does not share dist/.
const outDir = process.env.E2E_DIST ? ` --outDir ${process.env.E2E_DIST}` : '';
// Ends in a slash, so tests' relative paths (`./simulator/`) land under a sub-path build too.
const siteURL = `http://127.0.0.1:${port}${BASE === '/' ? '' : BASE}/`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  // Shared 2-core machines: typing into a terminal and axe on a long page can take tens of
  // seconds under load. Waiting longer is not retrying: a real failure still fails.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: siteURL,
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}${outDir}`,
    url: siteURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
