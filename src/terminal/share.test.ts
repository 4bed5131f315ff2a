import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/index.ts';
import { b64, plainArgument } from './encoding.ts';
import { decodeShare, encodeShare, findCredentials, shareUrl, withDemoCredentials, type SentLine } from './share.ts';

const cmd = (text: string): SentLine => ({ text, phase: 'command' });
const auth = (text: string): SentLine => ({ text, phase: 'auth' });

describe('share links', () => {
  it('round-trips through the URL fragment', () => {
    const url = shareUrl('https://docs.example/simulator/?x=1', { port: 465, preset: 'free', lines: ['EHLO a', 'Subject: é'] });
    const hash = new URL(url).hash;
    expect(decodeShare(hash)).toEqual({ port: 465, preset: 'free', lines: ['EHLO a', 'Subject: é'] });
  });

  it('rejects malformed or hostile fragments', () => {
    expect(decodeShare('#replay=%%%')).toBeNull();
    expect(decodeShare('#other=abc')).toBeNull();
    expect(decodeShare(`#replay=${encodeShare({ port: 587, lines: [] }).slice(0, 5)}`)).toBeNull();
    const crlf = Buffer.from(JSON.stringify({ v: 1, port: 587, lines: ['a\r\nb'] })).toString('base64url');
    expect(decodeShare(`#replay=${crlf}`)).toBeNull();
    const badPort = Buffer.from(JSON.stringify({ v: 1, port: 80, lines: [] })).toString('base64url');
    expect(decodeShare(`#replay=${badPort}`)).toBeNull();
  });

  it('finds nothing when only the demo token is used', () => {
    const lines = [cmd(`AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`), cmd('AUTH LOGIN'), auth(b64(DEMO_TOKEN)), auth(b64(DEMO_TOKEN)), cmd(`/plain ${DEMO_TOKEN}`)];
    expect(findCredentials(lines)).toEqual([]);
  });

  it('flags other credentials and token-shaped strings', () => {
    const real = '12345678-1234-4234-8234-123456789abc';
    const lines = [cmd(`AUTH PLAIN ${plainArgument(real)}`), cmd('AUTH LOGIN'), auth(b64(real)), cmd(`Subject: ${real}`)];
    expect(findCredentials(lines).map((f) => f.index)).toEqual([0, 2, 3]);
  });

  it('swaps credentials for the demo token, keeping the mechanism', () => {
    const real = 'secret-token';
    const swapped = withDemoCredentials([cmd(`AUTH PLAIN ${plainArgument(real)}`), cmd('AUTH LOGIN'), auth(b64(real)), auth(b64(real)), cmd('AUTH PLAIN'), auth(plainArgument(real))]);
    expect(swapped.map((l) => l.text)).toEqual([
      `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`,
      'AUTH LOGIN',
      b64(DEMO_TOKEN),
      b64(DEMO_TOKEN),
      'AUTH PLAIN',
      plainArgument(DEMO_TOKEN),
    ]);
    expect(findCredentials(swapped)).toEqual([]);
  });

  it('cuts very long sessions at a line boundary', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const decoded = decodeShare(`#replay=${encodeShare({ port: 587, lines })}`);
    expect(decoded).not.toBeNull();
    expect(decoded!.lines.length).toBeLessThan(lines.length);
    expect(decoded!.lines).toEqual(lines.slice(0, decoded!.lines.length));
  });
});
