/**
 * The docs' interactive parts, used as a reader would: every lesson is finished by
 * typing its solution into the terminal, and every "reproduce it" terminal on the
 * failures page reaches its goal.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_TOKEN } from '../simulator/index.ts';
import { LESSONS } from '../src/lessons/lessons.ts';
import { PROGRESS_KEY } from '../src/lessons/progress.ts';
import { plainArgument as plain } from '../src/terminal/encoding.ts';
import { typeLines } from './terminal-helpers.ts';

/** Types lines into one terminal (found inside `scope`), after a click on its screen. */
const typeInto = (page: Page, scope: Locator, lines: readonly string[]) => typeLines(page, lines, scope);

for (const lesson of LESSONS) {
  test(`lesson "${lesson.title}" can be completed by typing`, async ({ page }) => {
    await page.goto(`./lessons/${lesson.id}/`);
    const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
    const log = widget.getByRole('log');
    await expect(log).toContainText('S: 220 smtp.mailpace.com ESMTP Nice to meet you');
    const status = widget.getByRole('status').filter({ hasText: /Step|Lesson complete/ });
    await expect(status).toContainText(`Step 1 of ${lesson.steps.length}`);

    // The terminal plays the lesson's setup itself; the reader types the practice.
    await typeInto(page, widget, lesson.practice);
    await expect(status).toContainText('Lesson complete.');
    await expect(widget.getByRole('list', { name: 'Lesson steps' }).getByLabel('done')).toHaveCount(lesson.steps.length);

    // Progress lives in this browser's storage only.
    const stored = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
    expect(JSON.parse(stored ?? '{}')[lesson.id]).toBe(lesson.steps.length);
  });
}

test('a lesson hint is shown on request', async ({ page }) => {
  await page.goto('./lessons/first-send/');
  const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
  await expect(widget.getByRole('log')).toContainText('S: 220');
  await widget.getByRole('button', { name: 'Show a hint' }).click();
  await expect(widget.getByText('EHLO laptop.example.com')).toBeVisible();
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
