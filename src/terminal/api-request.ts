/**
 * The HTTPS API request equivalent to a message sent over SMTP: the inspector
 * shows it as a curl command, so a reader sees both routes produce one payload.
 */
import { DEMO_DOMAIN, DEMO_TOKEN } from '../../simulator/config.ts';
import type { SendPayload } from '../../simulator/index.ts';
import { SEND_API } from '../../simulator/mailpace-facts.ts';

export const TOKEN_PLACEHOLDER = 'YOUR_API_TOKEN';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed and escaped. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The token a domain sends with in the simulator; a placeholder for anything else. */
export function tokenForDomain(domain: string | null): string {
  return domain === DEMO_DOMAIN ? DEMO_TOKEN : TOKEN_PLACEHOLDER;
}

/** The JSON body, with the API's field names, in the API documentation's order. */
export function requestBody(payload: SendPayload): string {
  return JSON.stringify(payload, null, 2);
}

/** A curl command that sends `payload` with the HTTPS API. */
export function curlCommand(payload: SendPayload, token: string): string {
  return [
    `curl -X POST ${SEND_API.endpoint} \\`,
    `  -H 'Accept: application/json' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H ${shellQuote(`${SEND_API.tokenHeader}: ${token}`)} \\`,
    `  -d ${shellQuote(requestBody(payload))}`,
  ].join('\n');
}
