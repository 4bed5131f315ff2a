/**
 * The docs site as a whole: every page the sitemap lists opens, has one h1, and
 * passes axe; light and dark themes both work; unknown addresses get the 404 page.
 * (Internal links are checked at build time by the link validator.)
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { relative, sitePathOf } from './site.ts';

const dist = process.env.E2E_DIST ?? new URL('../dist/', import.meta.url).pathname;
const sitemap = readFileSync(`${dist}/sitemap-0.xml`, 'utf8');

// axe on the biggest pages takes tens of seconds on a busy 2-core machine: give it the time.
const AXE_TEST_MS = 120_000;
// Pagefind loads its index on first use; under load that is slower than expect's 5 s default.
const SEARCH_MS = 30_000;
const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => sitePathOf(new URL(m[1]!).pathname));
/**
 * Pages axe checks whole: the splash layout and the docs layout (header, both sidebars,
 * footer). Every other page shares that chrome, so there only its own content, `main`,
 * is checked: the chrome is half of each run, and it is the same on every page. The
 * dark theme's whole page is checked below; the widget pages' specs check theirs whole.
 */
const WHOLE_PAGES = new Set(['/', '/start/quickstart/']);

test('the sitemap lists the docs pages', () => {
  expect(paths).toEqual(expect.arrayContaining(['/', '/simulator/', '/snippets/', '/errors/reference/', '/protocol/state-diagram/', ...WHOLE_PAGES]));
});

for (const path of paths) {
  test(`${path} opens and passes axe`, async ({ page }) => {
    test.setTimeout(AXE_TEST_MS);
    const response = await page.goto(relative(path));
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    // Let islands render before checking.
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page, WHOLE_PAGES.has(path) ? {} : { within: 'main' })).toEqual([]);
  });
}

test('dark theme can be chosen and passes axe', async ({ page }) => {
  test.setTimeout(AXE_TEST_MS);
  await page.goto('./start/quickstart/');
  await page.getByRole('combobox', { name: /theme/i }).first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
});

test('an unknown address shows the 404 page with a way back', async ({ page }) => {
  const response = await page.goto('./no/such/page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('No such page');
  await page.getByRole('link', { name: 'Back to the start' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('search finds the authentication page', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await dialog.getByRole('textbox').or(dialog.getByRole('searchbox')).fill('AUTH LOGIN');
  await expect(dialog.getByRole('link', { name: /authentication/i }).first()).toBeVisible({ timeout: SEARCH_MS });
});
