/**
 * Click to type, with the real mouse: a reader clicks the terminal's black area (at
 * its top, its middle, beside the greeting) and types, before xterm.js has loaded and
 * after; the page never scrolls away, a drag still selects and copies text, and the
 * same holds in a lesson, in the quickstart's embedded terminal and on a phone.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { GREETING, holdXterm, openTerminal, terminalInput, terminalScreen } from './terminal-helpers.ts';

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

type Point = { x: number; y: number };

/**
 * Where a person clicks: to the right of the greeting (first, while it is still on
 * screen), near the top of the black area, and its middle. Each is measured just
 * before its click, since replies move the lines.
 */
function clickPoints(page: Page, greetingRow: Locator): [string, () => Promise<Point>][] {
  const screen = async () => (await terminalScreen(page).boundingBox())!;
  return [
    [
      'beside the greeting',
      async () => {
        const [box, row] = [await screen(), (await greetingRow.boundingBox())!];
        // Three quarters across: past the greeting's text, short of xterm's scroll bar.
        return { x: box.x + box.width * 0.75, y: row.y + row.height / 2 };
      },
    ],
    [
      'top',
      async () => {
        const box = await screen();
        return { x: box.x + 30, y: box.y + 12 };
      },
    ],
    [
      'middle',
      async () => {
        const box = await screen();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      },
    ],
  ];
}

/** The greeting's row: the stand-in's lines (the greeting is their last), or xterm's row that holds it. */
const standInGreeting = (page: Page) => page.locator('.smtp-standin__lines');
const xtermGreeting = (page: Page) => page.locator('.xterm-rows > div').filter({ hasText: '220 smtp.mailpace.com' });

/** Where some text is drawn inside an element: the first line box of its first occurrence. */
async function textRect(element: Locator, text: string): Promise<Point & { width: number; height: number }> {
  return element.evaluate((el, wanted) => {
    const node = el.firstChild!;
    const range = document.createRange();
    const start = node.textContent!.indexOf(wanted);
    range.setStart(node, start);
    range.setEnd(node, start + wanted.length);
    const { x, y, width, height } = range.getClientRects()[0]!;
    return { x, y, width, height };
  }, text);
}

/**
 * xterm has drawn the greeting at its fitted width: it first draws at 80 columns and
 * is fitted to its box a moment later, which moves the wrapped lines.
 */
async function xtermFitted(page: Page): Promise<void> {
  await expect(xtermGreeting(page)).toBeVisible();
  await expect
    .poll(() => page.locator('.smtp-xterm').evaluate((host) => host.querySelector('.xterm-screen')!.getBoundingClientRect().width <= host.getBoundingClientRect().width))
    .toBe(true);
}

const scrollY = (page: Page) => page.evaluate(() => window.scrollY);

/** Brings the terminal fully into view, as a reader scrolls to it, and waits for the page to settle there. */
async function inView(page: Page): Promise<void> {
  await terminalScreen(page).scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/**
 * At each point: move focus away (to the page, as after reading elsewhere), click the point,
 * type a command with a space in it and Enter, and see the reply, with the page where it was.
 */
async function clickAndTypeAt(page: Page, log: Locator, points: [string, () => Promise<Point>][]): Promise<void> {
  const commands = ['EHLO beside.example', 'EHLO top.example', 'EHLO middle.example'];
  for (const [i, [where, point]] of points.entries()) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect(terminalInput(page), where).not.toBeFocused();
    const before = await scrollY(page);
    const { x, y } = await point();
    await page.mouse.click(x, y);
    await expect(terminalInput(page), `a click ${where} focuses the input`).toBeFocused();
    await page.keyboard.type(commands[i]!);
    await page.keyboard.press('Enter');
    await expect(log).toContainText(`C: ${commands[i]}`);
    await expect(log.locator(':scope > div').last()).toContainText('S: 250 ');
    expect(await scrollY(page), `typing after a click ${where} leaves the page where it was`).toBe(before);
  }
}

