/**
 * Load through the real CLI: 200 connections open at the same time, each sending
 * 5 messages; stdout (`--json`) must list every accepted message exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../simulator/index.ts';
import { DOMAIN, RawClient, buildMessage, expectCode, startCli } from './helpers.ts';

const CONNECTIONS = 200;
const MESSAGES = 5;

describe('concurrency', () => {
  it(`${CONNECTIONS} concurrent connections × ${MESSAGES} messages: each accepted message appears exactly once`, async () => {
    const cli = await startCli(['--json', '--port', '0', '--tls-port', '0', '--max-connections', String(CONNECTIONS + 10)]);
    try {
      // Every client logs in (STARTTLS + AUTH) before any of them sends: all 200 are open at once.
      const clients = await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          const c = await RawClient.connect(cli.port);
          await c.login();
          return c;
        }),
      );
      const replies = await Promise.all(
        clients.map(async (c, i) => {
          const ids: string[] = [];
          for (let m = 0; m < MESSAGES; m++) {
            expectCode(await c.command(`MAIL FROM:<app@${DOMAIN}>`, 20_000), 250);
            expectCode(await c.command('RCPT TO:<reader@example.net>', 20_000), 250);
            expectCode(await c.command('DATA', 20_000), 354);
            const reply = expectCode(await c.command(`${buildMessage({ subject: `c${i}-m${m}`, body: `connection ${i}, message ${m}` })}.`, 20_000), 250);
            ids.push(reply.replace(/^250 2\.0\.0 Accepted: queued as /, ''));
          }
          expectCode(await c.command('QUIT', 20_000), 221);
          return ids;
        }),
      );
      const total = CONNECTIONS * MESSAGES;
      const lines = await cli.waitForLines(total, 30_000);
      await new Promise((r) => setTimeout(r, 300)); // nothing more may follow
      expect(cli.lines()).toHaveLength(total);

      const records = lines.map((l) => JSON.parse(l) as MessageRecord);
      expect(records.every((r) => r.status === 'accepted')).toBe(true);
      const subjects = records.map((r) => r.payload.subject);
      expect(new Set(subjects).size).toBe(total);
      for (let i = 0; i < CONNECTIONS; i++) for (let m = 0; m < MESSAGES; m++) expect(subjects).toContain(`c${i}-m${m}`);
      // The IDs the clients were given are exactly the IDs in the output.
      expect(records.map((r) => r.id).sort()).toEqual(replies.flat().sort());
      expect(new Set(records.map((r) => r.id)).size).toBe(total);
    } finally {
      await cli.stop('SIGKILL');
    }
  });
});
