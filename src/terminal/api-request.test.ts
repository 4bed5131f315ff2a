import { describe, expect, it } from 'vitest';
import { DEMO_TOKEN, SEND_API } from '../../simulator/index.ts';
import { curlCommand, shellQuote, tokenForDomain } from './api-request.ts';

describe('api request', () => {
  it('quotes single quotes for a POSIX shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('builds a curl command for the send endpoint with the token header', () => {
    const cmd = curlCommand({ from: 'a@example.com', to: 'b@example.net', subject: "Don't", tags: ['x'] }, DEMO_TOKEN);
    expect(cmd).toContain(`curl -X POST ${SEND_API.endpoint}`);
    expect(cmd).toContain(`-H '${SEND_API.tokenHeader}: ${DEMO_TOKEN}'`);
    const json = cmd.slice(cmd.indexOf("-d '") + 4, -1).replace(/'\\''/g, "'");
    expect(JSON.parse(json)).toEqual({ from: 'a@example.com', to: 'b@example.net', subject: "Don't", tags: ['x'] });
  });

  it('uses the demo token only for the demo domain', () => {
    expect(tokenForDomain('example.com')).toBe(DEMO_TOKEN);
    expect(tokenForDomain('other.test')).toBe('YOUR_API_TOKEN');
  });
});
