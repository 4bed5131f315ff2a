/**
 * The inbox page's SMTP transcripts, their replay in the site's simulator, and one inbox
 * per token, in Chromium: nodemailer sends with two tokens (two domains) and the send API
 * takes a third message. The sandbox runs in this process on free loopback ports; its
 * replay links point at the site build Playwright serves (`--site`). A restart with `--out`
 * brings a message back in its inbox with its transcript.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import nodemailer from 'nodemailer';
import { createSelfSignedCertificate, type TlsMaterial } from '../sandbox/certificate.ts';
import { inboxPageRoutes } from '../sandbox/inbox-routes.ts';
import { SEND_PATH } from '../sandbox/send-api.ts';
import { simulatorPageUrl } from '../sandbox/simulator-link.ts';
import { HOST, startTestApp, TOKEN, type TestApp } from '../sandbox/test/helpers.ts';
import { SEND_API } from '../simulator/index.ts';
import { seriousViolations } from './axe.ts';

test.describe.configure({ mode: 'default', timeout: 180_000 });

const SHOP_TOKEN = 'f00dcafe-1234-4321-abcd-0123456789ab';
let certificate: TlsMaterial;
test.beforeAll(async () => {
  certificate = await createSelfSignedCertificate();
});

/** `out`: the `--out` folder, written to and reloaded from at start. */
async function startInbox(site: string, out: string | null = null): Promise<TestApp> {
  const page = await inboxPageRoutes();
  if (!page.built) throw new Error('The inbox page is not built: run `npm run build:inbox` first.');
  return startTestApp({
    certificate,
    tokens: { [TOKEN]: 'example.com', [SHOP_TOKEN]: 'shop.test' },
    out,
    inbox: { port: 0, keep: 100, password: null, routes: page.routes, simulatorUrl: simulatorPageUrl(site) },
  });
}

async function sendWithNodemailer(t: TestApp, token: string, from: string, subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: HOST, port: t.port, secure: false, requireTLS: true, auth: { user: token, pass: token }, tls: { ca: certificate.cert } });
  try {
    await transport.sendMail({ from, to: 'reader@example.net', subject, text: `Body of ${subject}.` });
  } catch (error) {
    // A rejected message is an SMTP error for the client; the inbox still records it.
    if (!(error as { responseCode?: number }).responseCode) throw error;
  } finally {
    transport.close();
  }
}

const messageList = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('listitem');

test('each inbox holds its token\'s mail; a transcript shows the session, token masked, and replays in the simulator', async ({ page, context, baseURL }) => {
  const t = await startInbox(baseURL!);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await sendWithNodemailer(t, SHOP_TOKEN, 'Shop <hello@shop.test>', 'Shop welcome');
    await sendWithNodemailer(t, TOKEN, 'App <app@not-our-domain.test>', 'Wrong sender domain');
    const api = await fetch(`${t.origin}${SEND_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SEND_API.tokenHeader]: SHOP_TOKEN },
      body: JSON.stringify({ from: 'hello@shop.test', to: 'reader@example.net', subject: 'Shop receipt', textbody: 'Thanks.' }),
    });
    expect(api.status).toBe(200);

    await page.goto(`${t.origin}/`);
    await expect(messageList(page)).toHaveCount(3);
    const inbox = page.getByRole('combobox', { name: 'Inbox' });
    await expect(inbox.getByRole('option')).toHaveText(['All inboxes', 'example.com (token …0000) · 1 message', 'shop.test (token …89ab) · 2 messages']);
    await inbox.selectOption({ label: 'shop.test (token …89ab) · 2 messages' });
    await expect(messageList(page)).toHaveCount(2);
    await expect(messageList(page).filter({ hasText: 'Wrong sender domain' })).toHaveCount(0);
    await inbox.selectOption({ label: 'example.com (token …0000) · 1 message' });
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Wrong sender domain/]);

    // The rejected message's session: what nodemailer sent and the 550 it got, the token masked.
    await messageList(page).getByRole('button').click();
    const pane = page.getByRole('main');
    const transcript = pane.getByRole('region', { name: 'SMTP transcript' });
    const lines = transcript.getByLabel('SMTP transcript of message 2');
    await expect(lines).toContainText('C: STARTTLS');
    await expect(lines).toContainText('C: AUTH PLAIN <masked>');
    await expect(lines).toContainText('C: Subject: Wrong sender domain');
    await expect(lines).toContainText(/S: 550 /);
    await expect(lines).not.toContainText(TOKEN);
    expect(await seriousViolations(page)).toEqual([]);

    // One click opens the session in the site's simulator, replayed there.
    const [simulator] = await Promise.all([context.waitForEvent('page'), transcript.getByRole('link', { name: 'Replay this session in the simulator' }).click()]);
    const log = simulator.getByRole('log');
    await expect(log).toContainText(/\[Replaying \d+ client lines from a shared link\]/);
    await expect(log).toContainText('S: 235 2.7.0 Authenticated');
    await expect(log).toContainText('C: Subject: Wrong sender domain');
    await expect(log).toContainText(/S: 550 5\.7\.1 /);
    await simulator.close();

    // A message from the send API has no SMTP session to show.
    await inbox.selectOption({ label: 'All inboxes' });
    await expect(messageList(page)).toHaveCount(3);
    await messageList(page).filter({ hasText: 'Shop receipt' }).getByRole('button').click();
    await expect(transcript).toContainText('No SMTP session: this message came in through the send API.');
    await expect(transcript.getByRole('link')).toHaveCount(0);

    // The accepted one replays accepted: the simulator's demo domain stands in for shop.test.
    await messageList(page).filter({ hasText: 'Shop welcome' }).getByRole('button').click();
    await expect(transcript.getByLabel('SMTP transcript of message 1')).toContainText('C: MAIL FROM:<hello@shop.test>');
    const [accepted] = await Promise.all([context.waitForEvent('page'), transcript.getByRole('link', { name: 'Replay this session in the simulator' }).click()]);
    await expect(accepted.getByRole('log')).toContainText('C: MAIL FROM:<hello@example.com>');
    await expect(accepted.getByRole('log')).toContainText(/S: 250 2\.0\.0 /);
    expect(errors).toEqual([]);
  } finally {
    await t.close();
  }
});

test('after a restart with --out, a message is back in its inbox with its SMTP transcript', async ({ page, baseURL }) => {
  const out = mkdtempSync(join(tmpdir(), 'inbox-out-'));
  try {
    const before = await startInbox(baseURL!, out);
    try {
      await sendWithNodemailer(before, SHOP_TOKEN, 'Shop <hello@shop.test>', 'Kept on disk');
    } finally {
      await before.close();
    }

    const after = await startInbox(baseURL!, out);
    try {
      await page.goto(`${after.origin}/`);
      await expect(messageList(page)).toHaveCount(1);
      const inbox = page.getByRole('combobox', { name: 'Inbox' });
      await expect(inbox.getByRole('option', { name: 'shop.test (token …89ab) · 1 message' })).toHaveCount(1);
      await messageList(page).getByRole('button').click();
      const lines = page.getByRole('main').getByRole('region', { name: 'SMTP transcript' }).getByLabel(/^SMTP transcript of message \d+$/);
      await expect(lines).toContainText('C: AUTH PLAIN <masked>');
      await expect(lines).toContainText('C: Subject: Kept on disk');
      await expect(lines).toContainText(/S: 250 /);
      await expect(lines).not.toContainText(SHOP_TOKEN);
    } finally {
      await after.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
