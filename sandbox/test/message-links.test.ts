/** The rules for links and one-time codes that `GET /api/messages/wait` returns (sandbox/message-links.ts). */
import { describe, expect, it } from 'vitest';
import { findCodes, findInMessage, findLinks, htmlText } from '../message-links.ts';

describe('findLinks', () => {
  it('takes text URLs, then HTML hrefs with entities decoded, then bare URLs in the HTML, each once', () => {
    const text = 'Confirm: https://app.test/confirm?t=abc&u=1. Or see (https://app.test/help).';
    const html = '<a href="https://app.test/confirm?t=abc&amp;u=1">Confirm</a> <a href=\'mailto:x@y\'>mail</a> <p>Docs at https://docs.test/a_(b)</p>';
    expect(findLinks(text, html)).toEqual(['https://app.test/confirm?t=abc&u=1', 'https://app.test/help', 'https://docs.test/a_(b)']);
  });

  it('finds nothing where there is nothing', () => {
    expect(findLinks('no links, just ftp://old.test and www.example.com', '')).toEqual([]);
  });
});

describe('findCodes', () => {
  it('takes 4 to 8 letters and digits near a keyword, after it or before it', () => {
    expect(findCodes('Your verification code is 482913.')).toEqual(['482913']);
    expect(findCodes('K7P2QX is your sign-in code')).toEqual(['K7P2QX']);
    expect(findCodes('Use PIN 0042 to unlock')).toEqual(['0042']);
    expect(findCodes('OTP: ab12cd34')).toEqual(['ab12cd34']);
  });

  it('leaves out words, numbers far from a keyword, too short or too long runs, and parts of links', () => {
    expect(findCodes('Your code is ready')).toEqual([]);
    expect(findCodes('Order 123456 shipped. Tracking and other things come later, and much later your code.')).toEqual([]);
    expect(findCodes('code 123 and code 123456789')).toEqual([]);
    expect(findCodes('Enter the code at https://app.test/v/9F8E7D6 now')).toEqual([]);
  });

  it('reads the text of HTML without its tags and scripts', () => {
    expect(findCodes(htmlText('<p>Your code:</p><p><b>7310</b></p><script>var code = "99999"</script>'))).toEqual(['7310']);
  });
});

describe('findInMessage', () => {
  it('reads a quoted-printable HTML part and the subject', async () => {
    const raw = new TextEncoder().encode(
      'From: a@example.com\r\nSubject: 551 203 is not a code, 5512 is your code\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<a href=3D"https://app.test/verify?token=3Dxyz&amp;next=3D%2F">Verify</a>\r\n',
    );
    expect(await findInMessage(raw)).toEqual({ links: ['https://app.test/verify?token=xyz&next=%2F'], codes: ['5512'] });
  });

  it('finds nothing in a message whose bytes were not kept', async () => {
    expect(await findInMessage(null)).toEqual({ links: [], codes: [] });
  });
});
