/**
 * The SMTP session a message came in on, as `C:`/`S:` lines (the site's transcript
 * format), and a link that replays it in the site's simulator.
 */
import type { Detail } from './inbox-api.ts';
import { replayUrl } from './replay-link.ts';
import { DEMO_DOMAIN } from '../../simulator/config.ts';

function lineText(line: NonNullable<Detail['transcript']>['lines'][number]): string {
  return line.from === '#' ? `# ${line.text}` : `${line.from}: ${line.text}`;
}

export default function SessionTranscript({ detail, simulatorUrl }: { detail: Detail; simulatorUrl: string | null }) {
  const { transcript } = detail;
  return (
    <section className="inbox-transcript" aria-labelledby="inbox-transcript-title">
      <h3 id="inbox-transcript-title">SMTP transcript</h3>
      {transcript === null ? (
        <p className="smtp-muted">
          {detail.source === 'api'
            ? 'No SMTP session: this message came in through the send API.'
            : 'No transcript: this message was reloaded from a file in the --out folder that has none (an older sandbox wrote it).'}
        </p>
      ) : (
        <>
          <p className="smtp-muted">
            What the client sent (C) and the sandbox answered (S), in order. Tokens are masked; long message text is cut, and # lines say
            what was left out.
          </p>
          <pre className="inbox-transcript-lines" tabIndex={0} aria-label={`SMTP transcript of message ${detail.id}`}>
            {transcript.lines.map(lineText).join('\n')}
          </pre>
          <p>
            <a className="smtp-button" href={replayUrl(transcript, detail.inbox?.domain ?? null, simulatorUrl)} target="_blank" rel="noopener noreferrer">
              Replay this session in the simulator
            </a>
          </p>
          <p className="smtp-muted">
            The simulator (a simulated MailPace) replays the client's lines with its demo token, and {DEMO_DOMAIN} in place of{' '}
            {detail.inbox?.domain ?? 'your domain'}; lines the transcript did not keep are not replayed.
          </p>
        </>
      )}
    </section>
  );
}
