/** The docs' example sessions must show what their headings promise. */
import { describe, expect, it } from 'vitest';
import { REPLIES, SmtpSession, playScript, type ReplyName, type SessionOutput } from '../../simulator/index.ts';
import { SCRIPTS, type ClientScript, type ScriptName } from './scripts.ts';

/** The reply each script exists to show, by catalogue name (never by wording). */
const SHOWS: Record<ScriptName, ReplyName> = {
  'first-send': 'queued',
  'starttls-to-auth': 'authOk',
  'implicit-tls': 'authOk',
  'auth-plain': 'authOk',
  'auth-plain-challenge': 'authOk',
  'auth-login': 'authOk',
  'wrong-token': 'authFailed',
  'mail-before-auth': 'authRequired',
  'auth-before-tls': 'tlsRequired',
  'domain-mismatch': 'domainMismatch',
  'tags-and-unsubscribe': 'queued',
  'blocked-attachment': 'blockedAttachment',
  'too-many-to': 'tooManyToAddresses',
  'blocked-recipient': 'blockedRecipient',
  dkim: 'dkimNotVerified',
  plan: 'noActivePlan',
  disabled: 'organizationDisabled',
  rate: 'rateLimited',
};

/** The 'implicit-tls' page shows STARTTLS refused on purpose; every other 50x would be a slip. */
const SHOWN_ON_PURPOSE: readonly ReplyName[] = ['startTlsOnTlsPort'];

/** Plays a script the way `playScript` does, keeping each reply's catalogue name. */
async function replyNames(script: ClientScript): Promise<ReplyName[]> {
  const session = new SmtpSession({ port: script.port, failures: new Set(script.failures ?? []) });
  const names: ReplyName[] = [];
  const take = (output: SessionOutput): boolean => {
    let startTls = false;
    for (const action of output.actions) {
      if (action.type === 'send') names.push(action.reply.name);
      if (action.type === 'start-tls') startTls = true;
    }
    return startTls;
  };
  take(session.start());
  for (const line of script.lines) {
    if (session.closed) break;
    if (take(await session.receive(`${line}\r\n`))) session.tlsEstablished();
  }
  return names;
}

describe.each(Object.keys(SCRIPTS) as ScriptName[])('docs script %s', (name) => {
  it(`shows ${SHOWS[name]}`, async () => {
    const names = await replyNames(SCRIPTS[name]);
    expect(names).toContain(SHOWS[name]);
    // Nothing in an example should be an accidental syntax or sequence error.
    const slips = names.filter((n) => REPLIES[n].code >= 500 && REPLIES[n].code <= 504 && !SHOWN_ON_PURPOSE.includes(n));
    expect(slips).toEqual([]);
  });
});

it('the tags example carries its tags and unsubscribe into the record', async () => {
  const { records } = await playScript(SCRIPTS['tags-and-unsubscribe'].lines, { port: SCRIPTS['tags-and-unsubscribe'].port });
  expect(records[0]!.payload.tags).toEqual(['welcome', 'onboarding']);
  expect(records[0]!.payload.list_unsubscribe).toBe('<https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com>');
});

it('no docs script sends List-Unsubscribe-Post (MailPace publishes nothing on it over SMTP)', () => {
  for (const script of Object.values(SCRIPTS)) expect(script.lines.join('\n')).not.toMatch(/^List-Unsubscribe-Post:/im);
});
