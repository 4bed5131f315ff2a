/**
 * The plain text box on a phone, driven with the real keyboard and taps: it edits
 * the same line editor as the terminal, so Tab types the hint's command, a helper's
 * line lands selected and Enter sends it, Up recalls, pasted lines are sent as they
 * end, Shift+Enter composes a body, and Escape then Tab (or Shift+Tab) leaves the box.
 */
import { expect, test, type Locator } from '@playwright/test';
import { DEMO_TOKEN } from '../simulator/index.ts';
import { CLIENT_NAME } from '../src/terminal/examples.ts';
import { openTerminal } from './terminal-helpers.ts';

const authPlain = `AUTH PLAIN ${Buffer.from(`\0${DEMO_TOKEN}\0${DEMO_TOKEN}`).toString('base64')}`;

/** The part of the box's text that is selected. */
function selectedText(box: Locator): Promise<string> {
  return box.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd));
}

test.describe('the plain text box on a 390x844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('Tab, a helper line, history and a paste behave as in the terminal', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const log = await openTerminal(page);
    // A phone gets the plain text box (a coarse pointer); tick it where the browser did not say so.
    await page.getByRole('checkbox', { name: 'Plain text input' }).check();
    const box = page.getByRole('textbox', { name: 'SMTP command (plain text input)' });
    await expect(box).toHaveAccessibleDescription(/Escape then Tab, or Shift\+Tab, to leave the box/);
    await box.tap();
    await expect(box).toBeFocused();

    // Tab on an empty line types the hint's command; Enter sends it. Three times walks to TLS and back.
    for (const [command, reply] of [
      [`EHLO ${CLIENT_NAME}`, 'S: 250 STARTTLS'],
      ['STARTTLS', 'S: 220 2.0.0 Ready to start TLS'],
      [`EHLO ${CLIENT_NAME}`, 'S: 250 AUTH PLAIN LOGIN'],
    ] as const) {
      await page.keyboard.press('Tab');
      await expect(box).toHaveValue(command);
      await expect(box).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(log).toContainText(reply);
      await expect(box).toHaveValue('');
    }

    // /plain puts the AUTH line in the box, selected; Enter sends it as it is.
    await page.keyboard.type('/plain');
    await page.keyboard.press('Enter');
    await expect(box).toHaveValue(authPlain);
    expect(await selectedText(box)).toBe(authPlain);
    await page.keyboard.press('Enter');
    await expect(log).toContainText(`C: ${authPlain}`);
    await expect(log).toContainText('S: 235 ');
    await expect(box).toHaveValue('');

    // Up recalls the line just sent; Down goes back to the empty line.
    await page.keyboard.press('ArrowUp');
    await expect(box).toHaveValue(authPlain);
    await page.keyboard.press('ArrowDown');
    await expect(box).toHaveValue('');

    // A pasted text sends each finished line at once and keeps the unfinished one to edit.
    await page.evaluate((text) => navigator.clipboard.writeText(text), 'MAIL FROM:<hello@example.com>\nRCPT TO:<someone@example.net>\nDA');
    await page.keyboard.press('Control+V');
    await expect(log).toContainText('C: RCPT TO:<someone@example.net>');
    await expect(box).toHaveValue('DA');
    await page.keyboard.type('TA');
    await page.keyboard.press('Enter');
    await expect(log).toContainText('S: 354 ');

    // Shift+Enter composes several lines; Enter sends them all, in order.
    const body = ['From: Hello <hello@example.com>', 'To: someone@example.net', 'Subject: From a phone', '', 'Hi.', '.'];
    for (const [i, line] of body.entries()) {
      await page.keyboard.type(line);
      if (i < body.length - 1) await page.keyboard.press('Shift+Enter');
    }
    await expect(box).toHaveValue(body.join('\n'));
    await page.keyboard.press('Enter');
    await expect(log).toContainText('Accepted: queued as');
    await expect(log).toContainText('C: Subject: From a phone');
    await expect(box).toHaveValue('');

    // Tab alone stays (it completes); Escape then Tab leaves for the Send button, Shift+Tab leaves backwards.
    await page.keyboard.type('NO');
    await page.keyboard.press('Tab');
    await expect(box).toHaveValue('NOOP');
    await expect(box).toBeFocused();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Send' })).toBeFocused();
    await box.tap();
    await page.keyboard.press('Shift+Tab');
    await expect(box).not.toBeFocused();
    await expect(box).toHaveValue('NOOP');
  });
});
