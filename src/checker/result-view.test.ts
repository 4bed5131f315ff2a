import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/index.ts';
import { CheckerHost } from './checker-host.ts';
import { MAX_CURL_BODY_CHARS } from './display-payload.ts';
import { checkedView } from './result-view.ts';
import { TOKEN_PLACEHOLDER } from '../terminal/api-request.ts';

const host = new CheckerHost();
const check = async (text: string, domain: string) => {
  const result = await host.check(new TextEncoder().encode(text).buffer as ArrayBuffer, { domain });
  if (result.kind !== 'checked') throw new Error(result.kind);
  return checkedView(result);
};

describe('checkedView', () => {
  it('builds the inspector view with the demo token only for the demo domain', async () => {
    const demo = await check('From: a@example.com\nTo: b@example.net\n\nhi\n', 'example.com');
    expect(demo.message.curl).toContain(DEMO_TOKEN);
    expect(demo.warnings).toHaveLength(1); // bare LFs
    const own = await check('From: a@shop.example\r\nTo: b@example.net\r\n\r\nhi\r\n', 'shop.example');
    expect(own.message.curl).toContain(TOKEN_PLACEHOLDER);
    expect(own.warnings).toEqual([]);
  });

  it('shortens a huge body in the curl call and says so', async () => {
    const body = 'x'.repeat(70).concat('\r\n').repeat(Math.ceil((2 * MAX_CURL_BODY_CHARS) / 72));
    const view = await check(`From: a@example.com\r\nTo: b@example.net\r\n\r\n${body}`, 'example.com');
    expect(view.message.curl.length).toBeLessThan(MAX_CURL_BODY_CHARS);
    expect(view.message.record.payload.textbody?.length).toBeGreaterThan(MAX_CURL_BODY_CHARS);
    expect(view.notes.some((n) => /curl/.test(n))).toBe(true);
  });
});
