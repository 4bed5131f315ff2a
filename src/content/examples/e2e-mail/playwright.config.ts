// Runs signup.playwright.ts alone, in Debian's Chromium (sandbox/test/mail-in-tests-guide.test.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'signup.playwright.ts',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  reporter: 'line',
  use: { launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] } },
});
