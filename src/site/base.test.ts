import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_URL, resolveBase, siteOptions, withBase } from './base.ts';

describe('resolveBase', () => {
  it('is / when unset or empty', () => {
    expect(resolveBase(undefined)).toBe('/');
    expect(resolveBase('')).toBe('/');
    expect(resolveBase('/')).toBe('/');
  });

  it('takes the forms people type and gives /a/b', () => {
    for (const raw of ['docs', '/docs', '/docs/', 'docs/', ' /docs ']) expect(resolveBase(raw)).toBe('/docs');
    expect(resolveBase('/team/smtp-docs/')).toBe('/team/smtp-docs');
  });

  it('refuses what would send links to another place', () => {
    for (const raw of ['https://host/x', '/a/../b', '/a b', '/a?x', '/a#b', '/./a']) {
      expect(() => resolveBase(raw), raw).toThrow(/BASE_PATH/);
    }
    // Extra slashes are trimmed, so the base can never start a protocol-relative link.
    expect(resolveBase('//host.test')).toBe('/host.test');
  });
});

describe('withBase', () => {
  it('prefixes root-relative paths once', () => {
    expect(withBase('/docs', '/simulator/')).toBe('/docs/simulator/');
    expect(withBase('/docs', '/')).toBe('/docs/');
    expect(withBase('/docs', '/docs/simulator/')).toBe('/docs/simulator/');
    expect(withBase('/docs', '/docs')).toBe('/docs');
  });

  it('leaves other links alone', () => {
    for (const link of ['https://mailpace.com/', '//cdn.test/x.js', '#anchor', 'relative/page/', 'mailto:a@b.test']) {
      expect(withBase('/docs', link)).toBe(link);
    }
    expect(withBase('/', '/simulator/')).toBe('/simulator/');
  });

  it('does not mistake a longer first segment for the base', () => {
    expect(withBase('/docs', '/docsearch/')).toBe('/docs/docsearch/');
  });
});

describe('siteOptions', () => {
  it('reads BASE_PATH and SITE_URL', () => {
    expect(siteOptions({})).toEqual({ site: DEFAULT_SITE_URL, base: '/' });
    expect(siteOptions({ BASE_PATH: '/smtp', SITE_URL: 'https://owner.github.io' })).toEqual({ site: 'https://owner.github.io', base: '/smtp' });
  });

  it('refuses a base that starts like one of the site\'s own paths, which links could not tell apart', () => {
    const routes = ['guides', 'simulator', 'index', '404'];
    expect(() => siteOptions({ BASE_PATH: '/guides' }, routes)).toThrow(/BASE_PATH \/guides starts with \/guides/);
    expect(() => siteOptions({ BASE_PATH: '/simulator/docs' }, routes)).toThrow(/BASE_PATH/);
    expect(() => siteOptions({ BASE_PATH: '/_astro' }, routes)).toThrow(/BASE_PATH/);
    expect(siteOptions({ BASE_PATH: '/guides-team' }, routes).base).toBe('/guides-team');
    expect(siteOptions({ BASE_PATH: '/team/guides' }, routes).base).toBe('/team/guides');
  });
});
