/**
 * Lessons as a newcomer meets them, with the real mouse and keyboard: every lesson is
 * followed literally (the test reads the current step's keys from the page, types each
 * line it shows and presses only the keys it names) to its end; a finished lesson
 * stays finished after a reload and can be started over; a reload mid-lesson ticks
 * the steps done before and shows the way back; a reader who types over the line
 * /plain offered is told what was missed and how to get back. axe stays clean.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { LESSONS, findLesson, type Lesson } from '../src/lessons/lessons.ts';
import { PROGRESS_KEY } from '../src/lessons/progress.ts';
import { NOTES } from '../src/terminal/notes.ts';
import { seriousViolations } from './axe.ts';
import { clickTerminal as clickScreen, promptLine, terminalInput } from './terminal-helpers.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function openLesson(page: Page, lesson: Lesson): Promise<Locator> {
  await page.goto(`./lessons/${lesson.id}/`);
  const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
  await expect(widget.getByRole('log')).toContainText('S: 220');
  return widget;
}

const stepStatus = (widget: Locator) => widget.getByRole('status').filter({ hasText: /Step \d+ of|Lesson complete/ });

/** Clicks the terminal's black area, as a person does, and waits for xterm to take over the input with the focus. */
async function clickTerminal(page: Page, widget: Locator): Promise<void> {
  await clickScreen(widget);
  await page.waitForFunction(() => typeof (document.querySelector('.smtp-xterm') as { terminalLines?: unknown } | null)?.terminalLines === 'function');
  await expect(terminalInput(widget)).toBeFocused();
}

/**
 * Does what a list of keys on the page says: types each <code>, presses each <kbd>. A key
 * pressed alone right after a helper's line (/plain, /login) sends the line the helper put
 * on the prompt, so first it waits for that offer, as a reader would: its note in the log,
 * then the line on the prompt. (The prompt alone cannot tell: while a slow reply holds the
 * screen, it still shows the line sent before, and /login's two answers are the same line.)
 */
async function followKeys(page: Page, keys: Locator): Promise<void> {
  const strokes = await keys.locator('code, kbd').evaluateAll((els) => els.map((e) => ({ tag: e.tagName, text: e.textContent ?? '' })));
  expect(strokes.length).toBeGreaterThan(0);
  const offers = page.getByRole('log').first().getByText(NOTES.onPrompt);
  let offersBefore = 0;
  for (const [i, stroke] of strokes.entries()) {
    if (stroke.tag === 'CODE') {
      await page.keyboard.type(stroke.text);
      continue;
    }
    const runsHelper = strokes[i - 1]?.tag === 'CODE' && strokes[i - 1]!.text.startsWith('/');
    if (runsHelper) offersBefore = await offers.count();
    const sendsOffer = strokes[i - 1]?.tag === 'KBD' && strokes[i - 2]?.tag === 'CODE' && strokes[i - 2]!.text.startsWith('/');
    if (sendsOffer) {
      await expect(offers).toHaveCount(offersBefore + 1);
      await expect.poll(() => promptLine(page)).toMatch(/^C: [^\s/]/);
    }
    await page.keyboard.press(stroke.text);
  }
}

/** Follows the steps from `first` (1-based) to the end of the lesson. */
async function followSteps(page: Page, widget: Locator, lesson: Lesson, first = 1): Promise<void> {
  const status = stepStatus(widget);
  for (let n = first; n <= lesson.steps.length; n++) {
    await expect(status).toContainText(`Step ${n} of ${lesson.steps.length}:`);
    await followKeys(page, widget.getByRole('list', { name: 'What to type' }));
  }
  await expect(status).toContainText('Lesson complete.');
}

const firstSend = findLesson('first-send')!;
const steps = (widget: Locator) => widget.getByRole('list', { name: 'Lesson steps' });

