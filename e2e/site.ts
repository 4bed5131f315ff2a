/**
 * Where the site under test lives. `BASE_PATH=/sub npm run test:e2e` builds and serves the
 * site under /sub/; tests open pages by paths relative to it (`./simulator/`), so the
 * same suite runs at the root and under a sub-path.
 */
import { resolveBase } from '../src/site/base.ts';

export const BASE = resolveBase(process.env.BASE_PATH);

/** A site path (`/simulator/`) from a URL's pathname, whatever the base. */
export function sitePathOf(pathname: string): string {
  return BASE === '/' ? pathname : pathname.slice(BASE.length) || '/';
}

/** The same path as `page.goto` takes it: relative to the base URL. */
export const relative = (sitePath: string) => `.${sitePath}`;
