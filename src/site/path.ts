/**
 * A link inside the site, as the browser must request it. Pages and components write
 * root-relative paths (`/simulator/`); under a sub-path build this adds the base.
 */
import { resolveBase, withBase } from './base.ts';

const BASE = resolveBase(import.meta.env.BASE_URL);

export function sitePath(path: string): string {
  return withBase(BASE, path);
}
