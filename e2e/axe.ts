/** Shared accessibility check: axe in the real page, serious and critical findings only. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Starlight's own search button shows "Search Ctrl K" but is named "Search", which axe
 * reports as label-content-name-mismatch. It is upstream markup we do not render; that
 * one finding on that one element is set aside, everything else counts.
 */
function isStarlightSearchButton(ruleId: string, target: unknown): boolean {
  return ruleId === 'label-content-name-mismatch' && JSON.stringify(target).includes('data-open-modal');
}

/**
 * Expressive Code makes a code block that scrolls sideways focusable from a script that
 * waits for an idle moment; on a busy machine axe can run first. Wait for it.
 */
async function codeBlocksSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.expressive-code pre')].every(
      (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
    ),
  );
}

/** `within`: a selector to check only that part of the page (see docs.spec.ts); the whole page by default. */
export async function seriousViolations(page: Page, { within }: { within?: string } = {}): Promise<{ id: string; help: string; targets: string[] }[]> {
  await codeBlocksSettled(page);
  // Only violations are read: axe then keeps one node per passed or incomplete rule instead of
  // serializing every node it checked. A page without frames is checked in one pass (legacy
  // mode): the default's extra step, which merges frames' results in a blank page of its
  // own, is then pure cost. Together about 2.5x faster on a long docs page, same findings.
  // A page with a frame (a mail preview) keeps the default, so the frame is checked too.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).setLegacyMode(page.frames().length === 1);
  const results = await (within ? builder.include(within) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.filter((n) => !isStarlightSearchButton(v.id, n.target)).map((n) => n.target.join(' ')) }))
    .filter((v) => v.targets.length > 0);
}
