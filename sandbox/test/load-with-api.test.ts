/**
 * Nothing lost: 100 SMTP clients × 3 messages through the real CLI while a live-feed
 * client is connected, the list is polled and long polls wait. Every message is
 * recorded exactly once: on stdout, in the inbox and on the feed.
 */
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import { DOMAIN, RawClient, buildMessage, cliInboxOrigin, expectCode, startCli } from './helpers.ts';

const CLIENTS = 100;
const MESSAGES = 3;
const TOTAL = CLIENTS * MESSAGES;

describe('load with the API in use', () => {
  it(`${CLIENTS} clients × ${MESSAGES} messages while the feed is open and the API is polled: each recorded once`, async () => {
    const cli = await startCli(['--json', '--port', '0', '--tls-port', '0', '--max-connections', String(CLIENTS + 10)]);
    const origin = cliInboxOrigin(cli);
    const feedIds = new Set<number>();
    let feedEvents = 0;
    const feed = await fetch(`${origin}/api/events`);
    const reading = (async () => {
      const reader = feed.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      while (feedIds.size < TOTAL) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        // Only whole events: everything up to the last blank line.
        const end = buffer.lastIndexOf('\n\n');
        if (end === -1) continue;
        for (const match of buffer.slice(0, end + 2).matchAll(/^id: (\d+)\nevent: message\n/gm)) {
          feedEvents++;
          feedIds.add(Number(match[1]));
        }
        buffer = buffer.slice(end + 2);
      }
      await reader.cancel();
    })();

    let polling = true;
    const polls = (async () => {
      let n = 0;
      while (polling) {
        const r = await fetch(`${origin}/api/messages?limit=20&subject=c`);
        expect(r.status).toBe(200);
        await r.json();
        n++;
      }
      return n;
    })();
    const waits = Array.from({ length: 5 }, (_, i) => fetch(`${origin}/api/messages/wait?subject=c${i * 20}-m2&timeout=60`).then((r) => r.json() as Promise<{ record: MessageRecord }>));

    try {
      const clients = await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          const c = await RawClient.connect(cli.port);
          await c.login();
          return c;
        }),
      );
      await Promise.all(
        clients.map(async (c, i) => {
          for (let m = 0; m < MESSAGES; m++) {
            expectCode(await c.command(`MAIL FROM:<app@${DOMAIN}>`, 20_000), 250);
            expectCode(await c.command('RCPT TO:<reader@example.net>', 20_000), 250);
            expectCode(await c.command('DATA', 20_000), 354);
            expectCode(await c.command(`${buildMessage({ subject: `c${i}-m${m}` })}.`, 20_000), 250);
          }
          expectCode(await c.command('QUIT', 20_000), 221);
        }),
      );
      const lines = await cli.waitForLines(TOTAL, 30_000);
      polling = false;
      expect(await polls).toBeGreaterThan(0);
      for (const [i, w] of (await Promise.all(waits)).entries()) expect(w.record.payload.subject).toBe(`c${i * 20}-m2`);
      await reading;

      const subjects = lines.map((l) => (JSON.parse(l) as MessageRecord).payload.subject);
      expect(new Set(subjects).size).toBe(TOTAL);
      const list = (await (await fetch(`${origin}/api/messages`)).json()) as { total: number; dropped: number; messages: { id: number; subject: string }[] };
      expect(list.total).toBe(TOTAL);
      expect(list.dropped).toBe(0);
      expect(new Set(list.messages.map((m) => m.subject))).toEqual(new Set(subjects));
      expect(new Set(list.messages.map((m) => m.id)).size).toBe(TOTAL);
      expect(feedEvents).toBe(TOTAL);
      expect(feedIds).toEqual(new Set(list.messages.map((m) => m.id)));
    } finally {
      polling = false;
      await cli.stop('SIGKILL');
    }
  });
});
