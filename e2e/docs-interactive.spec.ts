/**
 * The docs' interactive parts, used as a reader would: a lesson step names its keys
 * (every lesson is followed to its end in lesson-steps.spec.ts), and every "reproduce
 * it" terminal on the failures page reaches its goal.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_TOKEN } from '../simulator/index.ts';
import { plainArgument as plain } from '../src/terminal/encoding.ts';
import { typeLines } from './terminal-helpers.ts';

/** Types lines into one terminal (found inside `scope`), after a click on its screen. */
const typeInto = (page: Page, scope: Locator, lines: readonly string[]) => typeLines(page, lines, scope);

test('a lesson step says what to type and which key to press', async ({ page }) => {
  await page.goto('./lessons/first-send/');
  const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
  await expect(widget.getByRole('log')).toContainText('S: 220');
  await expect(widget.getByRole('list', { name: 'What to type' })).toHaveText('Type EHLO laptop.example.com and press Enter.');
});

const envelope = ['MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.net>', 'DATA'];
const textMessage = ['From: a@example.com', 'To: b@example.net', 'Subject: Hi', '', 'Hello', '.'];

/** For each embedded preset on the failures page: what a reader types after its opening lines. */
const PRESET_SOLUTIONS: Record<string, string[]> = {
  'Wrong API token (535)': [`AUTH PLAIN ${plain('not-my-token')}`],
  'Sending before logging in (530)': ['MAIL FROM:<a@example.com>'],
  'From domain does not match the token (550 5.7.1)': [...envelope, 'From: me@other.test', 'To: b@example.net', '', 'Hi', '.'],
  'DKIM not verified (550 5.7.1)': [...envelope, ...textMessage],
  'No active plan (550 5.7.1)': [...envelope, ...textMessage],
  'Organization disabled (550 5.7.1)': [...envelope, ...textMessage],
  'Blocked recipient (550 5.1.1)': ['RCPT TO:<blocked@example.net>'],
  'Too many To addresses (550 5.5.3)': ['.'],
  'Blocked attachment (550 5.6.1)': ['.'],
  'Sending too fast (451 4.7.0)': [...envelope, ...textMessage],
};

for (const [heading, solution] of Object.entries(PRESET_SOLUTIONS)) {
  test(`failures page: "${heading}" reproduces in its terminal`, async ({ page }) => {
    await page.goto('./errors/mailpace-failures/');
    // The terminal sits in the <details> after the section's heading.
    const section = page.getByRole('heading', { level: 2, name: heading });
    const details = page.locator('details').filter({ has: page.locator('summary') }).and(section.locator('xpath=following::details[1]'));
    await details.getByText('Reproduce it in the simulator').click();
    const widget = details.getByRole('region').first();
    const goal = widget.locator('p', { hasText: /^Goal:/ });
    await expect(widget.getByRole('log')).toContainText('S: 220');
    await expect(goal).toContainText('Not reached yet.');
    await typeInto(page, widget, solution);
    await expect(goal).toContainText('Reached ✓');
  });
}

test('the quickstart embeds a working terminal', async ({ page }) => {
  await page.goto('./start/quickstart/');
  const widget = page.getByRole('region', { name: 'Send your first message' });
  // The first screen is server-rendered and the island replaces it when it mounts; scroll to
  // something only the mounted island has, so the scroll never holds the replaced element.
  await widget.getByRole('group', { name: 'Terminal tools' }).scrollIntoViewIfNeeded();
  await expect(widget.getByRole('log')).toContainText('S: 220 smtp.mailpace.com ESMTP Nice to meet you');
  await typeInto(page, widget, ['EHLO reader.test', 'STARTTLS', 'EHLO reader.test', `AUTH PLAIN ${plain(DEMO_TOKEN)}`]);
  await expect(widget.getByRole('log')).toContainText('S: 235 2.7.0');
});
