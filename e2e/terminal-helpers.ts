/**
 * The terminal as the browser tests drive it, in one place: open it, give it the
 * keyboard the way a person does (a click on its screen), type lines, and read what it
 * shows. `scope` narrows to one widget on pages that have several.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const GREETING = 'S: 220 smtp.mailpace.com ESMTP Nice to meet you';

/** The input that takes keys: the stand-in's box, then xterm's textarea. */
export function terminalInput(scope: Page | Locator): Locator {
  return scope.getByRole('textbox', { name: 'SMTP terminal input' });
}

/** The terminal's black area. */
export function terminalScreen(scope: Page | Locator): Locator {
  return scope.getByRole('group', { name: 'SMTP terminal' });
}

/** Opens a page with a terminal and waits for the server's greeting in its transcript. */
export async function openTerminal(page: Page, path = './simulator/'): Promise<Locator> {
  await page.goto(path);
  const log = page.getByRole('log').first();
  await expect(log).toContainText(GREETING);
  return log;
}

/** Clicks the terminal's screen near its top, as a person does before typing, and waits for the input to have focus. */
export async function clickTerminal(scope: Page | Locator): Promise<void> {
  const screen = terminalScreen(scope).first();
  await screen.click({ position: { x: 40, y: 20 } });
  await expect(terminalInput(scope).first()).toBeFocused();
}

/** Clicks the terminal, then types lines, pressing Enter after each. */
export async function typeLines(page: Page, lines: readonly string[], scope: Page | Locator = page): Promise<void> {
  await clickTerminal(scope);
  for (const line of lines) {
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
  }
}

/** The transcript's lines, as text. */
export async function transcriptLines(scope: Page | Locator): Promise<string[]> {
  return scope.getByRole('log').first().locator(':scope > div').allTextContents();
}

/** xterm's logical lines (wrapped rows joined), through the debugging hook on its element. */
export async function terminalLines(scope: Page | Locator): Promise<string[]> {
  return scope
    .locator('.smtp-xterm')
    .first()
    .evaluate((el) => (el as HTMLElement & { terminalLines(): string[] }).terminalLines());
}

/** The line being edited in xterm: its last line. */
export async function promptLine(scope: Page | Locator): Promise<string> {
  return (await terminalLines(scope)).at(-1) ?? '';
}

/** Holds back xterm's chunk until the returned function is called, so the stand-in is driven on purpose. */
export async function holdXterm(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/XtermView.*.js', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
