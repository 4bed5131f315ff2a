/**
 * The quickstart's embedded terminal says one thing at a time: when its screen shows the
 * server's greeting, the status beside it says the session is connected, without the
 * reader having to scroll to it first.
 */
import { expect, test, type Page } from '@playwright/test';

/**
 * Installed before the page's scripts: every frame, what the reader would see painted in the
 * quickstart's terminal. Kept are the frames where the screen showed a 220 greeting while the
 * status said anything but connecting or connected ("not connected": two things at once).
 */
const WATCH = `(() => {
  const AGREES = ['Connection: connecting', 'Connection: connected'];
  const seen = { contradictions: [], frames: 0 };
  window.__statusWatch = seen;
  const frame = () => {
    const widget = document.querySelector('[aria-label="Send your first message"]');
    const screen = widget?.querySelector('.smtp-screen');
    const status = widget?.querySelector('[aria-label="Session status"]');
    if (screen && status) {
      seen.frames += 1;
      const greeting = /S: 220 /.test(screen.textContent || '');
      const said = [...status.children].map((li) => li.textContent).find((t) => t.startsWith('Connection:'));
      if (greeting && !AGREES.includes(said)) seen.contradictions.push(said);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

interface Watch {
  contradictions: string[];
  frames: number;
}

const watched = (page: Page) => page.evaluate(() => (window as unknown as { __statusWatch: Watch }).__statusWatch);

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`at ${viewport.width}x${viewport.height} the quickstart's terminal status and screen agree without scrolling to it`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript({ content: WATCH });
    await page.goto('./start/quickstart/');
    const widget = page.getByRole('region', { name: 'Send your first message' });
    const status = widget.getByRole('list', { name: 'Session status' });
    await expect(status.getByText('Connection: connected', { exact: true })).toBeAttached();
    // The reader has not scrolled: the terminal is further down the page.
    expect((await widget.boundingBox())!.y).toBeGreaterThan(viewport.height);
    await expect(widget.getByRole('group', { name: 'SMTP terminal' })).toContainText('S: 220 smtp.mailpace.com ESMTP Nice to meet you');
    await expect(widget.getByRole('button', { name: 'Disconnect' })).toBeAttached();

    const seen = await watched(page);
    expect(seen.frames).toBeGreaterThan(0);
    expect(seen.contradictions).toEqual([]);

    // Scrolled to, it reads the same.
    await widget.getByRole('group', { name: 'Terminal tools' }).scrollIntoViewIfNeeded();
    await expect(status.getByText('Connection: connected', { exact: true })).toBeVisible();
  });
}
