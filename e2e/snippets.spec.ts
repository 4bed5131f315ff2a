import { seriousViolations } from './axe.ts';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

// Distinctive and free of characters that URL-encoding would change, so a plain
// substring search finds it in URLs, headers, bodies and storage alike.
const SENTINEL = 'mpSentinel7f3a9c2e';

/** Records every URL, header set and body the browser sends, for later searching. */
function recordTraffic(context: BrowserContext): () => Promise<string[]> {
  const seen: Promise<string>[] = [];
  context.on('request', (request) => {
    seen.push(
      request
        .allHeaders()
        .then((headers) => [request.url(), JSON.stringify(headers), request.postData() ?? ''].join('\n')),
    );
  });
  return () => Promise.all(seen);
}

async function openGenerator(page: Page) {
  await page.goto('./snippets/');
  const token = page.getByLabel('API token', { exact: true });
  await expect(token).toBeVisible({ timeout: 15_000 }); // the island has hydrated (slow under load)
  return token;
}

test('the API token never leaves the page', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const traffic = recordTraffic(context);
  const urls: string[] = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));

  const token = await openGenerator(page);
  await expect(token).toHaveAttribute('type', 'password');
  await token.pressSequentially(SENTINEL);
  const toggle = page.getByRole('button', { name: 'Show token' });
  await toggle.click();
  await expect(token).toHaveAttribute('type', 'text');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(token).toHaveAttribute('type', 'password');

  const framework = page.getByLabel('Framework');
  const frameworks = await framework.locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value),
  );
  expect(frameworks).toHaveLength(20);
  const radios = page.getByRole('group', { name: 'Connection' }).getByRole('radio');
  await expect(radios).toHaveCount(4);
  const inline = page.getByLabel('Inline the token');
  const output = page.getByRole('region', { name: /snippet$/ });
  const copyButtons = output.getByRole('button', { name: 'Copy' });

  for (const id of frameworks) {
    await framework.selectOption(id);
    for (const radio of await radios.all()) {
      await radio.check();
      await expect(output).not.toContainText(SENTINEL);
    }
    // Copy every file once reading from the environment and once with the token inlined.
    for (const inlined of [false, true]) {
      await inline.setChecked(inlined);
      const copies: string[] = [];
      for (const button of await copyButtons.all()) {
        await button.click();
        copies.push(await page.evaluate(() => navigator.clipboard.readText()));
      }
      // Reading from the environment, no file holds the token; inlined, at least one does.
      expect(copies.some((c) => c.includes(SENTINEL))).toBe(inlined);
      if (inlined) await expect(output).toContainText(SENTINEL);
    }
    await inline.setChecked(false);
  }

  const sent = await traffic();
  expect(sent.length).toBeGreaterThan(0);
  for (const request of sent) expect(request).not.toContain(SENTINEL);
  for (const url of [...urls, page.url()]) expect(url).not.toContain(SENTINEL);

  const storage = await page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  );
  expect(storage).not.toContain(SENTINEL);
  expect(JSON.stringify(await context.storageState({ indexedDB: true }))).not.toContain(SENTINEL);
  expect(JSON.stringify(await context.cookies())).not.toContain(SENTINEL);
});

test('"Inline the token" puts the typed token in the snippet and the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const token = await openGenerator(page);
  await token.fill(SENTINEL);
  await page.getByLabel('Framework').selectOption({ label: 'Python (smtplib)' });
  const output = page.getByRole('region', { name: 'Python (smtplib) snippet' });
  await expect(output).toContainText("os.environ['MAILPACE_API_TOKEN']");
  await expect(output).not.toContainText(SENTINEL);

  await page.getByLabel('Inline the token').check();
  await expect(output).toContainText(`token = '${SENTINEL}'`);
  await output.getByRole('button', { name: 'Copy' }).first().click();
  await expect(output.getByRole('status').first()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(SENTINEL);
});

test('the connection choice switches between STARTTLS and TLS settings', async ({ page }) => {
  await openGenerator(page);
  await page.getByLabel('Framework').selectOption('django');
  const output = page.getByRole('region', { name: 'Django snippet' });
  await expect(output).toContainText('EMAIL_USE_TLS = True');
  await page.getByRole('radio', { name: /465/ }).check();
  await expect(output).toContainText('EMAIL_USE_SSL = True');
  await expect(output).toContainText('EMAIL_PORT = 465');
});

test('at 1280x800 the code sits beside the form, in view without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openGenerator(page);
  const form = page.getByLabel('Framework').locator('xpath=ancestor::div[contains(@class, "snippet-generator__form")]');
  const code = page.getByRole('region', { name: /snippet$/ }).getByRole('figure').first();
  await expect(code).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const [formBox, codeBox] = [await form.boundingBox(), await code.boundingBox()];
  expect(codeBox!.x).toBeGreaterThanOrEqual(formBox!.x + formBox!.width);
  expect(codeBox!.y).toBeGreaterThanOrEqual(0);
  expect(codeBox!.x + codeBox!.width).toBeLessThanOrEqual(1280);
  expect(codeBox!.y + codeBox!.height).toBeLessThanOrEqual(800);
});

test('on a phone the form and the code stack', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openGenerator(page);
  const token = page.getByLabel('API token', { exact: true });
  const code = page.getByRole('region', { name: /snippet$/ }).getByRole('figure').first();
  expect((await code.boundingBox())!.y).toBeGreaterThan((await token.boundingBox())!.y);
});

test('typing a token changes the preview, and the marked lines show where it goes', async ({ page }) => {
  const token = await openGenerator(page);
  await page.getByLabel('Framework').selectOption({ label: 'Python (smtplib)' });
  const output = page.getByRole('region', { name: 'Python (smtplib) snippet' });
  const marked = output.locator('.snippet-line--token');
  // Read from the environment: the line that reads it is marked and a note says where it goes.
  await expect(marked).toHaveText(["token = os.environ['MAILPACE_API_TOKEN']"]);
  await expect(output).toContainText('MAILPACE_API_TOKEN environment variable');
  const before = await output.textContent();
  await token.fill(SENTINEL);
  await expect(output).toContainText('The token you typed stays out of this code');
  expect(await output.textContent()).not.toBe(before);
  await expect(output).not.toContainText(SENTINEL);

  // Inlined: the token itself appears in the marked line, and follows each keystroke.
  await page.getByLabel('Inline the token').check();
  await expect(marked).toHaveText([`token = '${SENTINEL}'`]);
  await token.press('End');
  await token.pressSequentially('X');
  await expect(marked).toHaveText([`token = '${SENTINEL}X'`]);
});

test('for WordPress the note and the marked line point at wp-config.php', async ({ page }) => {
  await openGenerator(page);
  await page.getByLabel('Framework').selectOption('wordpress');
  const output = page.getByRole('region', { name: /WordPress/ });
  await expect(output.locator('.snippet-file__bar').first()).toBeVisible();
  await expect(output.getByText(/wp-config\.php/).first()).toBeVisible();
  await expect(output.locator('.snippet-line--token', { hasText: "define('MAILPACE_API_TOKEN'" })).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`/snippets/ has no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    test.setTimeout(120_000); // axe on a big page, on a busy 2-core machine
    await page.emulateMedia({ colorScheme });
    await openGenerator(page);
    await page.getByLabel('Tags (optional)').fill('welcome');
    // Starlight's own search button (site chrome, not this page) trips
    // label-content-name-mismatch on every page, so it is left out here.
    expect(await seriousViolations(page)).toEqual([]);
  });
}
