/**
 * The site works wherever it is deployed: at a host's root or under a sub-path
 * (`BASE_PATH=/sub`). `npm run test:e2e:subpath` runs this file alone against a build
 * under `/mailpace-smtp`: everything that depends on the base is proved here (every link
 * and asset in the HTML and in the hydrated pages, the workers, xterm's chunk, the search
 * index, the 404 page), and the rest of the suite, which does not, runs once at the root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE } from './site.ts';
import { openTerminal, typeLines } from './terminal-helpers.ts';

const dist = process.env.E2E_DIST ?? new URL('../dist/', import.meta.url).pathname;
const prefix = BASE === '/' ? '/' : `${BASE}/`;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

test('every root-relative link and asset in the built pages is under the base', () => {
  const outside: string[] = [];
  for (const file of htmlFiles(dist)) {
    const html = readFileSync(file, 'utf8');
    for (const [, attribute, url] of html.matchAll(/\s(href|src|action|poster|content)="(\/[^"]*)"/g)) {
      // `//host/x` is another host; `/x` must carry the base.
      if (url!.startsWith('//') || !url!.startsWith(prefix)) outside.push(`${file.slice(dist.length)}: ${attribute}="${url}"`);
    }
  }
  expect(outside).toEqual([]);
});

// The pages that load the most: islands, workers, search and xterm.
for (const path of ['./', './simulator/', './checker/', './snippets/', './lessons/', './start/quickstart/']) {
  test(`${path} requests nothing outside the base`, async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const outside: string[] = [];
    const failed: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === origin && !url.pathname.startsWith(prefix)) outside.push(url.pathname);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(path, { waitUntil: 'networkidle' });
    expect(outside).toEqual([]);
    expect(failed).toEqual([]);
  });
}

/** Links the islands drew after the page loaded (lesson cards, recaps, the inspector) are under the base too. */
for (const path of ['./lessons/', './lessons/first-send/', './simulator/', './checker/']) {
  test(`${path} once its islands ran links only under the base`, async ({ page }) => {
    await page.goto(path, { waitUntil: 'networkidle' });
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.filter((href) => href.startsWith('//') || !href.startsWith(prefix))).toEqual([]);
  });
}

test('the 404 page leads back to the start of the site, under the base', async ({ page, baseURL }) => {
  const response = await page.goto('./no/such/page/');
  expect(response?.status()).toBe(404);
  await page.getByRole('link', { name: 'Back to the start' }).click();
  expect(new URL(page.url()).pathname).toBe(new URL(baseURL!).pathname);
});

test('the message checker checks in its worker under the base', async ({ page }) => {
  await page.goto('./checker/');
  await page.getByRole('textbox', { name: 'Raw message' }).fill('From: a@example.com\r\nTo: b@example.net\r\nSubject: Hi\r\n\r\nHello\r\n');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('region', { name: 'What MailPace would do' })).toContainText('Message 1: accepted.');
});

test('the terminal, its worker, xterm and the search work under the base', async ({ page }) => {
  await openTerminal(page);
  // A click loads xterm's chunk and gives it the keyboard; the worker answers through it.
  await typeLines(page, ['EHLO base.example']);
  await expect(page.locator('.smtp-xterm .xterm-screen')).toBeVisible();
  await expect(page.getByRole('log')).toContainText('S: 250-smtp.mailpace.com Nice to meet you, base.example');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await dialog.getByRole('textbox').or(dialog.getByRole('searchbox')).fill('STARTTLS');
  const hit = dialog.getByRole('link', { name: /ports and encryption/i }).first();
  // Pagefind loads its index on first use; slow on a busy machine.
  await expect(hit).toBeVisible({ timeout: 30_000 });
  expect(new URL((await hit.getAttribute('href'))!, page.url()).pathname.startsWith(prefix)).toBe(true);
});
