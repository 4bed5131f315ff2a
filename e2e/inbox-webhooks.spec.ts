/**
 * The inbox page's webhook log in Chromium: a real receiver (node:http, in this
 * process) refuses the first webhook, so the sandbox turns its endpoint off and skips
 * the next event, as MailPace does; the page shows each attempt with the receiver's
 * answer and that the endpoint is off, its Turn on button turns it on again, and its
 * Replay button sends the event again, which the receiver now accepts.
 * The sandbox runs in this process with the page's own routes; no site build needed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import nodemailer from 'nodemailer';
import { createSelfSignedCertificate } from '../sandbox/certificate.ts';
import { inboxPageRoutes } from '../sandbox/inbox-routes.ts';
import { DOMAIN, HOST, TOKEN, startTestApp, type TestApp } from '../sandbox/test/helpers.ts';
import { WEBHOOKS } from '../simulator/index.ts';
import { seriousViolations } from './axe.ts';

test.describe.configure({ mode: 'default', timeout: 120_000 });

test('each webhook attempt and its answer are shown, and one can be replayed', async ({ page }) => {
  let accept = false;
  const received: { event: string; signature: string }[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ event: (JSON.parse(body) as { event: string }).event, signature: String(req.headers[WEBHOOKS.signatureHeader.toLowerCase()]) });
      if (accept) res.writeHead(200).end('thanks');
      else res.writeHead(503).end('receiver is down for maintenance');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, HOST, r));
  const url = `http://${HOST}:${(receiver.address() as AddressInfo).port}/hooks`;

  const pageRoutes = await inboxPageRoutes();
  if (!pageRoutes.built) throw new Error('The inbox page is not built: run `npm run build:inbox` first.');
  const certificate = await createSelfSignedCertificate();
  const t: TestApp = await startTestApp({ certificate, inbox: { port: 0, keep: 100, password: null, routes: pageRoutes.routes }, webhooks: { urls: [url] } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${t.origin}/`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sandbox inbox' })).toBeVisible();

    const transport = nodemailer.createTransport({ host: HOST, port: t.port, requireTLS: true, auth: { user: TOKEN, pass: TOKEN }, tls: { ca: certificate.cert } });
    await transport.sendMail({ from: `App <app@${DOMAIN}>`, to: 'ada@example.net', subject: 'Webhook me', text: 'Hello.' });
    transport.close();

    await page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Webhook me' }).getByRole('button').click();
    const log = page.getByRole('region', { name: 'Webhooks' });
    const table = log.getByRole('table');
    const queued = table.getByRole('row', { name: /email\.queued/ });
    const delivered = table.getByRole('row', { name: /email\.delivered/ });
    // Refused: the endpoint is turned off at once, and the next event is skipped.
    await expect(queued.getByRole('cell').nth(1)).toHaveText('failed');
    await expect(queued).toContainText('HTTP 503: receiver is down for maintenance');
    await expect(delivered.getByRole('cell').nth(1)).toHaveText('skipped');
    await expect(delivered).toContainText('none');
    expect(received.map((r) => r.event)).toEqual(['email.queued']);
    await expect(log).toContainText('simulated');
    // The page says the endpoint is off, and why, and can turn it on again.
    const off = log.getByRole('note');
    await expect(off).toHaveText(`The endpoint ${url} is turned off (refused: 503): its events are skipped until it is turned on again. Turn on`);

    accept = true;
    await off.getByRole('button', { name: 'Turn on' }).click();
    await expect(off).toHaveCount(0);
    expect(t.logs).toContain(`webhooks: ${url} is turned on again`);
    await queued.getByRole('button', { name: 'Replay' }).click();
    await expect(queued.getByRole('cell').nth(1)).toHaveText('delivered');
    await expect(queued.getByRole('listitem')).toHaveCount(2);
    await expect(queued.getByRole('listitem').nth(1)).toContainText(/^Replay, .*HTTP 200: thanks/);
    // The replay is the same signed body.
    expect(received.map((r) => r.event)).toEqual(['email.queued', 'email.queued']);
    expect(received[1]!.signature).toBe(received[0]!.signature);

    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await t.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});
