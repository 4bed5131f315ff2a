/**
 * A tiny sign-up app on loopback, the "app under test" of the end-to-end mail guide:
 * `/signup` takes an address and mails a confirmation link and a code through the
 * sandbox (nodemailer, STARTTLS, the sandbox's certificate trusted); the link asks for
 * the code and then says "Email confirmed".
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';

export interface SignupApp {
  url: string;
  close(): Promise<void>;
}

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
}

export async function startSignupApp(smtp: { port: number; token: string; from: string; ca: string }): Promise<SignupApp> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: true, auth: { user: smtp.token, pass: smtp.token }, tls: { ca: smtp.ca, servername: 'localhost' } });
  const pending = new Map<string, { email: string; code: string }>();
  let origin = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    void (async () => {
      if (url.pathname === '/signup' && req.method === 'GET') {
        return send(res, 200, page('Sign up', '<form method="post"><label>Email <input name="email" type="email" required></label> <button>Sign up</button></form>'));
      }
      if (url.pathname === '/signup' && req.method === 'POST') {
        const email = (await form(req)).get('email') ?? '';
        const token = randomBytes(12).toString('hex');
        const code = String(randomInt(100_000, 1_000_000));
        pending.set(token, { email, code });
        const link = `${origin}/confirm?token=${token}`;
        await transport.sendMail({
          from: smtp.from,
          to: email,
          subject: 'Confirm your email',
          text: `Confirm your address: ${link}\nYour verification code is ${code}.`,
          html: `<p><a href="${link}">Confirm your address</a></p><p>Your verification code is <b>${code}</b>.</p>`,
        });
        return send(res, 200, page('Check your inbox', '<p>We sent you a link.</p>'));
      }
      const entry = pending.get(url.searchParams.get('token') ?? '');
      if (url.pathname === '/confirm' && entry && req.method === 'GET') {
        return send(res, 200, page('Enter the code', '<form method="post"><label>Code <input name="code" required></label> <button>Confirm</button></form>'));
      }
      if (url.pathname === '/confirm' && entry && req.method === 'POST') {
        if ((await form(req)).get('code') !== entry.code) return send(res, 400, page('Wrong code', ''));
        return send(res, 200, page('Email confirmed', `<p>${entry.email.replace(/[<>&"]/g, '')} is confirmed.</p>`));
      }
      send(res, 404, page('Not found', ''));
    })().catch((error: unknown) => send(res, 500, page('Error', String(error).replace(/[<>&"]/g, ''))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        transport.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
