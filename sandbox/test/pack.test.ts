/**
 * Distribution: `npm pack` gives a tarball whose bin runs the sandbox with only Node.
 * The test packs the repository, installs the tarball into an empty folder (from the
 * npm cache, or the registry when the cache lacks a package), runs
 * `npx mailpace-sandbox`, sends a message over SMTP and one over the send API, checks
 * the JSON, fetches the inbox page, and stops it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import { buildMessage, smtpSend, startShellCommand, TOKEN } from './helpers.ts';

const REPO = new URL('../../', import.meta.url).pathname;

/**
 * PATH without this repository's node_modules/.bin (vitest puts it there): the
 * installed package must not find our dev tools, as on a machine with only Node.
 */
export const CLEAN_ENV = {
  ...process.env,
  PATH: (process.env.PATH ?? '').split(':').filter((p) => !p.startsWith(join(REPO, 'node_modules'))).join(':'),
};

function npm(args: string[], cwd: string, timeoutMs: number) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: CLEAN_ENV });
  return { ok: r.status === 0, output: `${r.stdout}\n${r.stderr}` };
}

describe('npm pack', () => {
  it('packs sandbox/ (with the built inbox page) and simulator/ without tests or the site, installs into an empty folder, and its bin runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-pack-'));
    const packed = npm(['pack', '--json', '--pack-destination', dir], REPO, 120_000);
    expect(packed.ok, packed.output).toBe(true);
    const [info] = JSON.parse(packed.output.slice(packed.output.indexOf('['), packed.output.lastIndexOf(']') + 1)) as { filename: string; files: { path: string; size: number }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toContain('sandbox/bin.mjs');
    expect(files).toContain('sandbox/cli.ts');
    expect(files).toContain('sandbox/openapi.yaml');
    expect(files).toContain('simulator/index.ts');
    // The inbox page ships built (prepack runs build:inbox), its sources do not.
    expect(files).toContain('sandbox/inbox-dist/index.html');
    const bundles = info!.files.filter((f) => f.path.startsWith('sandbox/inbox-dist/assets/') && f.path.endsWith('.js'));
    expect(bundles).toHaveLength(1);
    // React's production build and the inspector: a development build or xterm would blow this.
    expect(bundles[0]!.size).toBeLessThan(350 * 1024);
    expect(files.filter((f) => f.startsWith('sandbox/inbox/'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)test\/|\.test\.ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|e2e|bench|public|dist)\//.test(f))).toEqual([]);

    const app = join(dir, 'app');
    spawnSync('mkdir', [app]);
    await writeFile(join(app, 'package.json'), '{"name":"empty-app","private":true}\n');
    const tarball = join(dir, info!.filename);
    // From the npm cache when it holds every package; else the registry.
    let installed = npm(['install', '--offline', '--no-audit', '--no-fund', tarball], app, 300_000);
    if (!installed.ok && /ENOTCACHED/.test(installed.output)) installed = npm(['install', '--no-audit', '--no-fund', tarball], app, 600_000);
    expect(installed.ok, installed.output).toBe(true);

    const cli = await startShellCommand(`cd '${app}' && exec npx --no-install mailpace-sandbox --port 0 --tls-port 0 --ui-port 0 --json`, 60_000);
    try {
      expect(await smtpSend(cli.port, buildMessage({ subject: 'from the tarball' }))).toMatch(/^250 /);
      const origin = /inbox and API on (http:\/\/\S+?)\/ /.exec(cli.stderr)![1]!;
      const sent = await fetch(`${origin}/api/v1/send`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
        body: JSON.stringify({ from: 'app@example.com', to: 'reader@example.net', subject: 'api from the tarball', textbody: 'Hi.' }),
      });
      expect(sent.status).toBe(200);
      const page = await fetch(`${origin}/`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<title>Sandbox inbox');
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
      const bundle = await fetch(`${origin}/${script}`);
      expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
      const lines = await cli.waitForLines(2);
      const records = lines.map((l) => JSON.parse(l) as MessageRecord);
      expect(records.map((r) => [r.status, r.payload.subject])).toEqual([
        ['accepted', 'from the tarball'],
        ['accepted', 'api from the tarball'],
      ]);
    } finally {
      await cli.stop('SIGINT');
      await cli.stop('SIGKILL');
    }
  }, 900_000);
});
