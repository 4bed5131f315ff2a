import { seriousViolations } from './axe.ts';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';

/** The recorded session in the home page's hero. */
function replay(page: Page) {
  return page.getByRole('figure', { name: /recorded session/i });
}

/** The hero's start button. */
function quickstart(page: Page) {
  return page.getByRole('link', { name: 'Quickstart', exact: true }).first();
}

/** The replay's running CSS animations. */
function replayAnimations(page: Page): Promise<number> {
  return page.evaluate(() => document.getAnimations().filter((a) => a instanceof CSSAnimation && a.animationName.startsWith('home-replay')).length);
}

/** Text cut short inside `scope`: each element whose content is wider than its box, by its text. */
function overflowing(scope: Locator): Promise<string[]> {
  return scope.evaluate((root) =>
    [root, ...root.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent ?? ''),
  );
}

/** The lines the core produced, not typed by hand: greeting, TLS, login, accepted message and goodbye. */
async function expectWholeSession(session: Locator): Promise<void> {
  await expect(session.getByText('220 smtp.mailpace.com ESMTP Nice to meet you', { exact: true })).toBeVisible();
  await expect(session.getByText('STARTTLS', { exact: true })).toBeVisible();
  await expect(session.getByText(/^235 /)).toBeVisible();
  await expect(session.getByText(/^250 2\.0\.0 Accepted/)).toBeVisible();
  await expect(session.getByText(/^221 /)).toBeVisible();
}

test('the home page shows the SMTP settings', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: /send email over smtp/i })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /host/i })).toContainText('smtp.mailpace.com');
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`at ${viewport.width}x${viewport.height} the first screen shows the whole session at once, nothing cut, and the start button`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('./');
    // The first frame, as painted before any motion: stop every animation at its start.
    await page.evaluate(() =>
      document.getAnimations().forEach((a) => {
        a.pause();
        a.currentTime = 0;
      }),
    );
    const session = replay(page);
    await expectWholeSession(session);

    // Long lines wrap instead of ending in "…": no text is wider than its box, and nothing
    // is wider than the page.
    expect(await overflowing(session)).toEqual([]);
    const box = (await session.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

    // The start button is on the first screen, at the top of the session, not centred against it.
    const start = (await quickstart(page).boundingBox())!;
    expect(start.y + start.height).toBeLessThanOrEqual(viewport.height);
    expect(start.y).toBeLessThan(box.y + box.height / 2);
  });
}

test('at 1280x800 the session sits beside the intro, whole on the first screen, and the start button leads to the quickstart', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  const session = replay(page);
  const tagline = page.getByText(/point any app that speaks smtp/i);
  const [text, box] = [(await tagline.boundingBox())!, (await session.boundingBox())!];
  expect(box.x).toBeGreaterThanOrEqual(text.x + text.width);
  // The intro starts level with the session, not halfway down it.
  expect(Math.abs(text.y - box.y)).toBeLessThan(box.height / 4);
  expect(box.y + box.height).toBeLessThanOrEqual(800);

  await quickstart(page).click();
  await expect(page).toHaveURL(/\/start\/quickstart\/$/);
});

test('the session moves only as an enhancement, and not at all with reduced motion', async ({ page }) => {
  await page.goto('./');
  expect(await replayAnimations(page)).toBeGreaterThan(0);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.reload();
  await expectWholeSession(replay(page));
  expect(await replayAnimations(page)).toBe(0);
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

for (const theme of ['light', 'dark'] as const) {
  test(`the home page has no serious or critical axe violations in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(120_000); // axe on a busy 2-core machine
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('./');
    await page.getByRole('combobox', { name: 'Select theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectWholeSession(replay(page));
    expect(await seriousViolations(page)).toEqual([]);
  });
}
