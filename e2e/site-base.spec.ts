/**
 * The site works wherever it is deployed: at a host's root or under a sub-path
 * (`BASE_PATH=/sub`). Run the suite with BASE_PATH set to prove the sub-path build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE } from './site.ts';

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

test('the terminal, its worker and the search work under the base', async ({ page }) => {
  await page.goto('./simulator/');
  await expect(page.getByRole('log')).toContainText('S: 220 ');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await dialog.getByRole('textbox').or(dialog.getByRole('searchbox')).fill('STARTTLS');
  const hit = dialog.getByRole('link', { name: /ports and encryption/i }).first();
  // Pagefind loads its index on first use; slow on a busy machine.
  await expect(hit).toBeVisible({ timeout: 30_000 });
  expect(new URL((await hit.getAttribute('href'))!, page.url()).pathname.startsWith(prefix)).toBe(true);
});
