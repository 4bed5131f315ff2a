/**
 * One policy behind both front doors: the same message, broken in two ways at once,
 * goes through SMTP (nodemailer over real TCP, STARTTLS, AUTH) and through the send
 * API (fetch over HTTP), and both answers name the same rule: the one the core's
 * order puts first. Over SMTP the message is the very MIME the API request becomes,
 * sent raw, with the API's recipients as the envelope.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_ERRORS,
  API_ERROR_FOR_RULE,
  POLICY_RULES,
  SEND_API,
  makeReply,
  smtpReplyFor,
  type PolicyProblem,
  type PolicyRule,
} from '../../simulator/index.ts';
import { buildMime, type SendRequest } from '../mime-build.ts';
import { DOMAIN, HOST, TOKEN, startTestApp, type TestApp } from './helpers.ts';

interface Broken {
  rule: PolicyRule;
  /** The request field it breaks: two problems on one field cannot be combined. */
  field: keyof SendRequest;
  apply(request: SendRequest): void;
  /** The parameters the SMTP reply names. */
  params: PolicyProblem['params'];
}

const many = Array.from({ length: SEND_API.maxToAddresses + 1 }, (_, i) => `r${i}@example.net`);

const BROKEN: readonly Broken[] = [
  { rule: 'blockedRecipient', field: 'cc', apply: (r) => void (r.cc = 'blocked@example.net'), params: { address: 'blocked@example.net' } },
  { rule: 'fromNoAddress', field: 'from', apply: (r) => void (r.from = 'nobody'), params: {} },
  { rule: 'domainMismatch', field: 'from', apply: (r) => void (r.from = 'App <app@other.test>'), params: { fromDomain: 'other.test', domain: DOMAIN } },
  // No To at all: the one recipient is a blind copy, so SMTP still has an envelope.
  { rule: 'toMissing', field: 'to', apply: (r) => void ((r.to = undefined), (r.bcc = 'hidden@example.net')), params: {} },
  { rule: 'toInvalid', field: 'to', apply: (r) => void (r.to = 'reader@example.net, not-an-address'), params: { entry: 'not-an-address' } },
  { rule: 'tooManyTo', field: 'to', apply: (r) => void (r.to = many.join(', ')), params: { count: many.length, max: SEND_API.maxToAddresses } },
  {
    rule: 'blockedAttachment',
    field: 'attachments',
    apply: (r) => void (r.attachments = [{ name: 'setup.exe', content: 'TVo=', content_type: 'application/octet-stream' }]),
    params: { name: 'setup.exe', why: 'is a .exe file, which MailPace does not accept' },
  },
  { rule: 'noBody', field: 'textbody', apply: (r) => void (r.textbody = undefined), params: {} },
];

const pairs = BROKEN.flatMap((a, i) => BROKEN.slice(i + 1).filter((b) => b.field !== a.field).map((b) => [a, b] as const));

/** The problem the core's order answers with. */
const first = (problems: readonly Broken[]) => [...problems].sort((a, b) => POLICY_RULES.indexOf(a.rule) - POLICY_RULES.indexOf(b.rule))[0]!;

function request(problems: readonly Broken[]): SendRequest {
  const r: SendRequest = { from: `App <app@${DOMAIN}>`, to: 'reader@example.net', subject: 'Two doors', textbody: 'Hello.' };
  for (const p of problems) p.apply(r);
  return r;
}

/** The request's recipients with an address: the envelope over SMTP, as the API derives it. */
function recipients(r: SendRequest): string[] {
  return [r.to, r.cc, r.bcc].flatMap((list) => (list ?? '').split(',').map((a) => a.trim()).filter((a) => a.includes('@')));
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** The SMTP server's answer to the message: the reply line that refused it, or the 250. */
async function throughSmtp(r: SendRequest): Promise<string> {
  const transport = nodemailer.createTransport({
    host: HOST,
    port: t.port,
    secure: false,
    requireTLS: true,
    auth: { user: TOKEN, pass: TOKEN },
    tls: { ca: t.app.sandbox.certificate.cert },
  });
  try {
    const info = await transport.sendMail({ envelope: { from: `app@${DOMAIN}`, to: recipients(r) }, raw: Buffer.from(buildMime(r)) });
    return info.response;
  } catch (error) {
    return (error as { response?: string }).response ?? String(error);
  } finally {
    transport.close();
  }
}

async function throughApi(r: SendRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(`${t.origin}/api/v1/send`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'MailPace-Server-Token': TOKEN },
    body: JSON.stringify(r),
  });
  return { status: response.status, body: await response.text() };
}

async function expectBothDoorsSay(problems: readonly Broken[]): Promise<void> {
  const winner = first(problems);
  const r = request(problems);
  const reply = smtpReplyFor({ rule: winner.rule, params: winner.params });
  expect(await throughSmtp(r), `SMTP for ${problems.map((p) => p.rule).join(' + ')}`).toBe(makeReply(reply.name, reply.params).lines[0]);
  const api = API_ERROR_FOR_RULE[winner.rule];
  if (api === 'tooBig') throw new Error('no size problem is combined here');
  expect(await throughApi(r), `API for ${problems.map((p) => p.rule).join(' + ')}`).toEqual({ status: API_ERRORS[api].status, body: API_ERRORS[api].body });
}

describe('one policy behind both doors', () => {
  it('a well-formed message is taken by both', async () => {
    expect(await throughSmtp(request([]))).toMatch(/^250 /);
    expect((await throughApi(request([]))).status).toBe(200);
  });

  it.each(BROKEN.map((b) => [b.rule, b] as const))('%s alone: both doors answer with it', async (_rule, broken) => {
    await expectBothDoorsSay([broken]);
  });

  it.each(pairs.map(([a, b]) => [`${a.rule} + ${b.rule}`, a, b] as const))('%s: the same rule wins at both doors', async (_what, a, b) => {
    await expectBothDoorsSay([a, b]);
  });

  it('covers pairs where the order matters at both ends of it', () => {
    // The old split answered a bad attachment first over SMTP and the domain first over the API.
    expect(pairs.some(([a, b]) => a.rule === 'domainMismatch' && b.rule === 'blockedAttachment')).toBe(true);
    expect(first(BROKEN).rule).toBe('blockedRecipient');
  });
});
