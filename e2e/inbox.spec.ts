/**
 * The sandbox's inbox page in Chromium while real clients send: nodemailer (certificate
 * trusted through `tls.ca`), swaks (`--tls-verify` with the certificate) and curl
 * (`--cacert`). The sandbox runs in this process on free loopback ports, with the
 * page's own routes (sandbox/inbox-routes.ts), so it needs no site build.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import nodemailer from 'nodemailer';
import { createSelfSignedCertificate, type TlsMaterial } from '../sandbox/certificate.ts';
import { inboxPageRoutes } from '../sandbox/inbox-routes.ts';
import { buildMessage, DOMAIN, HOST, startTestApp, TOKEN, type TestApp } from '../sandbox/test/helpers.ts';
import { requireProgram, run } from '../sandbox/test/programs.ts';
import { HEADERS, SEND_API } from '../simulator/index.ts';
import { SEND_PATH } from '../sandbox/send-api.ts';
import { seriousViolations } from './axe.ts';

// One sandbox and one browser page at a time: these tests send real mail and wait on it.
test.describe.configure({ mode: 'default', timeout: 180_000 });

let certificate: TlsMaterial;
let certFile: string;

test.beforeAll(async () => {
  requireProgram('swaks', 'swaks');
  requireProgram('curl', 'curl');
  certificate = await createSelfSignedCertificate();
  certFile = join(await mkdtemp(join(tmpdir(), 'inbox-e2e-')), 'sandbox-cert.pem');
  await writeFile(certFile, certificate.cert);
});

async function startInbox(keep = 1000): Promise<TestApp> {
  const page = await inboxPageRoutes();
  if (!page.built) throw new Error('The inbox page is not built: run `npm run build:inbox` first.');
  return startTestApp({ certificate, inbox: { port: 0, keep, password: null, routes: page.routes } });
}

interface Mail {
  from?: string;
  to?: string;
  subject: string;
  html?: string;
  headers?: Record<string, string>;
}

/** nodemailer over STARTTLS, checking the sandbox's certificate against the one we trust. */
async function sendWithNodemailer(t: TestApp, mail: Mail): Promise<void> {
  const transport = nodemailer.createTransport({
    host: HOST,
    port: t.port,
    secure: false,
    requireTLS: true,
    auth: { user: TOKEN, pass: TOKEN },
    tls: { ca: certificate.cert },
  });
  try {
    await transport.sendMail({ from: mail.from ?? `App <app@${DOMAIN}>`, to: mail.to ?? 'reader@example.net', subject: mail.subject, text: `Body of ${mail.subject}.`, html: mail.html, headers: mail.headers });
  } catch (error) {
    // A rejected message is an SMTP error for the client; the inbox still records it.
    if (!(error as { responseCode?: number }).responseCode) throw error;
  } finally {
    transport.close();
  }
}

