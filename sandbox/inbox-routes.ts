/**
 * The inbox page's routes: the files Vite built into sandbox/inbox-dist/, served at
 * `/` behind the HTTP server's Host and password gates (see http-server.ts).
 *
 * How it works: the folder is read once at start (a few hundred KB) and each file
 * becomes an exact-path route, so no request path ever reaches the file system.
 * Without the folder (a fresh clone whose install scripts did not run), `/` says
 * how to build it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from './http-server.ts';

export const INBOX_DIST = fileURLToPath(new URL('./inbox-dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page loads only its own files and talks only to its own API. Inline styles are
 * allowed for the sanitized HTML preview, which the inspector shows in a sandboxed frame.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const NOT_BUILT = 'The inbox page is not built. Run `npm run build:inbox` in the sandbox folder, then restart the sandbox. The API under /api/ works without it.\n';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function fileRoute(path: string, body: Buffer, type: string, cache: string): Route {
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Content-Length': body.byteLength,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = PAGE_CSP;
  return {
    method: 'GET',
    path,
    handle: ({ res }) => {
      res.writeHead(200, headers).end(body);
    },
  };
}

/** Routes for every built file, `/` for index.html; or the "not built" answer. */
export async function inboxPageRoutes(dist = INBOX_DIST): Promise<{ routes: Route[]; built: boolean }> {
  let files: string[];
  try {
    files = await filesUnder(dist);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    files = [];
  }
  if (!files.some((f) => relative(dist, f) === 'index.html')) {
    return { routes: [fileRoute('/', Buffer.from(NOT_BUILT), 'text/plain; charset=utf-8', 'no-store')], built: false };
  }
  const routes: Route[] = [];
  for (const file of files) {
    const name = relative(dist, file).split(sep).join('/');
    const type = TYPES[extname(name).toLowerCase()];
    if (!type) continue;
    const body = await readFile(file);
    // Hashed asset names never change content; the page itself is checked each time.
    const cache = name.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    routes.push(fileRoute(name === 'index.html' ? '/' : `/${name}`, body, type, cache));
  }
  return { routes, built: true };
}
