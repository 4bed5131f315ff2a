/**
 * Where the site lives: `/` by default, or a sub-path such as `/smtp-docs` for a project
 * page on GitHub Pages, set at build time with BASE_PATH (and its origin with SITE_URL).
 * astro.config.mjs reads the environment through siteOptions(); pages read Astro's
 * BASE_URL through ./path.ts.
 */

/** The origin pages are built for when SITE_URL is not set (canonical links, sitemap). */
export const DEFAULT_SITE_URL = 'https://smtp-playground.example.com';

/** Folders every build has at its root besides the pages: Astro's assets and the search index. */
export const BUILD_FOLDERS: readonly string[] = ['_astro', 'pagefind'];

/**
 * Astro's `site` and `base`, from the build's environment. `routes` are the site's
 * top-level paths (`guides`, `simulator`, ...): a base that starts like one of them is
 * refused, because a link such as `/guides/x/` could then be a page or already carry
 * the base, and `withBase` could not tell which.
 */
export function siteOptions(env: Record<string, string | undefined>, routes: readonly string[] = []): { site: string; base: string } {
  const base = resolveBase(env.BASE_PATH);
  const first = base.split('/')[1];
  if (first && [...routes, ...BUILD_FOLDERS].includes(first)) {
    throw new Error(`BASE_PATH ${base} starts with /${first}, which is also a path of the site itself; choose another name`);
  }
  return { site: env.SITE_URL || DEFAULT_SITE_URL, base };
}

/** Normalises BASE_PATH to `/` or `/a/b` (leading slash, no trailing one). */
export function resolveBase(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  // A base is a path on this host: a scheme, `..` or odd characters would send links elsewhere.
  if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed) || trimmed.split('/').some((s) => s === '.' || s === '..')) {
    throw new Error(`BASE_PATH must be a path such as /docs or /team/smtp, not ${JSON.stringify(raw)}`);
  }
  return `/${trimmed}`;
}

/**
 * Prefixes a root-relative path (`/simulator/`) with the base; leaves other links alone,
 * and a path already under the base (siteOptions makes sure no page's own path is).
 */
export function withBase(base: string, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || base === '/') return path;
  if (path === base || path.startsWith(`${base}/`)) return path;
  return `${base}${path}`;
}
