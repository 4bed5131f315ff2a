/**
 * MailPace's policy over a finished message: what the record says, what the reply is,
 * and that the two never contradict each other.
 */
import { describe, expect, it } from 'vitest';
import { EXPLAINED_DROPS } from '../header-rules.ts';
import type { MessageRecord } from '../message-policy.ts';
import { authenticatedSession, feed, lastReply, simpleMessage, transaction, wireReply } from './harness.ts';

/** Sends one message through a fresh authenticated session; returns its record and final reply. */
async function send(message: string, rcpt = ['reader@example.net']): Promise<{ record: MessageRecord; reply: string }> {
  const s = await authenticatedSession();
  const fed = await feed(s, [transaction(message, 'sender@example.com', rcpt)]);
  const action = fed.actions.find((a) => a.type === 'message');
  if (!action || action.type !== 'message') throw new Error('no message record');
  return { record: action.record, reply: `${lastReply(fed.text)}\r\n` };
}

describe('List-Unsubscribe-Post', () => {
  const https = 'X-List-Unsubscribe: <https://example.com/u?x=1>, <mailto:unsub@example.com>\r\n';

  it('no warning ever asks for a header the policy then drops', async () => {
    const variants = [
      https,
      `${https}List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n`,
      'X-List-Unsubscribe: <mailto:unsub@example.com>\r\n',
      'X-List-Unsubscribe: https://example.com/u\r\n',
    ];
    for (const headers of variants) {
      const { record } = await send(simpleMessage(headers));
      for (const warning of record.warnings) {
        // Asking for a header means showing its "Name:" line; no dropped header may appear so.
        for (const name of EXPLAINED_DROPS) expect(warning.toLowerCase()).not.toContain(`${name}:`);
      }
    }
  });

  it('an https unsubscribe gets a simulated note, not an instruction', async () => {
    const { record } = await send(simpleMessage(https));
    const note = record.warnings.find((w) => w.includes('List-Unsubscribe-Post'));
    expect(note).toMatch(/^Simulated note: MailPace does not publish whether it adds List-Unsubscribe-Post/);
    expect(note).not.toMatch(/List-Unsubscribe=One-Click/);
  });

  it('a List-Unsubscribe-Post header is dropped with a simulated reason naming the missing API field', async () => {
    const { record } = await send(simpleMessage(`${https}List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n`));
    const dropped = record.dropped_headers.find((h) => h.name === 'List-Unsubscribe-Post');
    expect(dropped?.reason).toMatch(/simulated/i);
    expect(dropped?.reason).toMatch(/send API has no field for List-Unsubscribe-Post/);
    expect(record.payload.list_unsubscribe).toBe('<https://example.com/u?x=1>, <mailto:unsub@example.com>');
  });

  it('a mailto-only unsubscribe still says one-click needs an https URI', async () => {
    const { record } = await send(simpleMessage('X-List-Unsubscribe: <mailto:unsub@example.com>\r\n'));
    expect(record.warnings.some((w) => w.includes('one-click') && w.includes('https://'))).toBe(true);
  });
});

describe('From holds exactly one address (RFC 5322 §3.6)', () => {
  const headers = (from: string) => `${from}\r\nTo: Reader <reader@example.net>\r\nSubject: Test\r\n\r\nHello.\r\n`;

  it('two From fields are refused with 550 5.6.0, ours first or not, and both show in the record', async () => {
    for (const from of ['From: a@example.com\r\nFrom: b@other.example', 'From: b@other.example\r\nFrom: a@example.com']) {
      const { record, reply } = await send(headers(from));
      expect(reply).toBe(wireReply('badMessage', { why: 'the message has 2 From fields; only one is allowed (RFC 5322 §3.6)' }));
      expect(record.status).toBe('rejected');
      expect(record.payload.from?.split(', ').sort()).toEqual(['a@example.com', 'b@other.example']);
    }
  });

  it('one From field with two mailboxes is refused with 550 5.6.0, and both show in the record', async () => {
    for (const from of ['From: a@example.com, b@other.example', 'From: b@other.example, Ada <a@example.com>']) {
      const { record, reply } = await send(headers(from));
      expect(reply).toBe(wireReply('badMessage', { why: 'From must hold exactly one address (RFC 5322 §3.6); it lists 2' }));
      expect(record.payload.from).toContain('b@other.example');
      expect(record.payload.from).toContain('a@example.com');
    }
  });

  it('the reply text is whole, not cut by the parameter length cap', async () => {
    const { reply } = await send(headers('From: a@example.com\r\nFrom: b@example.com'));
    expect(reply).not.toContain('…');
  });

  it('one From with one mailbox is still accepted', async () => {
    const { record } = await send(headers('From: Ada <a@example.com>'));
    expect(record.status).toBe('accepted');
    expect(record.payload.from).toBe('Ada <a@example.com>');
  });
});

describe('Bcc and the envelope', () => {
  it('a Bcc header naming someone who is not an envelope recipient is warned about', async () => {
    const { record } = await send(simpleMessage('Bcc: hidden@example.org, reader2@example.net\r\n'), ['reader@example.net', 'reader2@example.net']);
    expect(record.payload.bcc).toBe('hidden@example.org, reader2@example.net');
    const warning = record.warnings.find((w) => w.startsWith('Bcc header addresses that are not envelope recipients'));
    expect(warning).toContain('hidden@example.org');
    expect(warning).not.toContain('reader2@example.net');
    expect(warning).toMatch(/simulated/);
  });

  it('an envelope recipient named nowhere is still warned about (the other direction)', async () => {
    const { record } = await send(simpleMessage(), ['reader@example.net', 'blind@example.org']);
    expect(record.warnings.some((w) => w.startsWith('Envelope recipients not named in To, Cc or Bcc (blind@example.org)'))).toBe(true);
    expect(record.payload.bcc).toBe('blind@example.org');
  });

  it('a Bcc header that matches the envelope raises no Bcc warning', async () => {
    const { record } = await send(simpleMessage('Bcc: reader2@example.net\r\n'), ['reader@example.net', 'reader2@example.net']);
    expect(record.warnings.filter((w) => w.includes('Bcc'))).toEqual([]);
  });
});

