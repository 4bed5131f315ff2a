/**
 * The sandbox's HTTP side: one node:http server for the inbox API, the send API and
 * (later) the inbox page, on a port of its own.
 *
 * How it works: routes are data (method + OpenAPI-style path), so the OpenAPI file
 * can be checked against them. Before any route runs, two gates: on loopback the
 * Host header must name a loopback host (a web page that rebinds its own name to
 * 127.0.0.1 cannot read the inbox), and with a password every route but the
 * token-protected send API needs HTTP Basic auth (RFC 7617).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { jsonChunks, type JsonChunk } from './report.ts';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters by name (`{id}` → `params.id`). */
  params: Record<string, string>;
}

export interface Route {
  method: Method;
  /** OpenAPI-style: `/api/messages/{id}`; a parameter matches one path segment of digits. */
  path: string;
  /** Protected by its own credentials (the send API's token): no Basic auth asked. */
  ownAuth?: boolean;
  handle(ctx: RouteContext): void | Promise<void>;
}

export interface HttpServerOptions {
  host: string;
  port: number;
  routes: readonly Route[];
  /** Basic auth password for every route without `ownAuth`; null: none. */
  password: string | null;
  /** True when `host` is a loopback address: then only loopback Host headers are served. */
  loopback: boolean;
  log?: (line: string) => void;
}

export interface HttpServerHandle {
  server: Server;
  port: number;
  /** `http://host:port` */
  origin: string;
  close(): Promise<void>;
}

/** Writes a JSON body; big strings (attachments) go out piece by piece (see report.ts). */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const head = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers };
  const pieces = jsonChunks(value);
  const first = pieces.next();
  const second = first.done ? first : pieces.next();
  if (second.done) {
    // The usual case, a body in one piece: sent whole, with its length.
    const body = first.done ? '' : first.value;
    res.writeHead(status, { ...head, 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  // A record with big attachments: streamed (chunked) as the client reads it, so memory holds
  // one slice of base64 at a time rather than the whole body.
  res.writeHead(status, head);
  void writeAll(res, [first.value!, second.value], pieces);
}

/** Writes every piece, waiting for the socket to drain; stops if the client went away. */
async function writeAll(res: ServerResponse, head: readonly JsonChunk[], rest: Iterator<JsonChunk>): Promise<void> {
  const write = async (piece: JsonChunk) => {
    if (res.write(piece) || res.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  for (const piece of head) await write(piece);
  for (let next = rest.next(); !next.done && !res.destroyed; next = rest.next()) await write(next.value);
  if (!res.destroyed) res.end();
}

/** Our own errors (not the send API's published ones): `{"error": "…"}`. */
export function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message }, headers);
}

/** `/api/messages/{id}` → a regex with one named group per parameter. */
function compile(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => `(?<${name}>\\d+)`);
  return new RegExp(`^${source}$`);
}

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d+)?$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** True when the request carries Basic credentials with this password (any user name). */
function authorized(req: IncomingMessage, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return false;
  // Compare digests: equal lengths, and no early exit that times the password.
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(password));
}

/** Starts the server; resolves once it listens. */
export function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const table = options.routes.map((route) => ({ route, pattern: compile(route.path) }));
  const log = options.log ?? (() => undefined);

  const server = createServer(async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      return sendError(res, 400, 'Bad request target');
    }
    if (options.loopback && !LOOPBACK_HOST.test(req.headers.host ?? '')) {
      return sendError(res, 403, 'This server answers only requests addressed to localhost, 127.0.0.1 or [::1]');
    }
    const onPath = table.filter((t) => t.pattern.test(url.pathname));
    if (!onPath.length) return sendError(res, 404, `No such route: ${url.pathname}`);
    const found = onPath.find((t) => t.route.method === req.method);
    if (!found) {
      const allow = onPath.map((t) => t.route.method).join(', ');
      return sendError(res, 405, `${req.method ?? '?'} is not allowed here; use ${allow}`, { Allow: allow });
    }
    if (options.password !== null && !found.route.ownAuth && !authorized(req, options.password)) {
      return sendError(res, 401, 'This inbox needs the password given with --ui-password (HTTP Basic auth, any user name)', {
        'WWW-Authenticate': 'Basic realm="mailpace-sandbox", charset="UTF-8"',
      });
    }
    const params = { ...found.pattern.exec(url.pathname)!.groups };
    try {
      await found.route.handle({ req, res, url, params });
    } catch (error) {
      log(`http ${req.method} ${url.pathname}: internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendError(res, 500, 'Internal error in the sandbox');
      else res.destroy();
    }
  });
  // Peers that vanish mid-request are not worth a crash or a log line.
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use; choose another one with --ui-port' : error.message;
      reject(new Error(`Cannot listen on ${where}: ${why}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port }, () => {
      server.removeListener('error', onError);
      const port = (server.address() as AddressInfo).port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      let closing: Promise<void> | null = null;
      resolve({
        server,
        port,
        origin: `http://${host}:${port}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // Live feeds and long polls never end on their own.
            server.closeAllConnections();
          })),
      });
    });
  });
}
