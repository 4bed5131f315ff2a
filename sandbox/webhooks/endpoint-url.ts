/**
 * `--webhook URL`: only this machine. The sandbox never sends anything off it, so a
 * webhook may go to localhost, 127.x.x.x or [::1] only, over http (or https when the
 * receiver has a certificate Node trusts). MailPace itself requires https://; on
 * loopback plain http is the sandbox's allowance (simulated).
 */

const LOOPBACK_HOST = /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/** The URL, normalized; throws with a message that says what to fix. */
export function parseWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--webhook expects a URL such as http://127.0.0.1:4000/webhooks, not "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--webhook must be an http:// or https:// URL, not "${text}"`);
  if (url.username || url.password) throw new Error(`--webhook: leave credentials out of the URL ("${text}")`);
  if (!LOOPBACK_HOST.test(url.hostname)) {
    throw new Error(`--webhook must point at this machine (localhost, 127.0.0.1 or [::1]): the sandbox never sends anything to other hosts; got "${url.hostname}"`);
  }
  return url.href;
}
