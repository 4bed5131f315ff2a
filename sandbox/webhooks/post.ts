/**
 * One webhook request: POST the signed body, wait for the whole answer within a time
 * limit, and say how it went. Never throws; never waits longer than the limit.
 *
 * A receiver that hangs (accepts and never answers, or trickles its answer) is cut
 * off at the limit; a huge answer is read only as far as `ANSWER_CHARS` and the rest
 * discarded, so a hostile receiver cannot hold memory or a slot.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { WEBHOOKS } from '../../simulator/index.ts';
import type { AttemptOutcome } from './types.ts';

/** How much of the receiver's answer is kept for the log. */
export const ANSWER_CHARS = 500;

export interface PostResult {
  outcome: AttemptOutcome;
  status: number | null;
  answer: string;
  duration_ms: number;
}

/** Connections kept open between deliveries (a replay may need one more), as a busy sender would. */
export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

export function createAgents(maxSockets: number): Agents {
  return { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
}

export function postWebhook(agents: Agents, url: URL, body: Buffer, signature: string, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome, status: number | null, answer: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, status, answer: answer.slice(0, ANSWER_CHARS), duration_ms: Math.round(performance.now() - started) });
    };
    const req = request(url, {
      method: WEBHOOKS.method,
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      headers: {
        'Content-Type': WEBHOOKS.contentType,
        'Content-Length': body.byteLength,
        [WEBHOOKS.signatureHeader]: signature,
        'User-Agent': 'mailpace-sandbox-webhooks (simulated)',
      },
    });
    const timer = setTimeout(() => {
      finish('temporary', null, `timed out: no whole answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      // TLS problems count as temporary, as MailPace's guide says; other connection errors do not.
      const tls = /^ERR_TLS_|CERT|SSL/.test(error.code ?? '') || /certificate|SSL/i.test(error.message);
      finish(tls ? 'temporary' : 'refused', null, `${error.code ?? 'error'}: ${error.message}`);
    });
    req.on('response', (res: IncomingMessage) => {
      let answer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (answer.length < ANSWER_CHARS) answer += chunk;
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        finish(status >= 200 && status < 300 ? 'delivered' : 'refused', status, answer);
      });
      res.on('error', (error) => finish('refused', res.statusCode ?? null, `answer cut short: ${error.message}`));
    });
    req.end(body);
  });
}
