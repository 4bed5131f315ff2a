/**
 * Transcripts: an SMTP conversation as `C:` (client) and `S:` (server) lines.
 *
 * `playScript` runs client lines through a real session and records what the core
 * answered: the docs render their example sessions from it, so no server reply on
 * the site is typed by hand. `parseTranscript` reads fixture files for the tests.
 */
import type { SessionOptions } from './config.ts';
import type { MessageRecord } from './message-policy.ts';
import type { SessionOutput } from './output.ts';
import { SmtpSession } from './session.ts';

export interface TranscriptLine {
  from: 'C' | 'S';
  text: string;
}

export interface PlayedScript {
  lines: TranscriptLine[];
  records: MessageRecord[];
  session: SmtpSession;
}

/** Marker line shown where the TLS handshake happens after STARTTLS. */
export const TLS_MARKER = '[TLS handshake]';

function serverLines(output: SessionOutput, into: TranscriptLine[], records: MessageRecord[]): boolean {
  let startTls = false;
  for (const action of output.actions) {
    if (action.type === 'send') for (const text of action.reply.lines) into.push({ from: 'S', text });
    if (action.type === 'message') records.push(action.record);
    if (action.type === 'start-tls') startTls = true;
  }
  return startTls;
}

/**
 * Plays client lines one at a time, as an interactive client would, completing any
 * STARTTLS handshake in place. Lines between DATA and the final dot are message text.
 */
export async function playScript(clientLines: readonly string[], options: SessionOptions = {}): Promise<PlayedScript> {
  const session = new SmtpSession(options);
  const lines: TranscriptLine[] = [];
  const records: MessageRecord[] = [];
  serverLines(session.start(), lines, records);
  for (const text of clientLines) {
    if (session.closed) break;
    lines.push({ from: 'C', text });
    if (serverLines(await session.receive(`${text}\r\n`), lines, records)) {
      session.tlsEstablished();
      lines.push({ from: 'C', text: TLS_MARKER });
    }
  }
  return { lines, records, session };
}

export function formatTranscript(lines: readonly TranscriptLine[]): string {
  return lines.map((l) => `${l.from}: ${l.text}`).join('\n');
}

export interface TranscriptFixture {
  /** Client bytes, split after each STARTTLS so a replay can finish the handshake between them. */
  segments: string[];
  /** Every server line, in order. */
  server: string[];
}

/** Reads a `C:`/`S:` fixture. `#` lines are comments; the TLS marker line is skipped. */
export function parseTranscript(text: string): TranscriptFixture {
  const segments: string[] = [''];
  const server: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const body = line.slice(3);
    if (line.startsWith('S: ') || line === 'S:') server.push(body);
    else if (line.startsWith('C: ') || line === 'C:') {
      if (body === TLS_MARKER) continue;
      segments[segments.length - 1] += `${body}\r\n`;
      if (/^STARTTLS$/i.test(body)) segments.push('');
    } else throw new Error(`Fixture line must start with "C: ", "S: " or "#": ${line}`);
  }
  return { segments: segments.filter((s, i) => s !== '' || i === 0), server };
}