/** swaks over TLS from the first byte, verifying the certificate. */
async function sendWithSwaks(t: TestApp, mail: Mail): Promise<void> {
  const r = await run('swaks', [
    '--server', HOST, '--port', String(t.tlsPort), '--tls-on-connect', '--tls-verify', '--tls-ca-path', certFile,
    '--auth', 'PLAIN', '--auth-user', TOKEN, '--auth-password', TOKEN,
    '--from', `app@${DOMAIN}`, '--to', mail.to ?? 'reader@example.net', '--data', '-', '--timeout', '20',
  ], { input: buildMessage({ to: mail.to, subject: mail.subject, headers: mail.headers }) });
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

/** curl over STARTTLS, verifying the certificate. */
async function sendWithCurl(t: TestApp, mail: Mail): Promise<void> {
  const file = join(await mkdtemp(join(tmpdir(), 'inbox-curl-')), 'message.eml');
  await writeFile(file, buildMessage({ to: mail.to, subject: mail.subject, headers: mail.headers }));
  const r = await run('curl', [
    '--silent', '--show-error', '--max-time', '20', `smtp://${HOST}:${t.port}`, '--ssl-reqd', '--cacert', certFile,
    '--user', `${TOKEN}:${TOKEN}`, '--mail-from', `app@${DOMAIN}`, '--mail-rcpt', mail.to ?? 'reader@example.net', '--upload-file', file,
  ]);
  expect(r.code, r.stderr).toBe(0);
}

const messageList = (page: Page) => page.getByRole('list', { name: 'Messages' }).getByRole('listitem');

/** Script errors and blocked loads (CSP) fail the test that made them. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

async function openInbox(page: Page, t: TestApp): Promise<void> {
  await page.goto(`${t.origin}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sandbox inbox' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'shown of' })).toHaveText('0 messages shown of 0 in the inbox.');
}

test('messages from real clients appear live; search and the status filter narrow the list', async ({ page }) => {
  const t = await startInbox();
  const errors = watchErrors(page);
  try {
    await openInbox(page, t);
    await Promise.all([
      sendWithNodemailer(t, { to: 'ada@example.net', subject: 'Welcome from nodemailer', headers: { [HEADERS.tags]: 'welcome, onboarding' } }),
      sendWithSwaks(t, { to: 'grace@example.net', subject: 'Invoice from swaks', headers: { [HEADERS.tags]: 'billing' } }),
      sendWithCurl(t, { to: 'linus@example.net', subject: 'Report from curl' }),
      sendWithNodemailer(t, { from: 'Spoof <app@not-our-domain.test>', to: 'ada@example.net', subject: 'Wrong sender domain' }),
    ]);
    // No reload: the live feed brought them in.
    await expect(messageList(page)).toHaveCount(4);
    await expect(page.getByRole('status').filter({ hasText: 'shown of' })).toHaveText('4 messages shown of 4 in the inbox.');

    const search = page.getByRole('searchbox', { name: 'Search' });
    const field = page.getByRole('combobox', { name: 'Search in' });
    const status = page.getByRole('combobox', { name: 'Status' });

    await field.selectOption({ label: 'Recipient' });
    await search.fill('grace@');
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Invoice from swaks/]);

    await field.selectOption({ label: 'Subject' });
    await search.fill('report from');
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Report from curl/]);

    await field.selectOption({ label: 'Tag' });
    await search.fill('onboarding');
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Welcome from nodemailer/]);

    await search.fill('');
    await status.selectOption({ label: 'Rejected only' });
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Wrong sender domain/]);
    await status.selectOption({ label: 'Accepted only' });
    await expect(messageList(page)).toHaveCount(3);
    await expect(messageList(page).filter({ hasText: 'Wrong sender domain' })).toHaveCount(0);

    // A message sent while a filter is on shows up only when it matches.
    await field.selectOption({ label: 'Recipient' });
    await search.fill('ada@');
    await sendWithNodemailer(t, { to: 'ada@example.net', subject: 'Second note for Ada' });
    await sendWithCurl(t, { to: 'bob@example.net', subject: 'Not for Ada' });
    await expect(page.getByRole('status').filter({ hasText: 'shown of' })).toHaveText('2 messages shown of 6 in the inbox.');
    await expect(messageList(page)).toHaveCount(2);
    expect(errors).toEqual([]);
  } finally {
    await t.close();
  }
});

test('a message opens in the inspector, downloads as .eml, and can be deleted, one or all', async ({ page }) => {
  const t = await startInbox();
  const errors = watchErrors(page);
  try {
    await openInbox(page, t);
    await sendWithNodemailer(t, {
      to: 'ada@example.net',
      subject: 'Inspect me',
      html: '<p>Hello <b>Ada</b></p><script>parent.document.title = "pwned"</script><img src="https://tracker.example/pixel.gif" alt="">',
      headers: { [HEADERS.tags]: 'receipts, march', [HEADERS.unsubscribeIn]: '<https://example.com/unsubscribe/42>, <mailto:leave@example.com>', 'X-Campaign-Code': 'spring-7' },
    });
    await sendWithSwaks(t, { subject: 'Another one', headers: { [HEADERS.tags]: 'plain', 'X-Campaign-Code': 'spring-8' } });
    await expect(messageList(page)).toHaveCount(2);
    const pane = page.getByRole('main');

    // axe cannot reach into the HTML preview's frame (it runs no script), so the page is
    // checked with the text-only message open: the same inspector, fields and tables.
    await messageList(page).filter({ hasText: 'Another one' }).getByRole('button').click();
    await expect(pane.getByRole('region', { name: 'Dropped headers' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await messageList(page).filter({ hasText: 'Inspect me' }).getByRole('button').click();
    await expect(pane.getByRole('heading', { name: 'Message 1', level: 2 })).toBeVisible();
    await expect(pane.getByText('Message 1: accepted.')).toBeVisible();
    // The payload MailPace would get, with tags and unsubscribe moved into their fields.
    await expect(pane.getByRole('heading', { name: 'API fields' })).toBeVisible();
    await expect(pane.getByRole('list', { name: 'Tags' }).getByRole('listitem')).toHaveText(['receipts', 'march']);
    await expect(pane.getByRole('definition').filter({ hasText: 'https://example.com/unsubscribe/42' })).toBeVisible();
    await expect(pane.getByRole('definition').filter({ hasText: 'Inspect me' })).toBeVisible();
    // Headers without a place in the API call are listed as dropped.
    const dropped = pane.getByRole('region', { name: 'Dropped headers' });
    await expect(dropped.getByRole('rowheader', { name: 'X-Campaign-Code' })).toBeVisible();
    await expect(pane.getByRole('region', { name: 'curl command' })).toContainText('"subject": "Inspect me"');
    // The HTML body: sanitized, in a frame that runs no script and loads nothing.
    const preview = pane.frameLocator('iframe[title="HTML body of message 1, sanitized"]');
    await expect(preview.getByText('Ada')).toBeVisible();
    await expect(preview.locator('script')).toHaveCount(0);
    await expect(page).toHaveTitle(/Sandbox inbox/);

    const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('link', { name: 'Download .eml' }).click()]);
    expect(download.suggestedFilename()).toBe('message-1.eml');
    const eml = await readFile((await download.path())!, 'utf8');
    expect(eml).toContain('Subject: Inspect me');
    expect(eml).toContain('X-Campaign-Code: spring-7');

    await pane.getByRole('button', { name: 'Delete this message' }).click();
    await expect(page.getByText('Message 1 deleted.')).toBeVisible();
    await expect(messageList(page)).toHaveCount(1);
    await expect(messageList(page)).toHaveText([/Another one/]);

    await page.getByRole('button', { name: 'Delete all messages' }).click();
    await expect(page.getByText('1 message deleted.')).toBeVisible();
    await expect(page.getByText('No messages match.')).toBeVisible();
    const left = (await (await fetch(`${t.origin}/api/messages`)).json()) as { total: number };
    expect(left.total).toBe(0);
    expect(errors.filter((e) => !/tracker\.example/.test(e))).toEqual([]);
  } finally {
    await t.close();
  }
});

test('the inspector says how each message came in: SMTP, or a call to the send API', async ({ page }) => {
  const t = await startInbox();
  const errors = watchErrors(page);
  try {
    await openInbox(page, t);
    await sendWithNodemailer(t, { subject: 'Over SMTP' });
    // curl is the client here, as a developer would test the API by hand.
    const body = JSON.stringify({ from: `app@${DOMAIN}`, to: 'reader@example.net', subject: 'Through the API', textbody: 'Hi.' });
    const r = await run('curl', ['--silent', '--fail-with-body', '--request', 'POST', '--header', 'Content-Type: application/json',
      '--header', `${SEND_API.tokenHeader}: ${TOKEN}`, '--data-binary', '@-', `${t.origin}${SEND_PATH}`], { input: body });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expect(messageList(page)).toHaveCount(2);
    const pane = page.getByRole('main');

    await messageList(page).filter({ hasText: 'Through the API' }).getByRole('button').click();
    await expect(pane.getByRole('heading', { name: 'The HTTPS API call' })).toBeVisible();
    await expect(pane.getByText('This message came in through the send API, as this call:')).toBeVisible();
    await expect(pane.getByText('Raw message built from the API call')).toBeVisible();
    await expect(pane.getByText(/turns the SMTP message/)).toHaveCount(0);

    await messageList(page).filter({ hasText: 'Over SMTP' }).getByRole('button').click();
    await expect(pane.getByRole('heading', { name: 'The same message through the HTTPS API' })).toBeVisible();
    await expect(pane.getByText('MailPace turns the SMTP message into this API call:')).toBeVisible();
    await expect(pane.getByText('Raw message as received')).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await t.close();
  }
});

test('with --keep 2, a third message pushes out the oldest and the page says so', async ({ page }) => {
  const t = await startInbox(2);
  try {
    await openInbox(page, t);
    await expect(page.getByRole('note')).toHaveCount(0);
    for (const subject of ['First', 'Second', 'Third']) await sendWithNodemailer(t, { subject });
    await expect(page.getByRole('note')).toContainText('keeps the last 2 messages');
    await expect(page.getByRole('note')).toContainText('1 older message was dropped');
    await expect(messageList(page)).toHaveCount(2);
    await expect(messageList(page).filter({ hasText: 'First' })).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await t.close();
  }
});
