/** Replay links: made with the site's encoder, read back by the site's decoder, credentials and domain swapped for the demo's. */
import { describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_TOKEN } from '../../simulator/config.ts';
import { decodeShare, findCredentials } from '../../src/terminal/share.ts';
import type { SessionTranscript } from '../api-types.ts';
import { DEFAULT_SIMULATOR_URL, replayLines, replayUrl } from './replay-link.ts';

const transcript: SessionTranscript = {
  port_mode: 'starttls',
  lines: [
    { from: 'S', text: '220 localhost ESMTP' },
    { from: 'C', text: 'EHLO app.local', phase: 'command' },
    { from: 'S', text: '250 localhost' },
    { from: 'C', text: 'STARTTLS', phase: 'command' },
    { from: 'S', text: '220 2.0.0 Ready to start TLS' },
    { from: 'C', text: '[TLS handshake]', phase: 'tls' },
    { from: 'C', text: 'AUTH LOGIN <masked>', phase: 'command' },
    { from: 'S', text: '334 UGFzc3dvcmQ6' },
    { from: 'C', text: '<masked>', phase: 'auth' },
    { from: 'C', text: 'MAIL FROM:<app@Shop.test>', phase: 'command' },
    { from: 'C', text: 'DATA', phase: 'command' },
    { from: 'C', text: 'From: Shop <app@shop.test>', phase: 'data' },
    { from: '#', text: 'about 3 KB more of message text not kept' },
    { from: 'C', text: '.', phase: 'data' },
  ],
};

describe('replay links', () => {
  it('sends the client lines, TLS marker and notes left out, with the demo token and domain', () => {
    const lines = replayLines(transcript, 'shop.test');
    expect(lines).toEqual([
      'EHLO app.local',
      'STARTTLS',
      `AUTH LOGIN ${btoa(DEMO_TOKEN)}`,
      btoa(DEMO_TOKEN),
      `MAIL FROM:<app@${DEMO_DOMAIN}>`,
      'DATA',
      `From: Shop <app@${DEMO_DOMAIN}>`,
      '.',
    ]);
    // The site's own check finds no credential to warn about.
    expect(findCredentials(lines.map((text) => ({ text, phase: 'command' as const })))).toEqual([]);
  });

  it('is a link the simulator page decodes, on the configured site or the public one', () => {
    const url = new URL(replayUrl(transcript, 'shop.test', 'http://localhost:4321/simulator/'));
    expect(url.origin + url.pathname).toBe('http://localhost:4321/simulator/');
    expect(decodeShare(url.hash)).toEqual({ port: 587, lines: replayLines(transcript, 'shop.test') });
    expect(replayUrl({ ...transcript, port_mode: 'implicit-tls' }, null, null).startsWith(`${DEFAULT_SIMULATOR_URL}#replay=`)).toBe(true);
    expect(decodeShare(new URL(replayUrl({ ...transcript, port_mode: 'implicit-tls' }, null, null)).hash)?.port).toBe(465);
  });
});