for (const viewport of [DESKTOP, PHONE]) {
  test.describe(`${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('finish a lesson by following its steps, see it done on the index and after a reload, start over', async ({ page }) => {
      const widget = await openLesson(page, firstSend);
      await clickTerminal(page, widget);
      await followSteps(page, widget, firstSend);
      await expect(steps(widget).getByLabel('done', { exact: true })).toHaveCount(firstSend.steps.length);
      const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
      const card = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').filter({ hasText: firstSend.title });
      await widget.getByRole('link', { name: 'Back to all lessons' }).click();
      await expect(card).toContainText(`✓ Done on ${today}`);
      await card.getByRole('link', { name: firstSend.title }).click();
      await expect(page.getByRole('region', { name: /^Lesson:/ }).first().getByRole('log')).toContainText('S: 220');
      await page.reload();
      const again = page.getByRole('region', { name: /^Lesson:/ }).first();
      const status = stepStatus(again);
      await expect(status).toContainText(`Lesson complete. You finished it on ${today}.`);
      await expect(steps(again).getByLabel('done before')).toHaveCount(firstSend.steps.length);
      await expect(again.getByRole('heading', { name: 'Recap' })).toBeVisible();

      await again.getByRole('button', { name: 'Start over' }).click();
      await expect(status).toContainText(`Step 1 of ${firstSend.steps.length}:`);
      await expect(steps(again).getByLabel(/^done/)).toHaveCount(0);
      await expect(again.getByRole('log')).toContainText('[Starting the lesson over: new session]');
      // The new session counts afresh: the first step ticks once done again.
      await clickTerminal(page, again);
      await followKeys(page, again.getByRole('list', { name: 'What to type' }));
      await expect(status).toContainText(`Step 2 of ${firstSend.steps.length}:`);
      await expect(steps(again).getByLabel('done', { exact: true })).toHaveCount(1);

      // The index reads the same record: started over, the lesson is in progress again.
      await page.goto('./lessons/');
      await expect(card).toContainText(`1 of ${firstSend.steps.length} steps done`);
    });
  });
}

test.describe('at 1280x800', () => {
  test.use({ viewport: DESKTOP });

  for (const lesson of LESSONS.filter((l) => l.id !== firstSend.id)) {
    test(`"${lesson.title}": its steps, followed literally, reach the end`, async ({ page }) => {
      const widget = await openLesson(page, lesson);
      await clickTerminal(page, widget);
      await followSteps(page, widget, lesson);
      await expect(steps(widget).getByLabel('done', { exact: true })).toHaveCount(lesson.steps.length);
      // Progress lives in this browser's storage only.
      const stored = await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY);
      expect(JSON.parse(stored ?? '{}')[lesson.id]).toBe(lesson.steps.length);
    });
  }

  test('a reload mid-lesson ticks the steps done before and shows the way back to the next one', async ({ page }) => {
    const widget = await openLesson(page, firstSend);
    await clickTerminal(page, widget);
    for (let n = 1; n <= 3; n++) {
      await expect(stepStatus(widget)).toContainText(`Step ${n} of`);
      await followKeys(page, widget.getByRole('list', { name: 'What to type' }));
    }
    await expect(stepStatus(widget)).toContainText('Step 4 of');

    await page.reload();
    const again = page.getByRole('region', { name: /^Lesson:/ }).first();
    await expect(again.getByRole('log')).toContainText('S: 220');
    await expect(steps(again).getByLabel('done before')).toHaveCount(3);
    await expect(again.getByText(/new session, so the server has forgotten them/)).toBeVisible();
    await expect(stepStatus(again)).toContainText('Step 4 of');
    const back = again.getByRole('note', { name: 'How to get back' });
    await expect(back).toContainText('This session has not said EHLO yet.');
    await clickTerminal(page, again);
    await followKeys(page, back.getByRole('list', { name: 'Keys to get back' }));
    await expect(back).toHaveCount(0);
    await followSteps(page, again, firstSend, 4);
  });

  test('typing over the line /plain offered: the lesson says what was missed and how to get back', async ({ page }) => {
    const widget = await openLesson(page, firstSend);
    await clickTerminal(page, widget);
    for (let n = 1; n <= 3; n++) {
      await expect(stepStatus(widget)).toContainText(`Step ${n} of`);
      await followKeys(page, widget.getByRole('list', { name: 'What to type' }));
    }
    await expect(stepStatus(widget)).toContainText('Step 4 of');
    // The reader of the issue: /plain, Enter, then the next command typed over the offered AUTH line.
    await page.keyboard.type('/plain');
    await page.keyboard.press('Enter');
    await expect.poll(() => promptLine(page)).toMatch(/^C: AUTH PLAIN /);
    await page.keyboard.type('MAIL FROM:<you@example.com>');
    await page.keyboard.press('Enter');
    await expect(widget.getByRole('log')).toContainText('S: 530');
    const back = widget.getByRole('note', { name: 'How to get back' });
    await expect(back).toContainText('You are not logged in yet.');
    await expect(widget.getByRole('note', { name: 'Why that reply' })).toContainText('MAIL before AUTH');
    await followKeys(page, back.getByRole('list', { name: 'Keys to get back' }));
    await expect(widget.getByRole('log')).toContainText('S: 235');
    await expect(stepStatus(widget)).toContainText('Step 5 of');
    await expect(back).toHaveCount(0);
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`a lesson page, ${colorScheme} theme`, () => {
    test.use({ colorScheme, viewport: DESKTOP });

    test('axe finds no serious or critical violations with ticks, keys and the way back showing', async ({ page }) => {
      test.setTimeout(180_000);
      const widget = await openLesson(page, firstSend);
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      await clickTerminal(page, widget);
      await followKeys(page, widget.getByRole('list', { name: 'What to type' }));
      await page.keyboard.type('MAIL FROM:<you@example.com>');
      await page.keyboard.press('Enter');
      await expect(widget.getByRole('note', { name: 'How to get back' })).toBeVisible();
      await expect(steps(widget).getByLabel('done', { exact: true })).toHaveCount(1);
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
