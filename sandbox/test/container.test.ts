/**
 * The Dockerfile: builds the image from the packed npm package with podman, runs
 * it with its ports published on 127.0.0.1 only, and does the pack test's checks
 * through those ports: a message over SMTP, one over the send API, the JSON lines,
 * the inbox page (now behind --ui-password, as the image binds 0.0.0.0), plus a
 * TLS handshake that verifies the sandbox certificate across the published port.
 *
 * No container registry is reachable here, so node:24-slim cannot be pulled: the
 * build uses the local stand-in that `.ci/container-base.sh` makes (override with
 * CONTAINER_BASE_IMAGE).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import { buildMessage, smtpSend, startShellCommand, TOKEN } from './helpers.ts';
import { requireProgram } from './programs.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const BASE = process.env.CONTAINER_BASE_IMAGE ?? 'localhost/mailpace-node24-base:bookworm';
const PASSWORD = 'container-test-password';

/**
 * What podman needs on these machines, given to every build and run:
 * - runc: Debian 12's crun refuses the hybrid cgroup layout (v1 controllers plus
 *   a cgroup2 mount that has one) that these VMs have.
 * - explicit ulimits: podman otherwise asks for limits above the hard ones, which
 *   root cannot raise here (no CAP_SYS_RESOURCE).
 */
const PODMAN_FLAGS = ['--runtime', 'runc', '--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096'];

function podman(args: string[], timeoutMs: number) {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout: timeoutMs });
  return { ok: r.status === 0, stdout: r.stdout ?? '', output: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
}

/**
 * The extra CA bundle this machine's Node or npm trusts (a TLS proxy's CA, where
 * the registry is reached through one); null when there is none.
 */
function extraCaFile(): string | null {
  const fromNpm = () => (spawnSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8' }).stdout ?? '').trim();
  const path = process.env.NODE_EXTRA_CA_CERTS || fromNpm();
  return path.startsWith('/') && existsSync(path) ? path : null;
}

/** Host address of a published container port, from `podman port`. */
function publishedPort(name: string, containerPort: number): number {
  const r = podman(['port', name, `${containerPort}/tcp`], 30_000);
  const match = /^127\.0\.0\.1:(\d+)$/m.exec(r.stdout);
  if (!match) throw new Error(`port ${containerPort} is not published on 127.0.0.1:\n${r.output}`);
  return Number(match[1]);
}

/** The server greeting over TLS, with the certificate checked against `ca` for 127.0.0.1. */
function tlsGreeting(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca }, () => {
      socket.setEncoding('utf8').once('data', (line: string) => {
        socket.destroy();
        resolve(line);
      });
    });
    socket.once('error', reject);
  });
}

describe('Dockerfile', () => {
  it('builds from the packed package, and the container takes mail on ports published to 127.0.0.1', async () => {
    requireProgram('podman', 'podman (bash .ci/container-base.sh installs it)');
    requireProgram('runc', 'runc (bash .ci/container-base.sh installs it)');
    const base = podman(['image', 'exists', BASE], 30_000);
    expect(base.ok, `base image ${BASE} is missing: run bash .ci/container-base.sh first\n${base.output}`).toBe(true);

    // The build context a reader has after `npm pack`: the tarball, the Dockerfile, .dockerignore.
    // Packed from a copy: prepack rebuilds sandbox/inbox-dist (emptying it first), and
    // the pack test may be doing that in this working tree at the same moment.
    const work = await mkdtemp(join(tmpdir(), 'sandbox-image-'));
    const [source, context] = [join(work, 'source'), join(work, 'context')];
    for (const entry of ['package.json', 'README.md', 'sandbox', 'simulator', 'src']) {
      await cp(join(REPO, entry), join(source, entry), { recursive: true, filter: (from) => !from.includes('/sandbox/inbox-dist') });
    }
    await symlink(join(REPO, 'node_modules'), join(source, 'node_modules'));
    await mkdir(context);
    const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', context], { cwd: source, encoding: 'utf8', timeout: 180_000 });
    expect(packed.status, `${packed.stdout}\n${packed.stderr}`).toBe(0);
    await copyFile(join(REPO, 'Dockerfile'), join(context, 'Dockerfile'));
    await copyFile(join(REPO, '.dockerignore'), join(context, '.dockerignore'));

    const tag = `localhost/mailpace-sandbox-test:${process.pid}`;
    const name = `mailpace-sandbox-test-${process.pid}`;
    const ca = extraCaFile();
    const built = podman([
      'build', ...PODMAN_FLAGS,
      // RUN steps reach the npm registry as this machine's own npm does.
      '--network', 'host',
      ...(ca ? ['--volume', `${ca}:/run/extra-ca.pem:ro`, '--build-arg', 'NODE_EXTRA_CA_CERTS=/run/extra-ca.pem'] : []),
      '--build-arg', `BASE=${BASE}`,
      '--tag', tag,
      context,
    ], 600_000);
    expect(built.ok, built.output).toBe(true);

    try {
      expect(podman(['image', 'inspect', '--format', '{{.Config.User}} {{json .Config.ExposedPorts}}', tag], 30_000).stdout.trim())
        .toBe('65534:65534 {"2465/tcp":{},"2525/tcp":{},"2580/tcp":{}}');

      // slirp4netns forwards the published ports in user space: the host listens on
      // 127.0.0.1 only and no packet goes to the container's own address.
      const cli = await startShellCommand([
        'exec podman run --rm', `--name ${name}`, ...PODMAN_FLAGS,
        '--network slirp4netns:port_handler=slirp4netns',
        '-p 127.0.0.1::2525 -p 127.0.0.1::2465 -p 127.0.0.1::2580',
        tag, `--ui-password ${PASSWORD} --json --write-cert /dev/stderr`,
      ].join(' '), 120_000);
      try {
        expect([cli.port, cli.tlsPort]).toEqual([2525, 2465]);
        const [smtp, tls, http] = [publishedPort(name, 2525), publishedPort(name, 2465), publishedPort(name, 2580)];
        const origin = `http://127.0.0.1:${http}`;

        const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(cli.stderr)![0];
        expect(await tlsGreeting(tls, cert)).toMatch(/^220 /);

        expect(await smtpSend(smtp, buildMessage({ subject: 'from the container' }))).toMatch(/^250 /);
        const sent = await fetch(`${origin}/api/v1/send`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
          body: JSON.stringify({ from: 'app@example.com', to: 'reader@example.net', subject: 'api from the container', textbody: 'Hi.' }),
        });
        expect(sent.status).toBe(200);

        expect((await fetch(`${origin}/`)).status).toBe(401);
        const auth = { Authorization: `Basic ${Buffer.from(`any:${PASSWORD}`).toString('base64')}` };
        const page = await fetch(`${origin}/`, { headers: auth });
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const html = await page.text();
        expect(html).toContain('<title>Sandbox inbox');
        const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
        const bundle = await fetch(`${origin}/${script}`, { headers: auth });
        expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);

        const records = (await cli.waitForLines(2)).map((l) => JSON.parse(l) as MessageRecord);
        expect(records.map((r) => [r.status, r.payload.subject])).toEqual([
          ['accepted', 'from the container'],
          ['accepted', 'api from the container'],
        ]);
        // Ctrl+C reaches the sandbox through podman; it shuts down cleanly and --rm removes the container.
        expect(await cli.stop('SIGINT')).toBe(0);
      } finally {
        await cli.stop('SIGKILL');
      }
    } finally {
      podman(['rm', '--force', '--ignore', name], 60_000);
      podman(['rmi', '--force', tag], 60_000);
      await rm(work, { recursive: true, force: true });
    }
  }, 900_000);
});
