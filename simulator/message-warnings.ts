/**
 * The message policy's advice: warnings that never refuse a message (line endings,
 * damaged base64, the unsubscribe header), each saying what to fix.
 */
import type { Base64Problem } from './base64-parts.ts';
import type { DataFlags } from './data-reader.ts';
import { HEADERS } from './mailpace-facts.ts';

/**
 * Advice on X-List-Unsubscribe. It never asks for a header the policy then drops:
 * List-Unsubscribe-Post has no send-API field (see header-rules.ts), and whether
 * MailPace adds it for one-click unsubscribe is unpublished, so the https case gets a
 * note that says exactly that, labelled simulated.
 */
export function unsubscribeWarnings(value: string): string[] {
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const warnings: string[] = [];
  if (entries.some((e) => !/^<[^<>]+>$/.test(e))) {
    warnings.push(`${HEADERS.unsubscribeIn} entries should each be wrapped in <...>, separated by commas (RFC 2369).`);
  }
  const hasHttps = entries.some((e) => e.startsWith('<https://'));
  if (!hasHttps) {
    warnings.push('No https:// unsubscribe URI: one-click unsubscribe (RFC 8058), which large mailbox providers expect from bulk senders, needs one.');
  } else {
    warnings.push(
      `Simulated note: MailPace does not publish whether it adds List-Unsubscribe-Post to the ${HEADERS.unsubscribeOut} it sends, which one-click unsubscribe (RFC 8058) needs. Send a test to an address you control and look at the headers that arrive.`,
    );
  }
  return warnings;
}

/** One warning per damaged base64 part. */
export function base64Warnings(problems: readonly Base64Problem[]): string[] {
  return problems.map((p) => {
    const part = `The base64 part ${p.type}${p.name ? ` "${p.name}"` : ''}`;
    const faults = p.faults.map((f) =>
      f === 'alphabet' ? 'contains characters outside the base64 alphabet, which are skipped when decoding' : 'has missing or misplaced "=" padding',
    );
    return `${part} ${faults.join(' and ')} (RFC 2045 §6.8): what MailPace decodes may not be what you meant to send.`;
  });
}

export function flagWarnings(flags: DataFlags, maxTextLine: number): string[] {
  const out: string[] = [];
  if (flags.bareLf) out.push('The message contains a bare LF (line feed without CR). It was kept as text and did not end the message, but fix your client to send CRLF.');
  if (flags.bareCr) out.push('The message contains a bare CR (carriage return without LF). It was kept as text; fix your client to send CRLF.');
  if (flags.nul) out.push('The message contains NUL bytes, which many mail systems refuse.');
  if (flags.longLine) out.push(`A line is longer than ${maxTextLine} octets (RFC 5321 §4.5.3.1.6); encode long content as quoted-printable or base64.`);
  return out;
}
