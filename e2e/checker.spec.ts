/**
 * The message checker, driven as a reader drives it: paste or open a message, press
 * Check, read the inspector. Bad input gets a message and the page keeps working.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { OutWriter } from '../sandbox/report.ts';
import { DEMO_TOKEN, SEND_API, SmtpSession, type MessageRecord } from '../simulator/index.ts';
import { plainArgument } from '../src/terminal/encoding.ts';
import { seriousViolations } from './axe.ts';

const MESSAGE = [
  'From: Example App <hello@example.com>',
  'To: Ada <ada@example.net>',
  'Subject: Welcome aboard',
  'Message-ID: <1@example.com>',
  'X-Mailer: Handwritten 1.0',
  'X-MailPace-Tags: welcome, onboarding',
  'X-List-Unsubscribe: <https://example.com/unsub?u=1>',
  '',
  'Hello Ada!',
  '',
].join('\n');

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function openChecker(page: Page): Promise<void> {
  await page.goto('./checker/');
  await expect(page.getByRole('heading', { level: 1, name: 'Message checker' })).toBeVisible();
  await expect(rawBox(page)).toBeVisible();
}

const rawBox = (page: Page) => page.getByRole('textbox', { name: 'Raw message' });
const domainBox = (page: Page) => page.getByRole('textbox', { name: 'Your sending domain' });
const checkButton = (page: Page) => page.getByRole('button', { name: 'Check', exact: true });
const result = (page: Page): Locator => page.getByRole('region', { name: 'What MailPace would do' });
const problem = (page: Page): Locator => page.getByRole('alert');

async function pasteAndCheck(page: Page, text: string): Promise<void> {
  await rawBox(page).fill(text);
  await checkButton(page).click();
}

/** Writes an .eml exactly as `sandbox --out` does: a session of the core receives the message, the sandbox's writer saves it. */
async function sandboxEml(): Promise<string> {
  const session = new SmtpSession({ port: 465 });
  session.start();
  const lines = [
    'EHLO laptop.example',
    `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`,
    'MAIL FROM:<hello@example.com>',
    'RCPT TO:<grace@example.org>',
    'DATA',
    'From: hello@example.com',
    'To: grace@example.org',
    'Subject: From the sandbox',
    'X-MailPace-Tags: sandbox',
    '',
    '..a line that starts with a dot',
    '.',
    'QUIT',
    '',
  ].join('\r\n');
  const output = await session.receive(lines);
  const message = output.actions.find((a): a is { type: 'message'; record: MessageRecord; raw: Uint8Array | null } => a.type === 'message');
  if (!message?.raw) throw new Error('the session recorded no message');
  const dir = await mkdtemp(join(tmpdir(), 'checker-e2e-'));
  const writer = new OutWriter(dir);
  writer.write(message.record, message.raw);
  await writer.flush();
  const eml = (await readdir(dir)).find((f) => f.endsWith('.eml'));
  if (!eml) throw new Error('the sandbox writer wrote no .eml');
  return join(dir, eml);
}