for (const viewport of VIEWPORTS) {
  test.describe(`click to type at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('before xterm has loaded, a click anywhere in the black area takes the typing', async ({ page }) => {
      const release = await holdXterm(page);
      const log = await openTerminal(page);
      await inView(page);
      await clickAndTypeAt(page, log, clickPoints(page, standInGreeting(page)));
      expect(await page.locator('.smtp-xterm').count()).toBe(0);
      release();
    });

    test('after xterm has loaded, a click anywhere in the black area takes the typing', async ({ page }) => {
      const log = await openTerminal(page);
      await inView(page);
      // Coming near the terminal loads xterm; wait until it has drawn the greeting.
      await terminalScreen(page).hover();
      await xtermFitted(page);
      await clickAndTypeAt(page, log, clickPoints(page, xtermGreeting(page)));
    });

    test('a click while xterm is still loading keeps the keyboard through the hand-off', async ({ page }) => {
      const release = await holdXterm(page);
      const log = await openTerminal(page);
      await inView(page);
      const screen = (await terminalScreen(page).boundingBox())!;
      await page.mouse.click(screen.x + screen.width / 2, screen.y + screen.height / 2);
      await page.keyboard.type('EHLO hand');
      release();
      await expect(page.locator('.smtp-xterm')).toBeAttached();
      await expect(terminalInput(page)).toBeFocused();
      await page.keyboard.type('off.example');
      await page.keyboard.press('Enter');
      await expect(log).toContainText('C: EHLO handoff.example');
    });

    test('a press on the text that xterm replaces before the button comes up still gives xterm the keyboard', async ({ page }) => {
      const release = await holdXterm(page);
      const log = await openTerminal(page);
      await inView(page);
      const lines = (await standInGreeting(page).boundingBox())!;
      await page.mouse.move(lines.x + lines.width / 2, lines.y + lines.height - 6);
      await page.mouse.down();
      release();
      await expect(page.locator('.smtp-xterm')).toBeAttached();
      await page.mouse.up();
      await expect(terminalInput(page)).toBeFocused();
      await page.keyboard.type('EHLO press.example');
      await page.keyboard.press('Enter');
      await expect(log).toContainText('C: EHLO press.example');
    });

    test('a drag selects text to copy, and typing still goes to the terminal', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const release = await holdXterm(page);
      const log = await openTerminal(page);
      await inView(page);

      // In the stand-in: drag over the greeting's first words, copy them, then type on.
      const words = await textRect(standInGreeting(page), '220 smtp.mailpace.com');
      await page.mouse.move(words.x + 1, words.y + words.height / 2);
      await page.mouse.down();
      await page.mouse.move(words.x + words.width + 2, words.y + words.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.keyboard.press('Control+C');
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('220 smtp.mailpace.com');
      const before = await scrollY(page);
      await page.keyboard.type('NOOP');
      await page.keyboard.press('Enter');
      await expect(log).toContainText('C: NOOP');
      expect(await scrollY(page)).toBe(before);

      // In xterm: the same drag, over its row.
      release();
      await expect(page.locator('.smtp-xterm')).toBeAttached();
      await xtermFitted(page);
      await page.evaluate(() => navigator.clipboard.writeText(''));
      const row = (await xtermGreeting(page).boundingBox())!;
      const rowY = row.y + row.height / 2;
      await page.mouse.move(row.x + 2, rowY);
      await page.mouse.down();
      await page.mouse.move(row.x + Math.min(row.width - 4, 300), rowY, {
        steps: 8,
      });
      await page.mouse.up();
      await page.keyboard.press('Control+C');
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('220 smtp.mailpace.com');
      await expect(terminalInput(page)).toBeFocused();
      await page.keyboard.type('RSET');
      await page.keyboard.press('Enter');
      await expect(log).toContainText('C: RSET');
    });
  });
}

test("a click in a lesson's terminal and in the quickstart's embedded terminal takes the typing", async ({ page }) => {
  for (const path of ['./lessons/first-send/', './start/quickstart/']) {
    await page.goto(path);
    const widget = page
      .getByRole('region')
      .filter({ has: terminalScreen(page) })
      .first();
    const screen = terminalScreen(widget);
    await screen.scrollIntoViewIfNeeded();
    const log = widget.getByRole('log');
    await expect(log).toContainText(GREETING);
    const box = (await screen.boundingBox())!;
    const before = await scrollY(page);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(terminalInput(widget), path).toBeFocused();
    await page.keyboard.type('EHLO reader.example');
    await page.keyboard.press('Enter');
    await expect(log, path).toContainText('C: EHLO reader.example');
    expect(await scrollY(page), path).toBe(before);
  }
});

test.describe('on a phone', () => {
  test.use({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });

  test('a tap on the transcript opens the keyboard on the text box, in view', async ({ page }) => {
    const log = await openTerminal(page);
    // A phone gets the plain text box (a coarse pointer); tick it where the browser did not say so.
    await page.getByRole('checkbox', { name: 'Plain text input' }).check();
    const box = page.getByRole('textbox', {
      name: 'SMTP command (plain text input)',
    });
    await page.getByRole('heading', { level: 1 }).tap();
    await expect(box).not.toBeFocused();
    await log.tap();
    await expect(box).toBeFocused();
    await expect(box).toBeInViewport();
    await page.keyboard.type('EHLO phone.example');
    await page.keyboard.press('Enter');
    await expect(log).toContainText('C: EHLO phone.example');
  });
});
