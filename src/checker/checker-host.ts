/**
 * The checker's worker side: classifies the input, normalises line endings, takes
 * the envelope from the headers, and runs the core's `evaluateMessage`, the same
 * policy the SMTP session applies after the final dot. Returns typed results only;
 * the page owns every sentence the reader sees.
 *
 * Runs inside `checker.worker.ts`, and in Node for the unit tests.
 */
import type { addressParser as AddressParser } from 'postal-mime';
import { DEMO_DOMAIN, SEND_API, evaluateMessage, resolveConfig, type MessageRecord } from '../../simulator/index.ts';
import { classifyInput, type Refusal } from './classify.ts';
import { rawPreview, shortenAttachments } from './display-payload.ts';
import { headerValues, type HeaderField } from './header-block.ts';
import { lineFlags, normaliseLineEndings } from './line-endings.ts';

export interface CheckOptions {
  /** The domain the reader's token belongs to; empty means the demo token's domain. */
  domain: string;
}

export type CheckResult =
  | { kind: 'refused'; refusal: Refusal }
  | {
      kind: 'checked';
      record: MessageRecord;
      /** The message as checked (CRLF), up to `MAX_RAW_CHARS`. */
      raw: string;
      rawShortened: boolean;
      /** Bare LFs turned into CRLF before the check. */
      bareLf: number;
      /** Attachment contents shortened in `record.payload`. */
      attachmentsShortened: boolean;
      /** The domain the message was checked against. */
      domain: string;
    };

/** The raw message is shown for reference; the reader already has the whole of it. */
export { MAX_RAW_CHARS } from './display-payload.ts';

/**
 * The envelope a mail library derives from the headers: From, and every To, Cc and Bcc.
 * The parser is passed in because postal-mime loads with the first message (a dynamic
 * import in the core), and a static import here would pull it into the worker's start.
 */
export function envelopeFromHeaders(fields: readonly HeaderField[], addressParser: typeof AddressParser): { mailFrom: string; rcptTo: string[] } {
  const addresses = (name: string) =>
    headerValues(fields, name)
      .flatMap((v) => addressParser(v))
      .flatMap((a) => (a.group ? a.group : [a]))
      .map((m) => m.address)
      .filter(Boolean);
  const rcptTo: string[] = [];
  const seen = new Set<string>();
  for (const address of [...addresses('To'), ...addresses('Cc'), ...addresses('Bcc')]) {
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    rcptTo.push(address);
  }
  return { mailFrom: addresses('From')[0] ?? '', rcptTo };
}

let checks = 0;

export class CheckerHost {
  /** Checks one raw message. The buffer is the page's, transferred. */
  async check(buffer: ArrayBuffer, options: CheckOptions): Promise<CheckResult> {
    const config = resolveConfig({ now: () => Date.now(), nextId: () => `check-${Date.now().toString(36)}-${(++checks).toString(36)}` });
    const verdict = classifyInput(new Uint8Array(buffer), SEND_API.maxSizeBytes);
    if (!verdict.ok) return { kind: 'refused', refusal: verdict.refusal };
    const { bytes, bareLf } = normaliseLineEndings(new Uint8Array(buffer));
    // CRLF added to bare LFs can push a message just under the limit over it.
    if (bytes.length > SEND_API.maxSizeBytes) return { kind: 'refused', refusal: { kind: 'too-big', size: bytes.length, max: SEND_API.maxSizeBytes } };
    const { bareCr, longLine } = lineFlags(bytes, config.limits.maxTextLineBytes);
    const domain = options.domain || DEMO_DOMAIN;
    const { addressParser } = await import('postal-mime');
    const { mailFrom, rcptTo } = envelopeFromHeaders(verdict.fields, addressParser);
    const { record } = await evaluateMessage(bytes, {
      config,
      source: 'smtp',
      token: '',
      domain,
      mailFrom,
      rcptTo,
      size: bytes.length,
      flags: { bareLf: false, bareCr, nul: false, longLine },
    });
    const { payload, shortened } = shortenAttachments(record.payload);
    return {
      kind: 'checked',
      record: { ...record, payload },
      ...rawPreview(bytes),
      bareLf,
      attachmentsShortened: shortened,
      domain,
    };
  }
}