/** Drops a file on the form the way a browser does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, file: { name: string; text?: string; zeros?: number }): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ name, text, zeros }) => {
    const transfer = new DataTransfer();
    // Zeros are made in the page, so a 30 MB file never crosses from the test.
    transfer.items.add(new File([text ?? new Uint8Array(zeros ?? 0)], name, { type: 'message/rfc822' }));
    return transfer;
  }, file);
  const form = page.getByRole('form', { name: 'Message checker' });
  await form.dispatchEvent('dragover', { dataTransfer });
  await form.dispatchEvent('drop', { dataTransfer });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('a pasted message shows payload, tags, unsubscribe, dropped headers and the LF note', async ({ page }) => {
      await openChecker(page);
      await rawBox(page).fill(MESSAGE);
      await expect(domainBox(page)).toHaveValue('example.com');
      await checkButton(page).click();
      const panel = result(page);
      await expect(panel).toContainText('Message 1: accepted.');
      await expect(panel.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText(['welcome', 'onboarding']);
      await expect(panel.getByRole('definition').filter({ hasText: 'https://example.com/unsub?u=1' })).toBeVisible();
      const dropped = panel.getByRole('region', { name: 'Dropped headers' });
      await expect(dropped.getByRole('rowheader')).toHaveText(['Message-ID', 'X-Mailer']);
      await expect(panel.getByRole('list', { name: 'Input warnings' })).toContainText('9 lines with a bare LF');
      await expect(panel.getByRole('region', { name: 'curl command' })).toContainText(SEND_API.endpoint);
      await expect(page.getByRole('status')).toHaveText(/MailPace would accept/);
    });

    test('a sending domain of your own refuses a From on another domain', async ({ page }) => {
      await openChecker(page);
      await rawBox(page).fill(MESSAGE);
      await domainBox(page).fill('shop.example');
      await checkButton(page).click();
      await expect(result(page)).toContainText('Message 1: rejected.');
      await expect(result(page)).toContainText('shop.example');
      // Clearing the field follows the From header again.
      await domainBox(page).fill('');
      await rawBox(page).fill(MESSAGE.replace('Welcome aboard', 'Again'));
      await expect(domainBox(page)).toHaveValue('example.com');
    });

    test('an .eml written by the sandbox --out opens through the file input', async ({ page }) => {
      const path = await sandboxEml();
      await openChecker(page);
      await page.getByLabel('Open an .eml file').setInputFiles(path);
      const panel = result(page);
      await expect(panel).toContainText('Message 1: accepted.');
      await expect(panel).toContainText('From the sandbox');
      await expect(panel.getByRole('list', { name: 'Tags' })).toHaveText('sandbox');
      // CRLF already: no line-ending warning.
      await expect(panel.getByRole('list', { name: 'Input warnings' })).toHaveCount(0);
      await expect(page.getByText(/Using the file .*\.eml/)).toBeVisible();
      // Back to the text box.
      await page.getByRole('button', { name: 'Use the text box instead' }).click();
      await pasteAndCheck(page, MESSAGE);
      await expect(panel).toContainText('Welcome aboard');
    });

    test('a dropped file is checked', async ({ page }) => {
      await openChecker(page);
      const text = MESSAGE.replace('Welcome aboard', 'Dropped in');
      await dropFile(page, { name: 'dropped.eml', text });
      await expect(result(page)).toContainText('Dropped in');
    });

    test('bad input gets a clear message and the page keeps working', async ({ page }) => {
      await openChecker(page);

      await checkButton(page).click();
      await expect(problem(page)).toContainText('Nothing to check');

      await pasteAndCheck(page, 'Hello, could you check this for me?');
      await expect(problem(page)).toContainText('does not look like an email message');

      await pasteAndCheck(page, '{"status":"accepted","reply":"250"}');
      await expect(problem(page)).toContainText('.json record the sandbox writes');

      await page.getByLabel('Open an .eml file').setInputFiles({ name: 'photo.eml', mimeType: 'message/rfc822', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) });
      await expect(problem(page)).toContainText('This is not text');

      // Over the limit: refused from its size, before it is read.
      await dropFile(page, { name: 'huge.eml', zeros: SEND_API.maxSizeBytes + 1 });
      await expect(problem(page)).toContainText('too large');
      await expect(problem(page)).toContainText(`${SEND_API.maxSizeMB} MB`);

      await page.getByRole('button', { name: 'Use the text box instead' }).click();
      await pasteAndCheck(page, MESSAGE);
      await expect(result(page)).toContainText('Message 1: accepted.');
      await expect(problem(page)).toHaveCount(0);
    });
  });
}

test('a message just under the size limit is checked in the worker', async ({ page }) => {
  test.setTimeout(180_000); // building and parsing 29 MB on a busy 2-core machine
  await openChecker(page);
  const dataTransfer = await page.evaluateHandle((size) => {
    const head = [
      'From: hello@example.com',
      'To: ada@example.net',
      'Subject: A large report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'The report is attached.',
      '--b',
      'Content-Type: application/pdf',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      '',
    ].join('\r\n');
    const line = `${'QUFB'.repeat(19)}\r\n`;
    const transfer = new DataTransfer();
    transfer.items.add(new File([head, line.repeat(Math.floor(size / line.length)), '--b--\r\n'], 'report.eml'));
    return transfer;
  }, SEND_API.maxSizeBytes - 1024 * 1024);
  await page.getByRole('form', { name: 'Message checker' }).dispatchEvent('drop', { dataTransfer });
  const panel = result(page);
  await expect(panel).toContainText('Message 1: accepted.', { timeout: 150_000 });
  await expect(panel).toContainText('report.pdf (application/pdf)');
  await expect(panel).toContainText('shortened for display');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('axe finds no serious or critical violations, empty, refused and checked', async ({ page }) => {
      test.setTimeout(180_000); // three axe runs on a busy 2-core machine
      await openChecker(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      expect(await seriousViolations(page)).toEqual([]);
      // Only `main` changes from here on: the chrome around it was checked just now.
      const checkMain = async () => expect(await seriousViolations(page, { within: 'main' })).toEqual([]);
      await pasteAndCheck(page, 'not a message');
      await expect(problem(page)).toBeVisible();
      await domainBox(page).fill('not a domain');
      await expect(page.getByText('Type a domain name')).toBeVisible();
      await checkMain();
      await domainBox(page).fill('');
      await pasteAndCheck(page, MESSAGE);
      await expect(result(page)).toContainText('Message 1: accepted.');
      await checkMain();
    });
  });
}
