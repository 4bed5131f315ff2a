/**
 * The inbox page shows messages from SMTP and from the send API in the site's
 * inspector: its words about the curl call and the raw text follow the source.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import Inspector from '../../src/components/terminal/Inspector.tsx';

function record(status: MessageRecord['status']): MessageRecord {
  return {
    status,
    reply: status === 'accepted' ? '250 2.0.0 Accepted: queued as sandbox-1' : '550 5.7.1 refused',
    id: status === 'accepted' ? 'sandbox-1' : null,
    received_at: '2025-01-01T00:00:00.000Z',
    size: 10,
    envelope: { mail_from: 'app@example.com', rcpt_to: ['reader@example.net'] },
    payload: { from: 'app@example.com', to: 'reader@example.net', subject: 'Hi', textbody: 'x' },
    dropped_headers: [],
    warnings: [],
  };
}

const render = (status: MessageRecord['status'], source?: 'smtp' | 'api') =>
  renderToStaticMarkup(
    createElement(Inspector, { messages: [{ n: 1, record: record(status), raw: 'From: app@example.com\r\n\r\nx', curl: 'curl …' }], level: 3, source }),
  );

describe('the inspector names how a message came in', () => {
  it('says an SMTP message becomes an API call, by default and for source smtp', () => {
    for (const html of [render('accepted'), render('accepted', 'smtp')]) {
      expect(html).toContain('MailPace turns the SMTP message into this API call:');
      expect(html).toContain('Raw message as received');
      expect(html).not.toContain('send API');
    }
    expect(render('rejected', 'smtp')).toContain('The API would refuse this call the same way:');
  });

  it('says a message from the send API came in as that call, never that SMTP became it', () => {
    const accepted = render('accepted', 'api');
    expect(accepted).toContain('This message came in through the send API, as this call:');
    expect(accepted).toContain('Raw message built from the API call');
    expect(accepted).not.toMatch(/SMTP message|as received/);
    const rejected = render('rejected', 'api');
    expect(rejected).toContain('as this call, and was refused:');
    expect(rejected).not.toMatch(/SMTP message|would refuse/);
  });
});
