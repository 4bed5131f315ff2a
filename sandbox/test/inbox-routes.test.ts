/** The inbox page's routes: built files with their types, behind the same gates as the API, and a hint when not built. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inboxPageRoutes, NOT_BUILT } from '../inbox-routes.ts';
import { startTestApp } from './helpers.ts';

async function fakeDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inbox-dist-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Sandbox inbox</title><script type="module" src="./assets/app-1.js"></script>');
  await writeFile(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
  await writeFile(join(dir, 'assets', 'app-1.css'), 'body{}');
  return dir;
}

/** A GET with a Host header of our choosing (fetch does not let a page set it). */
function getWithHost(origin: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('inbox page routes', () => {
  it('serve the built files with their content types, the page with a CSP', async () => {
    const page = await inboxPageRoutes(await fakeDist());
    expect(page.built).toBe(true);
    const t = await startTestApp({ inbox: { port: 0, keep: 10, password: null, routes: page.routes } });
    try {
      const html = await fetch(`${t.origin}/`);
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(html.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(await html.text()).toContain('<title>Sandbox inbox</title>');
      const js = await fetch(`${t.origin}/assets/app-1.js`);
      expect([js.status, js.headers.get('content-type'), js.headers.get('x-content-type-options')]).toEqual([200, 'text/javascript; charset=utf-8', 'nosniff']);
      expect((await fetch(`${t.origin}/assets/app-1.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
      // Nothing outside the built files, and no path reaches the file system.
      expect((await fetch(`${t.origin}/assets/../../etc/passwd`)).status).toBe(404);
      expect((await fetch(`${t.origin}/index.htm`)).status).toBe(404);
      // The same Host gate as the API: a rebinding page cannot read the inbox page either.
      expect(await getWithHost(t.origin, '/', 'attacker.example:80')).toBe(403);
    } finally {
      await t.close();
    }
  });

  it('ask for the password when the inbox has one', async () => {
    const page = await inboxPageRoutes(await fakeDist());
    const t = await startTestApp({ inbox: { port: 0, keep: 10, password: 'secret', routes: page.routes } });
    try {
      expect((await fetch(`${t.origin}/`)).status).toBe(401);
      const ok = await fetch(`${t.origin}/`, { headers: { Authorization: `Basic ${Buffer.from('me:secret').toString('base64')}` } });
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answer / with how to build the page when the folder is missing', async () => {
    const page = await inboxPageRoutes(join(tmpdir(), 'no-such-inbox-dist'));
    expect(page.built).toBe(false);
    const t = await startTestApp({ inbox: { port: 0, keep: 10, password: null, routes: page.routes } });
    try {
      const r = await fetch(`${t.origin}/`);
      expect([r.status, r.headers.get('content-type')]).toEqual([200, 'text/plain; charset=utf-8']);
      expect(await r.text()).toBe(NOT_BUILT);
      expect(NOT_BUILT).toContain('npm run build:inbox');
      // The API does not depend on the page.
      expect((await fetch(`${t.origin}/api/messages`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
