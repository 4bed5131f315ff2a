/**
 * A message's SMTP transcript as a share link of the site's simulator, so a failure
 * from a real app can be replayed there, line by line, as a lesson.
 *
 * The link is made by the site's own encoder (`shareUrl`), with the lines the client
 * sent. The simulator knows only its demo token and domain, so the masked credentials
 * become the demo token's (`withDemoCredentials`, as the terminal's own share does) and
 * the token's domain becomes the demo domain wherever it follows an `@`. Everything else
 * replays as sent, so a sender on another domain is refused there as it was here.
 */
import { DEMO_DOMAIN } from '../../simulator/config.ts';
import { isPort, type Port } from '../../src/terminal/ports.ts';
import { shareUrl, withDemoCredentials, type SentLine } from '../../src/terminal/share.ts';
import type { SessionTranscript } from '../api-types.ts';
import { LOCAL_SITE_URL, simulatorPageUrl } from '../simulator-link.ts';

/** The local site's simulator page (`npm start`): where links go without `--site`. */
export const DEFAULT_SIMULATOR_URL = simulatorPageUrl(LOCAL_SITE_URL);

/** The published port a replay runs on: the submission port for STARTTLS, 465 for TLS from the first byte. */
function replayPort(mode: SessionTranscript['port_mode']): Port {
  const port = mode === 'implicit-tls' ? 465 : 587;
  if (!isPort(port)) throw new Error(`${port} is not one of MailPace's published ports`);
  return port;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The client's lines, ready for the simulator: demo credentials, demo domain. */
export function replayLines(transcript: SessionTranscript, domain: string | null): string[] {
  const sent: SentLine[] = [];
  for (const line of transcript.lines) {
    if (line.from === 'C' && line.phase !== 'tls') sent.push({ text: line.text, phase: line.phase });
  }
  const ownDomain = domain && domain.toLowerCase() !== DEMO_DOMAIN ? new RegExp(`@${escapeRegExp(domain)}\\b`, 'gi') : null;
  return withDemoCredentials(sent).map((l) => (ownDomain ? l.text.replace(ownDomain, `@${DEMO_DOMAIN}`) : l.text));
}

/** The link that replays the transcript on the simulator page at `simulatorUrl`. */
export function replayUrl(transcript: SessionTranscript, domain: string | null, simulatorUrl: string | null): string {
  return shareUrl(simulatorUrl ?? DEFAULT_SIMULATOR_URL, { port: replayPort(transcript.port_mode), lines: replayLines(transcript, domain) });
}
