/**
 * The lesson index as a reader uses it: pick a level with the keyboard, open a
 * lesson, finish it by typing until the recap shows, come back, see the progress,
 * reset it.
 */
import { expect, test } from '@playwright/test';
import { findLesson } from '../src/lessons/lessons.ts';
import { LESSON_CARDS } from '../src/lessons/lesson-index.ts';

const lesson = findLesson('implicit-tls')!;
const beginner = LESSON_CARDS.filter((c) => c.level === 'beginner');

test('pick a level, finish a lesson to its recap, see progress, reset it', async ({ page }) => {
  await page.goto('./lessons/');
  const list = page.getByRole('list', { name: 'Lessons' });
  await expect(list.getByRole('listitem')).toHaveCount(LESSON_CARDS.length);
  const status = page.getByRole('status').filter({ hasText: /lessons done/ });
  await expect(status).toContainText(`0 of ${LESSON_CARDS.length} lessons done`);
  // The level buttons are enabled once the island runs (before that a choice would be lost).
  await expect(page.getByRole('radio', { name: 'All levels' })).toBeEnabled();

  // Arrow keys move through a radio group and select as they go.
  await page.getByRole('radio', { name: 'All levels' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Beginner' })).toBeChecked();
  await expect(list.getByRole('listitem')).toHaveCount(beginner.length);
  await expect(status).toContainText(`0 of ${beginner.length} lessons done at beginner level`);

  await list.getByRole('link', { name: lesson.title }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/implicit-tls\/$/);

  const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
  await expect(widget.getByRole('log')).toContainText('S: 220');
  await expect(widget.getByRole('list', { name: 'Objectives' })).toContainText(lesson.objectives[0]!);
  const steps = widget.getByRole('status').filter({ hasText: /Step|Lesson complete/ });
  await expect(steps).toContainText(`Step 1 of ${lesson.steps.length}`);

  await widget.getByRole('textbox', { name: 'SMTP terminal input' }).focus();
  for (const line of lesson.practice) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    // The STARTTLS refusal is explained by name, while the lesson goes on.
    if (line === 'STARTTLS') await expect(widget.getByRole('note', { name: 'Why that reply' })).toContainText(lesson.mistakes.startTlsOnTlsPort!);
  }
  await expect(steps).toContainText('Lesson complete.');
  const recap = widget.getByRole('heading', { name: 'Recap' });
  await expect(recap).toBeVisible();
  await expect(widget.getByText(lesson.recap[0]!)).toBeVisible();

  await widget.getByRole('link', { name: 'Back to all lessons' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/lessons\/$/);
  // The level choice was remembered.
  await expect(page.getByRole('radio', { name: 'Beginner' })).toBeChecked();
  await expect(status).toContainText(`1 of ${beginner.length} lessons done at beginner level`);
  await expect(list.getByRole('listitem').filter({ hasText: lesson.title })).toContainText('Done');

  await page.getByRole('button', { name: 'Reset progress' }).focus();
  await page.keyboard.press('Enter');
  await expect(status).toContainText(`0 of ${beginner.length} lessons done at beginner level`);
  await expect(status).toContainText('Progress reset');
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /lessons done/ })).toContainText(`0 of ${beginner.length} lessons done`);
});

test('a lesson that starts mid-session is set up for the reader', async ({ page }) => {
  const dots = findLesson('dot-stuffing')!;
  await page.goto(`./lessons/${dots.id}/`);
  const widget = page.getByRole('region', { name: /^Lesson:/ }).first();
  // The setup ends with DATA: the server's 354 is in the log before the reader types anything.
  await expect(widget.getByRole('log')).toContainText('S: 354');
  const steps = widget.getByRole('status').filter({ hasText: /Step|Lesson complete/ });
  await expect(steps).toContainText(`Step 1 of ${dots.steps.length}`);
  await widget.getByRole('textbox', { name: 'SMTP terminal input' }).focus();
  for (const line of dots.practice) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
  await expect(steps).toContainText('Lesson complete.');
});
