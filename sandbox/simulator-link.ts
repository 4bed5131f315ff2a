/**
 * Where a transcript's replay link goes: the site's simulator page. `--site URL` names
 * the site (its root, with any sub-path it is served under); the page is `simulator/`
 * under it. No Node imports: the inbox page reads this too.
 */

/**
 * The site as `npm start` serves it: where replays go without `--site`. The site has
 * no public address of its own yet, so a link there could only be a dead one.
 */
export const LOCAL_SITE_URL = 'http://localhost:4321/';

/** The simulator page of the site at `site`; throws on anything but an http(s) URL. */
export function simulatorPageUrl(site: string): string {
  const url = new URL(site);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the site must be an http(s) URL, not ${site}`);
  url.pathname = url.pathname.replace(/\/*$/, '/');
  url.search = '';
  url.hash = '';
  return new URL('simulator/', url).toString();
}