describe('the 50 To address limit', () => {
  it('the 51st To address refuses the message, and the reply names the To header and the count', async () => {
    const to = Array.from({ length: 51 }, (_, i) => `r${i}@example.net`).join(', ');
    const { reply, record } = await send(`From: sender@example.com\r\nTo: ${to}\r\nSubject: Many\r\n\r\nHi.\r\n`);
    expect(reply).toBe(wireReply('tooManyToAddresses', { count: 51, max: 50 }));
    expect(reply).toMatch(/To header lists 51 addresses; at most 50/);
    expect(record.status).toBe('rejected');
  });

  it('50 To addresses are accepted', async () => {
    const to = Array.from({ length: 50 }, (_, i) => `r${i}@example.net`).join(', ');
    const { record } = await send(`From: sender@example.com\r\nTo: ${to}\r\nSubject: Many\r\n\r\nHi.\r\n`);
    expect(record.status).toBe('accepted');
  });
});

describe('multipart bodies end where RFC 2046 §5.1.1 says', () => {
  // text (quoted-printable) and html alternatives, plus a 7bit text attachment.
  const fixture = [
    'From: Ada <sender@example.com>',
    'To: reader@example.net',
    'Subject: Parts',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Hello Bob,',
    'see the notes caf=C3=A9.',
    '',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello Bob,</p>',
    '<p>see the notes.</p>',
    '--inner--',
    '',
    '--outer',
    'Content-Type: text/plain; name="notes.txt"',
    'Content-Disposition: attachment; filename="notes.txt"',
    '',
    'line one',
    'line two',
    '--outer--',
    '',
  ].join('\r\n');

  /*
   * Python's email parser on the same bytes, computed once (Python 3.11):
   *   m = email.message_from_bytes(raw, policy=email.policy.default)
   *   [p.get_payload(decode=True).decode() for p in m.walk() if not p.is_multipart()]
   * gave "Hello Bob,\r\nsee the notes café.\r\n", "<p>Hello Bob,</p>\r\n<p>see the notes.</p>"
   * and "line one\r\nline two". postal-mime hands text over with LF line ends, so the
   * comparison is after CRLF -> LF; what matters is that no part gains a line break.
   */
  const python = {
    text: 'Hello Bob,\r\nsee the notes café.\r\n',
    html: '<p>Hello Bob,</p>\r\n<p>see the notes.</p>',
    attachment: 'line one\r\nline two',
  };
  const lf = (s: string) => s.replace(/\r\n/g, '\n');

  it('text, html and a 7bit attachment match Python, with no extra trailing newline', async () => {
    const { record } = await send(fixture);
    expect(record.status).toBe('accepted');
    expect(record.payload.textbody).toBe(lf(python.text));
    expect(record.payload.htmlbody).toBe(lf(python.html));
    const attachment = record.payload.attachments?.[0];
    expect(attachment?.name).toBe('notes.txt');
    expect(Buffer.from(attachment!.content, 'base64').toString('utf8')).toBe(lf(python.attachment));
  });

  it('a single-part message keeps its last line break, as Python does', async () => {
    const { record } = await send(simpleMessage('', 'one\r\ntwo'));
    // Python: get_payload() of the same message is "one\r\ntwo\r\n".
    expect(record.payload.textbody).toBe('one\ntwo\n');
  });
});

describe('base64 body parts are checked', () => {
  const withPart = (encoded: string, type = 'application/pdf; name="a.pdf"') =>
    [
      'From: sender@example.com',
      'To: reader@example.net',
      'Subject: b64',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'See attached.',
      '--b',
      `Content-Type: ${type}`,
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="a.pdf"',
      '',
      encoded,
      '--b--',
      '',
    ].join('\r\n');
  const b64Warnings = (r: MessageRecord) => r.warnings.filter((w) => w.startsWith('The base64 part'));

  it('valid base64, wrapped over lines, raises nothing', async () => {
    const { record } = await send(withPart('SGVsbG8sIHdv\r\ncmxkIQ=='));
    expect(b64Warnings(record)).toEqual([]);
  });

  it('characters outside the alphabet are warned about, with the part named', async () => {
    const { record } = await send(withPart('SGVs!bG8s*IHdvcmxkIQ=='));
    expect(b64Warnings(record)).toEqual([
      'The base64 part application/pdf "a.pdf" contains characters outside the base64 alphabet, which are skipped when decoding (RFC 2045 §6.8): what MailPace decodes may not be what you meant to send.',
    ]);
  });

  it('bad padding is warned about', async () => {
    for (const encoded of ['SGVsbG8', 'SGVsbG8===', 'SGVs=bG8s']) {
      const { record } = await send(withPart(encoded));
      expect(b64Warnings(record)).toHaveLength(1);
      expect(b64Warnings(record)[0]).toContain('missing or misplaced "=" padding');
    }
  });

  it('a base64 single-part message is checked too, however the encoding is spelt', async () => {
    for (const spelling of ['BASE64', 'bAsE64', 'base64 (a comment)']) {
      const message = `From: sender@example.com\r\nTo: reader@example.net\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: ${spelling}\r\n\r\nSGVsbG8@\r\n`;
      const { record } = await send(message);
      expect(b64Warnings(record)[0]).toMatch(/^The base64 part text\/plain contains characters outside/);
    }
  });
});
