/**
 * The Django and Flask-Mail snippets, run for real through the sandbox (see
 * snippet-harness.ts) with the versions Debian packages. Those import only under
 * /usr/bin/python3, so that interpreter runs them (the first python3 on PATH may be
 * another one). The smtplib snippet runs in snippet-delivery.test.ts.
 *
 * Python's ssl module reads SSL_CERT_FILE, which is how the harness makes a verifying
 * client trust the sandbox. Whether a client verifies at all differs, and each title
 * says which: Django checks certificates only from 4.2; Flask-Mail never does, so its
 * snippet brings a verifying subclass.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { targets, useSnippetSandbox, type Runner } from './snippet-harness.ts';
import { requireRuntime, succeeds } from './programs.ts';

const { django, flaskMail } = targets as Record<string, Runner['target']>;
const PYTHON = '/usr/bin/python3';
const DJANGO_PROJECT = fileURLToPath(new URL('python/django-project.py', import.meta.url));

/** What a line of Python prints, or '' when the interpreter or the package is missing. */
const pythonPrints = (code: string) => spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' }).stdout?.trim() ?? '';
const DJANGO_VERSION = pythonPrints('import django; print(django.get_version())') || 'not installed';
const FLASK_MAIL_VERSION =
  pythonPrints('import importlib.metadata as m; print(m.version("Flask-Mail"))') || 'not installed';
// Django's SMTP backend passes smtplib a verifying SSL context from 4.2 on.
const [major = 0, minor = 0] = (/^(\d+)\.(\d+)/.exec(DJANGO_VERSION)?.slice(1) ?? []).map(Number);
const DJANGO_CHECKS_CERTIFICATES = major > 4 || (major === 4 && minor >= 2);

const s = useSnippetSandbox();

// Each runner checks its runtime in `prepare`, inside every test, so a missing package
// fails each test with its name instead of leaving them skipped.
const DJANGO_RUNNER: Runner = {
  target: django!,
  command: [PYTHON, DJANGO_PROJECT],
  prepare: async () => requireRuntime(succeeds(PYTHON, ['-c', 'import django']), `Django for ${PYTHON}`, 'python3-django'),
};
const FLASK_RUNNER: Runner = {
  target: flaskMail!,
  command: [PYTHON, 'app.py'],
  prepare: async () => requireRuntime(succeeds(PYTHON, ['-c', 'import flask_mail']), `Flask-Mail for ${PYTHON}`, 'python3-flask-mail'),
};

s.describeDeliveries(
  `Django ${DJANGO_VERSION} (snippet written for Django 5)${DJANGO_CHECKS_CERTIFICATES ? '' : `; ${DJANGO_VERSION} checks no server certificate, only 4.2+ does`}`,
  DJANGO_RUNNER,
);

describe(`Django ${DJANGO_VERSION} and certificates`, () => {
  if (DJANGO_CHECKS_CERTIFICATES) {
    it('refuses the sandbox without its certificate', async () => {
      const r = await s.deliver(DJANGO_RUNNER, 'starttls', 'env', false);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/CERTIFICATE_VERIFY_FAILED/);
      expect(r.records).toEqual([]);
    });
  } else {
    // Not a goal: the evidence for the snippet's warning that Django before 4.2 accepts
    // any certificate. If Debian's Django starts verifying, this branch is no longer taken.
    for (const mode of ['starttls', 'tls'] as const) {
      it(`delivers over ${mode === 'tls' ? 'implicit TLS' : 'STARTTLS'} even without the sandbox certificate (why the snippet asks for 4.2+)`, async () => {
        const r = await s.deliver(DJANGO_RUNNER, mode, 'env', false);
        expect(r.code, r.output).toBe(0);
        expect(r.records).toHaveLength(1);
      });
    }
  }
});

s.describeDeliveries(
  `Flask-Mail ${FLASK_MAIL_VERSION}, through the snippet's VerifiedMail (Flask-Mail itself checks no certificate)`,
  FLASK_RUNNER,
);

describe(`Flask-Mail ${FLASK_MAIL_VERSION} with the snippet's VerifiedMail checks the certificate`, () => {
  for (const mode of ['starttls', 'tls'] as const) {
    it(`refuses the sandbox over ${mode === 'tls' ? 'implicit TLS' : 'STARTTLS'} without its certificate`, async () => {
      const r = await s.deliver(FLASK_RUNNER, mode, 'env', false);
      expect(r.code, r.output).not.toBe(0);
      expect(r.output).toMatch(/CERTIFICATE_VERIFY_FAILED/);
      expect(r.records).toEqual([]);
    });
  }
});

describe(`Flask-Mail ${FLASK_MAIL_VERSION} on its own`, () => {
  // The evidence for the snippet's warning: the same app.py with Flask-Mail's own Mail
  // in place of VerifiedMail sends to a server whose certificate nobody trusts.
  const plainMail: Runner = {
    ...FLASK_RUNNER,
    async prepare(dir, ctx) {
      await FLASK_RUNNER.prepare!(dir, ctx);
      await writeFile(join(dir, 'verified_mail.py'), 'from flask_mail import Mail as VerifiedMail  # noqa: F401\n');
    },
  };
  for (const mode of ['starttls', 'tls'] as const) {
    it(`accepts any certificate over ${mode === 'tls' ? 'implicit TLS' : 'STARTTLS'} (why the snippet adds VerifiedMail)`, async () => {
      const r = await s.deliver(plainMail, mode, 'env', false);
      expect(r.code, r.output).toBe(0);
      expect(r.records).toHaveLength(1);
    });
  }
});
