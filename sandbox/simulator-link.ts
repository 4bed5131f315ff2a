/**
 * Where a transcript's replay link goes: the site's simulator page. `--site URL` names
 * the site (its root, with any sub-path it is served under); the page is `simulator/`
 * under it. No Node imports: the inbox page reads this too.
 */

/** The simulator page of the site at `site`; throws on anything but an http(s) URL. */
export function simulatorPageUrl(site: string): string {
  const url = new URL(site);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the site must be an http(s) URL, not ${site}`);
  url.pathname = url.pathname.replace(/\/*$/, '/');
  url.search = '';
  url.hash = '';
  return new URL('simulator/', url).toString();
}
