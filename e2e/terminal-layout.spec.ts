/**
 * The simulator page's layout at a laptop and a phone size: a terminal as wide as
 * the content (100 columns or more), no second visible transcript, the docs'
 * navigation, the inspector's place, the plain input with the latest replies right
 * above it, a readable state diagram, and axe in both themes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { GREETING, clickTerminal, openTerminal as openSimulator, terminalInput } from './terminal-helpers.ts';

/** Types a line into the terminal and presses Enter, as a person would. */
async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** xterm's column count: the width of its screen over the width of one cell of its font. */
async function terminalColumns(page: Page): Promise<number> {
  return page.locator('.smtp-xterm .xterm-screen').evaluate((screen) => {
    const rows = screen.querySelector('.xterm-rows') as HTMLElement;
    const style = getComputedStyle(rows);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontSize} ${style.fontFamily}`;
    const cell = context.measureText('W'.repeat(100)).width / 100;
    return Math.floor(screen.getBoundingClientRect().width / cell + 0.01);
  });
}

test.describe('at 1280x800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the terminal spans the content: 100 columns or more, the transcript hidden until asked for', async ({ page }) => {
    const log = await openSimulator(page);
    // The greeting is in the page's HTML, before any script: the first screen shows it.
    const terminal = page.getByRole('group', { name: 'SMTP terminal' });
    await expect(terminal).toContainText(GREETING);

    await clickTerminal(page);
    await expect(page.locator('.smtp-xterm .xterm-screen')).toBeVisible();
    await expect(terminalInput(page)).toBeFocused();
    await typeLine(page, 'EHLO wide.test');
    await expect(log).toContainText('S: 250-smtp.mailpace.com Nice to meet you, wide.test');
    expect(await terminalColumns(page)).toBeGreaterThanOrEqual(100);

    // The log is there for screen readers and the Copy button, not as a second copy on screen.
    expect((await log.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    const toggle = page.getByRole('button', { name: 'Show the transcript as text' });
    await toggle.click();
    await expect(page.getByRole('button', { name: 'Hide the transcript text' })).toHaveAttribute('aria-expanded', 'true');
    const shown = await log.boundingBox();
    const screen = await terminal.boundingBox();
    expect(shown!.width).toBeGreaterThan(300);
    expect(shown!.y).toBeGreaterThanOrEqual(screen!.y + screen!.height);
  });

  test('the docs sidebar is there, and the inspector sits below the terminal', async ({ page }) => {
    await openSimulator(page);
    const sidebar = page.getByRole('navigation', { name: 'Main' });
    await expect(sidebar.getByRole('link', { name: 'Config snippets' })).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'Simulator' })).toHaveAttribute('aria-current', 'page');
    const screen = await page.getByRole('group', { name: 'SMTP terminal' }).boundingBox();
    const inspector = await page.getByRole('region', { name: 'Message inspector' }).boundingBox();
    expect(inspector!.y).toBeGreaterThanOrEqual(screen!.y + screen!.height);
  });
});

test.describe('at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the inspector sits beside the terminal, which keeps 100 columns', async ({ page }) => {
    await openSimulator(page);
    await clickTerminal(page);
    await expect(page.locator('.smtp-xterm .xterm-screen')).toBeVisible();
    expect(await terminalColumns(page)).toBeGreaterThanOrEqual(100);
    const screen = await page.getByRole('group', { name: 'SMTP terminal' }).boundingBox();
    const inspector = await page.getByRole('region', { name: 'Message inspector' }).boundingBox();
    expect(inspector!.x).toBeGreaterThanOrEqual(screen!.x + screen!.width);
    expect(inspector!.y).toBeLessThan(screen!.y + screen!.height);
  });
});

test.describe('on a 390x844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the input stays in view with the latest reply right above it', async ({ page }) => {
    const log = await openSimulator(page);
    // A phone gets the plain text box (a coarse pointer); tick it where the browser did not say so.
    await page.getByRole('checkbox', { name: 'Plain text input' }).check();
    const box = page.getByRole('textbox', { name: 'SMTP command (plain text input)' });
    const commands: [string, string][] = [
      ['EHLO phone.test', 'S: 250 STARTTLS'],
      ['NOOP', 'S: 250 2.0.0 OK'],
      ['HELP', 'S: 214 2.0.0'],
      ['RSET', 'S: 250 2.0.0'],
      ['VRFY someone@example.net', 'S: 252'],
    ];
    for (const [command, reply] of commands) {
      await box.fill(command);
      await box.press('Enter');
      await expect(log.locator(':scope > div').last()).toContainText(reply);
    }
    await expect(box).toBeInViewport();
    const last = log.locator(':scope > div').last();
    await expect(last).toBeInViewport();
    const lastBox = (await last.boundingBox())!;
    const inputBox = (await box.boundingBox())!;
    // Directly above: nothing but the label's line between the reply and the box.
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(inputBox.y);
    expect(inputBox.y - (lastBox.y + lastBox.height)).toBeLessThan(80);
  });

  test('the state diagram keeps a readable size and scrolls sideways', async ({ page }) => {
    await openSimulator(page);
    const region = page.getByRole('region', { name: 'State diagram, scrolls sideways' });
    await region.scrollIntoViewIfNeeded();
    const sizes = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    // Drawn at 44rem or more: its 13px labels stay 10px or larger on screen.
    expect((await region.getByRole('img', { name: /SMTP session states/ }).boundingBox())!.width).toBeGreaterThanOrEqual(700);
    await region.focus();
    // As a person would, press only once the page has drawn the region where it was scrolled
    // to: a key that lands in the same frame as that scroll can go unanswered in Chromium.
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });

  test('the menu button opens the docs navigation', async ({ page }) => {
    await openSimulator(page);
    const menu = page.getByRole('button', { name: 'Menu' });
    const docs = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Config snippets' });
    await expect(docs).toBeHidden();
    await menu.click();
    await expect(docs).toBeVisible();
    await docs.click();
    await expect(page).toHaveURL(/\/snippets\/$/);
  });
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds no serious violations on /simulator/ in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openSimulator(page);
    await page.getByRole('combobox', { name: 'Select theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await seriousViolations(page)).toEqual([]);
    // Again with xterm loaded and the transcript shown as text.
    await clickTerminal(page);
    await expect(page.locator('.smtp-xterm .xterm-screen')).toBeVisible();
    await page.getByRole('button', { name: 'Show the transcript as text' }).click();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
