import { seriousViolations } from './axe.ts';
import { expect, test, type Browser, type Page } from '@playwright/test';

/** The recorded session in the home page's hero. */
function replay(page: Page) {
  return page.getByRole('figure', { name: /recorded session/i });
}

test('the home page shows the SMTP settings', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: /send email over smtp/i })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /host/i })).toContainText('smtp.mailpace.com');
});

test('the hero shows a session recorded from the core and links to the simulator', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  const session = replay(page);
  await expect(session).toBeVisible();
  // Lines the core produced, not typed by hand: the greeting, the login and the goodbye.
  await expect(session.getByText(/^220 smtp\.mailpace\.com/)).toBeVisible();
  await expect(session.getByText(/^235 /)).toBeVisible();
  await expect(session.getByText(/^221 /)).toBeVisible();
  await expect(session.getByText('STARTTLS', { exact: true })).toBeVisible();

  // It sits beside the hero's text, not below it.
  const tagline = page.getByText(/point any app that speaks smtp/i);
  const [text, box] = [await tagline.boundingBox(), await session.boundingBox()];
  expect(box!.x).toBeGreaterThanOrEqual(text!.x + text!.width);
  expect(box!.y).toBeLessThan(800);

  const live = session.getByRole('link', { name: 'Try it live' });
  await expect(live).toHaveAttribute('href', /\/simulator\/$/);
  await live.click();
  await expect(page).toHaveURL(/\/simulator\/$/);
});

test('the replay animates, and shows the whole session at once with reduced motion', async ({ page }) => {
  await page.goto('./');
  const running = () =>
    page.evaluate(() => document.getAnimations().filter((a) => a instanceof CSSAnimation && a.animationName.startsWith('home-replay')).length);
  expect(await running()).toBeGreaterThan(0);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  const session = replay(page);
  await expect(session.getByText(/^221 /)).toBeVisible();
  expect(await running()).toBe(0);
});

/** The URL of every script a page loads, in a fresh context so nothing comes from cache. */
async function scriptsOf(browser: Browser, path: string, baseURL: string): Promise<string[]> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') urls.push(new URL(request.url()).pathname);
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  await context.close();
  return urls;
}

test('the home page loads no terminal, and no script a plain docs page does not', async ({ browser, baseURL }) => {
  const home = await scriptsOf(browser, './', baseURL!);
  expect(home.filter((url) => /xterm|SmtpTerminal|worker|react|client/i.test(url))).toEqual([]);
  // The replay is CSS: the home page's scripts are Starlight's own, as on a page of prose.
  const prose = await scriptsOf(browser, './start/why-smtp/', baseURL!);
  expect(home.filter((url) => !prose.includes(url))).toEqual([]);
});

for (const reducedMotion of ['no-preference', 'reduce'] as const) {
  test(`the home page has no serious or critical axe violations (${reducedMotion} motion)`, async ({ page }) => {
    test.setTimeout(120_000); // axe on a busy 2-core machine
    await page.emulateMedia({ reducedMotion });
    await page.goto('./');
    // Check the finished session, as a reader sees it once the replay is done.
    await expect(replay(page).getByText(/^221 /)).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
