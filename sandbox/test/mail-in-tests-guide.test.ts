/**
 * The "Wait for mail in end-to-end tests" guide, run as printed: its pytest file under
 * Debian's Python and its Playwright test in Chromium, each against a real sign-up app
 * on loopback that mails through a real sandbox. The files are the ones the page shows.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, startTestApp, TOKEN, type TestApp } from './helpers.ts';
import { requireProgram, requireRuntime, run, succeeds } from './programs.ts';
import { startSignupApp, type SignupApp } from './signup-app.ts';

const EXAMPLES = fileURLToPath(new URL('../../src/content/examples/e2e-mail/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let sandbox: TestApp;
let app: SignupApp;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  sandbox = await startTestApp();
  app = await startSignupApp({ port: sandbox.port, token: TOKEN, from: `App <app@${DOMAIN}>`, ca: sandbox.app.sandbox.certificate.cert });
  env = { ...process.env, APP_URL: app.url, SANDBOX_API: sandbox.origin, PYTHONDONTWRITEBYTECODE: '1' };
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

const lastMessage = () => sandbox.app.store!.list({}, 1)[0];

describe('the end-to-end mail guide', () => {
  it('its pytest test signs up, waits for the mail and follows its link', async () => {
    requireRuntime(succeeds('/usr/bin/python3', ['-c', 'import pytest']), 'pytest for /usr/bin/python3', 'python3-pytest');
    const r = await run('/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `${EXAMPLES}test_signup.py`], { env, timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 passed/);
    expect(lastMessage()?.record.payload.to).toMatch(/^grace\+\d+@example\.net$/);
  });

  it('its Playwright test does the same in Chromium', async () => {
    requireProgram(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium');
    const r = await run('npx', ['playwright', 'test', '--config', `${EXAMPLES}playwright.config.ts`], { env, cwd: ROOT, timeoutMs: 240_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 passed/);
    expect(lastMessage()?.record.payload.to).toMatch(/^ada\+\d+@example\.net$/);
  }, 300_000);

  it('a wrong code is refused, so the test above cannot pass without the code from the mail', async () => {
    const r = await fetch(`${app.url}/signup`, { method: 'POST', body: new URLSearchParams({ email: 'eve@example.net' }) });
    expect(r.status).toBe(200);
    const link = /href="([^"]+)"/.exec(lastMessage()!.record.payload.htmlbody!)![1]!;
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams({ code: '000000x' }) })).status).toBe(400);
  });
});
