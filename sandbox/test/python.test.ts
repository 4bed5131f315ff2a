/** Python's standard library smtplib: starttls(), login(), send_message(), SMTP_SSL. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN, HOST, TOKEN, startTestSandbox, type TestSandbox } from './helpers.ts';
import { requireProgram, run } from './programs.ts';

let t: TestSandbox;
/** The sandbox's certificate, which Python is told to trust: its checks stay on. */
let certFile: string;
beforeAll(async () => {
  requireProgram('python3', 'python3');
  t = await startTestSandbox();
  certFile = join(await mkdtemp(join(tmpdir(), 'smtplib-')), 'sandbox.pem');
  await writeFile(certFile, t.sandbox.certificate.cert);
});
afterAll(() => t?.sandbox.close());

/** Runs a Python snippet with smtplib set up: `connect()` returns a logged-in or bare client. */
async function python(body: string, subject: string) {
  const code = `
import json, smtplib, ssl, sys
from email.message import EmailMessage
host, port, tls_port, token, domain, subject, cafile = sys.argv[1:8]
ctx = ssl.create_default_context(cafile=cafile)
port, tls_port = int(port), int(tls_port)
msg = EmailMessage()
msg['From'] = 'App <app@' + domain + '>'
msg['To'] = 'someone@example.net'
msg['Subject'] = subject
msg['X-MailPace-Tags'] = 'python, smtplib'
msg.set_content('Sent by smtplib.')
msg.add_attachment(b'a,b\\r\\n1,2\\r\\n', maintype='text', subtype='csv', filename='numbers.csv')
${body}
`;
  const before = t.messages.length;
  const r = await run('python3', ['-c', code, HOST, String(t.port), String(t.tlsPort), TOKEN, DOMAIN, subject, certFile]);
  return { ...r, records: t.messages.slice(before).map((m) => m.record) };
}

describe('python smtplib', () => {
  it('sends with starttls() and login() (AUTH PLAIN)', async () => {
    const r = await python(
      `
s = smtplib.SMTP(host, port, timeout=10)
s.starttls(context=ctx)
s.login(token, token)
print(json.dumps(s.send_message(msg)))
s.quit()`,
      'python plain',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({});
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ status: 'accepted', payload: { subject: 'python plain', tags: ['python', 'smtplib'] } });
    expect(r.records[0]!.payload.attachments?.[0]).toMatchObject({ name: 'numbers.csv', content_type: 'text/csv' });
  });

  it('sends with AUTH LOGIN', async () => {
    const r = await python(
      `
s = smtplib.SMTP(host, port, timeout=10)
s.starttls(context=ctx)
s.ehlo()
s.user, s.password = token, token
code, text = s.auth('LOGIN', s.auth_login)
print(code)
s.send_message(msg)
s.quit()`,
      'python login',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('235');
    expect(r.records[0]?.payload.subject).toBe('python login');
  });

  it('sends over SMTP_SSL (TLS from the first byte)', async () => {
    const r = await python(
      `
s = smtplib.SMTP_SSL(host, tls_port, context=ctx, timeout=10)
s.login(token, token)
s.send_message(msg)
s.quit()`,
      'python ssl',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.records[0]?.payload.subject).toBe('python ssl');
  });

  it('raises SMTPAuthenticationError 535 for a wrong token', async () => {
    const r = await python(
      `
s = smtplib.SMTP(host, port, timeout=10)
s.starttls(context=ctx)
try:
    s.login('wrong-token', 'wrong-token')
except smtplib.SMTPAuthenticationError as e:
    print(e.smtp_code, e.smtp_error.decode())
s.quit()`,
      'python wrong',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^535 5\.7\.8 /);
    expect(r.records).toEqual([]);
  });

  it('is told the From domain does not match the token (SMTPDataError 550)', async () => {
    const r = await python(
      `
del msg['From']
msg['From'] = 'someone@other.test'
s = smtplib.SMTP(host, port, timeout=10)
s.starttls(context=ctx)
s.login(token, token)
try:
    s.send_message(msg)
except smtplib.SMTPDataError as e:
    print(e.smtp_code, e.smtp_error.decode())
s.quit()`,
      'python mismatch',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`550 5.7.1 Message rejected: From domain other.test does not match the token's domain ${DOMAIN}`);
    expect(r.records[0]?.status).toBe('rejected');
  });
});
