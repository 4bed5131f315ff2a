/**
 * The in-browser SMTP terminal, driven as a user drives it: keys into the
 * terminal, results read from the role="log" transcript and the inspector.
 */
import { seriousViolations } from './axe.ts';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_TOKEN } from '../simulator/index.ts';
import { b64, plainArgument as plain } from '../src/terminal/encoding.ts';
import { clickTerminal, openTerminal as openSimulator, terminalInput, terminalLines, transcriptLines, typeLines } from './terminal-helpers.ts';

const hello587 = ['EHLO client.test', 'STARTTLS', 'EHLO client.test'];

function message(parts: { from?: string; subject?: string; headers?: string[]; body?: string[] } = {}): string[] {
  return [
    `From: ${parts.from ?? 'Hello <hello@example.com>'}`,
    'To: someone@example.net',
    `Subject: ${parts.subject ?? 'Hello from Playwright'}`,
    ...(parts.headers ?? []),
    '',
    ...(parts.body ?? ['Hi there.']),
    '.',
  ];
}

const envelope = ['MAIL FROM:<hello@example.com>', 'RCPT TO:<someone@example.net>', 'DATA'];

function inspector(page: Page): Locator {
  return page.getByRole('region', { name: 'Message inspector' });
}

test.describe('SMTP terminal', () => {
  test('a full session on 587 with STARTTLS and AUTH PLAIN', async ({ page }) => {
    const log = await openSimulator(page);
    const bar = page.getByRole('group', { name: 'Connection' });
    await expect(bar.getByRole('combobox', { name: 'Port' })).toHaveValue('587');
    await expect(page.getByText('TLS: off')).toBeVisible();

    await typeLines(page, hello587);
    await expect(log).toContainText('[TLS handshake simulated: TLSv1.3]');
    await expect(page.getByText('TLS: on')).toBeVisible();

    await typeLines(page, [`AUTH PLAIN ${plain(DEMO_TOKEN)}`]);
    await expect(log).toContainText('S: 235 2.7.0 Authenticated: sending as example.com');
    await expect(page.getByText('Authenticated: yes (example.com)')).toBeVisible();

    await typeLines(page, [...envelope, ...message()]);
    await expect(log).toContainText(/S: 250 2\.0\.0 Accepted: queued as \S+/);
    await expect(inspector(page)).toContainText('Message 1: accepted.');
    await expect(inspector(page)).toContainText('Hello from Playwright');
    await expect(inspector(page).getByLabel('curl command')).toContainText('curl -X POST https://app.mailpace.com/api/v1/send');
    await expect(inspector(page).getByLabel('curl command')).toContainText(`MailPace-Server-Token: ${DEMO_TOKEN}`);

    await typeLines(page, ['QUIT']);
    await expect(log).toContainText('S: 221 2.0.0 Bye');
    await expect(page.getByText('Connection: disconnected')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
  });

  test('a full session on 465 (TLS from the start) with AUTH LOGIN', async ({ page }) => {
    const log = await openSimulator(page);
    await page.getByRole('combobox', { name: 'Port' }).selectOption('465');
    await expect(log).toContainText('[Switching to port 465: new session]');
    await expect(log).toContainText('TLS handshake simulated before the greeting');
    await expect(page.getByText('TLS: on')).toBeVisible();

    await typeLines(page, ['EHLO client.test']);
    await expect(log).toContainText('S: 250 AUTH PLAIN LOGIN');
    await expect(log).not.toContainText('250-STARTTLS');

    await typeLines(page, ['AUTH LOGIN']);
    await expect(log).toContainText('S: 334 VXNlcm5hbWU6');
    await expect(page.getByText(/asks for the username/)).toBeVisible();
    await typeLines(page, [b64(DEMO_TOKEN)]);
    await expect(log).toContainText('S: 334 UGFzc3dvcmQ6');
    await typeLines(page, [b64(DEMO_TOKEN)]);
    await expect(log).toContainText('S: 235 2.7.0 Authenticated');

    await typeLines(page, [...envelope, ...message()]);
    await expect(log).toContainText('Accepted: queued as');
    await expect(inspector(page)).toContainText('Message 1: accepted.');
  });

  test('tags and unsubscribe in the inspector; Message-ID dropped with its reason', async ({ page }) => {
    await openSimulator(page);
    await typeLines(page, [
      ...hello587,
      `AUTH PLAIN ${plain(DEMO_TOKEN)}`,
      ...envelope,
      ...message({
        headers: [
          'X-MailPace-Tags: welcome, onboarding',
          'X-List-Unsubscribe: <https://example.com/unsub?u=1>, <mailto:unsub@example.com>',
          'Message-ID: <abc123@client.test>',
        ],
      }),
    ]);
    const panel = inspector(page);
    await expect(panel).toContainText('Message 1: accepted.');
    const tags = panel.getByRole('list', { name: 'Tags' });
    await expect(tags.getByRole('listitem')).toHaveText(['welcome', 'onboarding']);
    await expect(panel).toContainText('<https://example.com/unsub?u=1>, <mailto:unsub@example.com>');
    const dropped = panel.getByRole('table');
    const row = dropped.getByRole('row', { name: /Message-ID/ });
    await expect(row).toContainText('<abc123@client.test>');
    await expect(row).toContainText('MailPace gives every message its own Message-ID');
  });

  test('a wrong token gets 535', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, [...hello587, `AUTH PLAIN ${plain('not-the-demo-token')}`]);
    await expect(log).toContainText('S: 535 5.7.8 Authentication failed');
    await expect(page.getByText('Authenticated: no')).toBeVisible();
  });

  test('MAIL before AUTH gets 530, and the hint says to log in', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, [...hello587, 'MAIL FROM:<hello@example.com>']);
    await expect(log).toContainText('S: 530 5.7.0 Authentication required');
    await expect(page.getByText(/Next:.*Log in with your API token/)).toBeVisible();
  });

  test('history with Up, Tab completion, and Tab on an empty line types the hint', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, ['ehlo first.test', 'NOOP']);
    await expect(log).toContainText('S: 250 2.0.0 OK');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await transcriptLines(page)).filter((l) => l === 'C: ehlo first.test').length).toBe(2);

    await page.keyboard.type('sta');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(log).toContainText('C: STARTTLS');
    await expect(log).toContainText('S: 220 2.0.0 Ready to start TLS');

    // After TLS the hint is EHLO again; Tab on the empty line types it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(log).toContainText('C: EHLO client.example.org');
    await expect(log).toContainText('S: 250 AUTH PLAIN LOGIN');

    // Two candidates: the list is shown.
    await page.keyboard.type('AU');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(log).toContainText('Completions: AUTH PLAIN  AUTH LOGIN');
  });

  test('pasting a whole message inside DATA', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const log = await openSimulator(page);
    await typeLines(page, [...hello587, `AUTH PLAIN ${plain(DEMO_TOKEN)}`, ...envelope]);
    await expect(log).toContainText('S: 354 ');
    const pasted = message({ subject: 'Pasted in one go', body: ['Line one.', 'Line two.'] }).join('\r\n') + '\r\n';
    await page.evaluate((text) => navigator.clipboard.writeText(text), pasted);
    await clickTerminal(page);
    await page.keyboard.press('ControlOrMeta+V');
    await expect(log).toContainText('Accepted: queued as');
    await expect(log).toContainText('C: Line two.');
    await expect(inspector(page)).toContainText('Pasted in one go');
    await expect(inspector(page)).toContainText('Line one.');
  });

  test('pasting several commands sends them in order', async ({ page }) => {
    const log = await openSimulator(page);
    await terminalInput(page).evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 'EHLO a.test\nNOOP\nHELP\n');
    await expect(log).toContainText('S: 214 2.0.0 Commands');
    const lines = (await transcriptLines(page)).filter((l) => l.startsWith('C: '));
    expect(lines).toEqual(['C: EHLO a.test', 'C: NOOP', 'C: HELP']);
  });

  test('a Subject and an HTML body carrying script and onerror payloads run nothing', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const log = await openSimulator(page);
    const subject = `<img src=x onerror="alert('subject');window.top.__pwned=1">`;
    await typeLines(page, [
      ...hello587,
      `AUTH PLAIN ${plain(DEMO_TOKEN)}`,
      ...envelope,
      `From: Hello <hello@example.com>`,
      'To: someone@example.net',
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Hi</p><script>alert('script');window.top.__pwned=1</script><img src=x onerror="alert('img');window.top.__pwned=1"><svg onload="alert('svg')"></svg><a href="javascript:alert('link')">link</a>`,
      '.',
    ]);
    await expect(log).toContainText('Accepted: queued as');
    const panel = inspector(page);
    // The subject is shown as text, markup and all.
    await expect(panel.getByText(subject, { exact: true })).toBeVisible();
    const frame = panel.locator('iframe');
    await expect(frame).toHaveAttribute('sandbox', '');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('<p>Hi</p>');
    expect(srcdoc).not.toMatch(/<script|onerror|onload|javascript:/i);
    await expect(page.frameLocator('iframe').getByText('Hi')).toBeVisible();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // Nothing from the message became markup in the page itself.
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
  });

  test('Ctrl+C drops the line and explains how to leave DATA', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, [...hello587, `AUTH PLAIN ${plain(DEMO_TOKEN)}`, ...envelope]);
    await expect(log).toContainText('S: 354 ');
    await page.keyboard.type('Subject: never mind');
    await page.keyboard.press('Control+C');
    await expect(log).toContainText('» Subject: never mind^C');
    await expect(log).toContainText('SMTP cannot cancel DATA');
  });

  test('helpers run in the page and are never sent', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, ['/b64 Username:', '/plain']);
    await expect(log).toContainText('VXNlcm5hbWU6');
    await expect(log).toContainText(`AUTH PLAIN ${plain(DEMO_TOKEN)}`);
    expect((await transcriptLines(page)).filter((l) => l.startsWith('C: '))).toEqual([]);
    // Without the slash it goes to the server.
    await typeLines(page, ['help']);
    await expect(log).toContainText('S: 214 2.0.0 Commands');
  });

  test('an example plays a whole session', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, ['/example first-send']);
    await expect(log).toContainText('[Playing /example first-send');
    // Any key skips the typing animation.
    await page.keyboard.press('x');
    await expect(log).toContainText('Accepted: queued as', { timeout: 15_000 });
    await expect(inspector(page)).toContainText('Message 1: accepted.');
  });

  test('a crashed worker is reported and Reconnect starts a new session', async ({ page }) => {
    const log = await openSimulator(page);
    await typeLines(page, ['/crash']);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The simulator stopped');
    await expect(alert).toContainText('crashed');
    await expect(page.getByRole('heading', { level: 1, name: 'SMTP simulator' })).toBeVisible();
    await alert.getByRole('button', { name: 'Reconnect' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(log).toContainText('[Reconnecting with a new simulator]');
    await typeLines(page, ['EHLO again.test']);
    await expect(log).toContainText('S: 250-smtp.mailpace.com Nice to meet you, again.test');
  });

  test('a worker that stops answering is given up on', async ({ page }) => {
    await openSimulator(page);
    await typeLines(page, ['/crash hang']);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('stopped answering', { timeout: 10_000 });
    await alert.getByRole('button', { name: 'Reconnect' }).click();
    await expect(page.getByText('Connection: connected')).toBeVisible();
  });

  test('the role="log" transcript matches what the terminal shows', async ({ page }) => {
    await openSimulator(page);
    await typeLines(page, [
      ...hello587,
      '/b64 hello',
      `AUTH PLAIN ${plain(DEMO_TOKEN)}`,
      ...envelope,
      ...message({ subject: 'A subject long enough to wrap '.repeat(5) }),
      'NOOP',
    ]);
    await expect(page.getByRole('log')).toContainText('S: 250 2.0.0 OK');
    const transcript = (await transcriptLines(page)).map((l) => l.trimEnd());
    // The terminal shows the same lines, then the empty prompt. xterm parses what it is
    // written on a later task, so wait for its screen to catch up.
    await expect.poll(async () => (await terminalLines(page)).map((l) => l.trimEnd())).toEqual([...transcript, 'C:']);
    expect(transcript.length).toBeGreaterThan(40);
    // Shown as text, the transcript follows the conversation: its last line is scrolled into view.
    await page.getByRole('button', { name: 'Show the transcript as text' }).click();
    await page.getByRole('log').scrollIntoViewIfNeeded();
    await expect(page.getByRole('log').locator(':scope > div').last()).toBeInViewport();
  });

  test('Escape then Tab leaves the terminal; the controls work from the keyboard', async ({ page }) => {
    await openSimulator(page);
    await clickTerminal(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(terminalInput(page)).not.toBeFocused();
    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    await disconnect.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Connection: disconnected')).toBeVisible();
    await page.getByRole('button', { name: 'Connect', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Connection: connected')).toBeVisible();
  });

  test('plain text input mode sends lines and shows replies in the transcript', async ({ page }) => {
    const log = await openSimulator(page);
    await page.getByRole('checkbox', { name: 'Plain text input' }).check();
    await expect(terminalInput(page)).toHaveCount(0);
    const box = page.getByRole('textbox', { name: 'SMTP command (plain text input)' });
    await box.fill('EHLO phone.test');
    await box.press('Enter');
    await expect(log).toContainText('S: 250-smtp.mailpace.com Nice to meet you, phone.test');
    await box.fill('NOOP\nHELP');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('S: 214 2.0.0 Commands');
  });

  test('a share link replays the client lines; other credentials need confirmation', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const log = await openSimulator(page);
    await typeLines(page, [...hello587, `AUTH PLAIN ${plain('my-real-token-1234')}`]);
    await expect(log).toContainText('S: 535 ');
    await page.getByRole('button', { name: 'Share link' }).click();
    const warning = page.getByRole('alert');
    await expect(warning).toContainText('not the demo token');
    await warning.getByRole('button', { name: 'Share with the demo token instead' }).click();
    const link = await page.getByRole('textbox', { name: /Share link/ }).inputValue();
    expect(link).toContain('/simulator/#replay=');

    const other = await context.newPage();
    await other.goto(link);
    const replayed = other.getByRole('log');
    await expect(replayed).toContainText('[Replaying 4 client lines from a shared link]');
    await expect(replayed).toContainText(`C: AUTH PLAIN ${plain(DEMO_TOKEN)}`);
    await expect(replayed).toContainText('S: 235 2.7.0 Authenticated');
    await expect(replayed).not.toContainText('my-real-token');
  });

  test('failure knobs: DKIM not verified gets 550 5.7.1 after DATA', async ({ page }) => {
    const log = await openSimulator(page);
    await page.getByRole('region', { name: 'SMTP simulator' }).getByText('Simulate a MailPace failure').click();
    await page.getByRole('checkbox', { name: /DKIM not verified/ }).check();
    await expect(log).toContainText('[Failure settings changed: new session]');
    await typeLines(page, [...hello587, `AUTH PLAIN ${plain(DEMO_TOKEN)}`, ...envelope, ...message()]);
    await expect(log).toContainText('S: 550 5.7.1 Message rejected: DKIM for example.com is not verified yet');
    await expect(inspector(page)).toContainText('Message 1: rejected.');
  });

  test('the state diagram follows the session', async ({ page }) => {
    await openSimulator(page);
    const diagram = page.getByRole('img', { name: /SMTP session states/ });
    await expect(diagram).toHaveAccessibleName(/connected state/);
    await typeLines(page, ['EHLO a.test']);
    await expect(diagram).toHaveAccessibleName(/ready state/);
    await expect(page.getByRole('list', { name: 'Session status' }).getByText('State: ready')).toBeVisible();
  });

});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('axe finds no serious or critical violations, before and after a message', async ({ page }) => {
      test.setTimeout(180_000); // axe runs on a busy 2-core machine
      await openSimulator(page);
      // The whole page first; after that only `main` changes, so only it is checked again.
      expect(await seriousViolations(page)).toEqual([]);
      const check = async () => expect(await seriousViolations(page, { within: 'main' })).toEqual([]);
      await typeLines(page, [...hello587, `AUTH PLAIN ${plain(DEMO_TOKEN)}`, ...envelope, ...message({ headers: ['X-MailPace-Tags: a, b', 'Message-ID: <a@b>'] })]);
      await expect(inspector(page)).toContainText('Message 1: accepted.');
      await page.getByRole('checkbox', { name: 'Plain text input' }).check();
      await check();
    });
  });
}

test('pages without a terminal load none of its code', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script' || response.url().endsWith('.js')) scripts.push(response.url());
  });
  await page.goto('./connecting/authentication/');
  await page.waitForLoadState('networkidle');
  expect(scripts.filter((url) => /SmtpTerminal|session\.worker|xterm/i.test(url))).toEqual([]);
  expect(await page.getByRole('log').count()).toBe(0);
});
