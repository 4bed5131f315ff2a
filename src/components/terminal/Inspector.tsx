/**
 * The message inspector: what the core made of each message sent with DATA.
 *
 * Everything from the message is untrusted. Headers and bodies are rendered as
 * React text (escaped); the HTML body is sanitized with DOMPurify and shown in an
 * iframe with an empty `sandbox` (no scripts, no same-origin access) and a CSP
 * that blocks every network fetch, so nothing leaves the browser.
 */
import DOMPurify from 'dompurify';
import { useEffect, useMemo, useState } from 'react';
import type { MessageSource } from '../../../simulator/index.ts';
import type { MessageView } from '../../terminal/controller.ts';
import { requestBody } from '../../terminal/api-request.ts';
import CopyButton from './CopyButton.tsx';

const PREVIEW_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

/** The sanitized HTML body as an iframe document. Exported for tests of the sanitizing step. */
export function previewDocument(html: string): string {
  const clean = DOMPurify.sanitize(html, { FORBID_TAGS: ['form', 'base', 'meta', 'link'], FORBID_ATTR: ['srcset'] });
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><style>body{font:15px/1.5 system-ui,sans-serif;margin:12px;color:#1f2328;background:#fff}</style></head><body>${clean}</body></html>`;
}

type Level = 2 | 3 | 4 | 5;

/**
 * The words around the curl call and the raw text, which depend on how the message
 * came in: an SMTP message becomes an API call, an API call already was one.
 */
export function sourceWording(source: MessageSource, accepted: boolean): { apiHeading: string; apiIntro: string; rawSummary: string } {
  if (source === 'api') {
    return {
      apiHeading: 'The HTTPS API call',
      apiIntro: accepted ? 'This message came in through the send API, as this call:' : 'This message came in through the send API, as this call, and was refused:',
      rawSummary: 'Raw message built from the API call',
    };
  }
  return {
    apiHeading: 'The same message through the HTTPS API',
    apiIntro: accepted ? 'MailPace turns the SMTP message into this API call:' : 'The API would refuse this call the same way:',
    rawSummary: 'Raw message as received',
  };
}

/** A heading whose level follows the page around the widget. */
function Heading({ level, children }: { level: Level; children: React.ReactNode }) {
  const Tag = `h${level}` as const;
  return <Tag className="smtp-subheading">{children}</Tag>;
}

/** A scrollable block of text, focusable so keyboard users can scroll it, named for screen readers. */
function Block({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <pre className="smtp-pre" tabIndex={0} role="region" aria-label={label}>
      {children}
    </pre>
  );
}

function Field({ name, value }: { name: string; value: string | undefined }) {
  if (value === undefined || value === '') return null;
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}

function MessageDetails({ view, level, source }: { view: MessageView; level: Level; source: MessageSource }) {
  const { record, raw, curl } = view;
  const { payload } = record;
  const srcDoc = useMemo(() => (payload.htmlbody ? previewDocument(payload.htmlbody) : null), [payload.htmlbody]);
  const accepted = record.status === 'accepted';
  const wording = sourceWording(source, accepted);
  return (
    <div className="smtp-message">
      <p className={accepted ? 'smtp-status is-accepted' : 'smtp-status is-rejected'}>
        <strong>Message {view.n}: {accepted ? 'accepted' : 'rejected'}.</strong> <code>{record.reply}</code>
      </p>
      <p className="smtp-muted">
        Envelope: from <code>{record.envelope.mail_from || '<>'}</code> to <code>{record.envelope.rcpt_to.join(', ')}</code>, {record.size} bytes.
      </p>

      <Heading level={level}>API fields</Heading>
      <dl className="smtp-fields">
        <Field name="from" value={payload.from} />
        <Field name="to" value={payload.to} />
        <Field name="cc" value={payload.cc} />
        <Field name="bcc" value={payload.bcc} />
        <Field name="replyto" value={payload.replyto} />
        <Field name="subject" value={payload.subject} />
        <Field name="list_unsubscribe" value={payload.list_unsubscribe} />
        {payload.tags && payload.tags.length > 0 && (
          <>
            <dt>tags</dt>
            <dd>
              <ul className="smtp-chips" aria-label="Tags">
                {payload.tags.map((tag) => (
                  <li key={tag} className="smtp-chip">
                    {tag}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {payload.attachments && payload.attachments.length > 0 && (
          <>
            <dt>attachments</dt>
            <dd>
              <ul>
                {payload.attachments.map((a, i) => (
                  <li key={`${a.name}-${i}`}>
                    <code>{a.name || '(no name)'}</code> ({a.content_type}{a.cid ? `, inline as cid:${a.cid}` : ''})
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>

      <Heading level={level}>Dropped headers</Heading>
      {record.dropped_headers.length === 0 ? (
        <p className="smtp-muted">None: every header had a place in the API call.</p>
      ) : (
        <div className="smtp-table-wrap" tabIndex={0} role="region" aria-label="Dropped headers">
          <table className="smtp-table">
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
                <th scope="col">Why it was dropped</th>
              </tr>
            </thead>
            <tbody>
              {record.dropped_headers.map((h, i) => (
                <tr key={`${h.name}-${i}`}>
                  <th scope="row">{h.name}</th>
                  <td>
                    <code>{h.value}</code>
                  </td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {record.warnings.length > 0 && (
        <>
          <Heading level={level}>Warnings</Heading>
          <ul className="smtp-warnings">
            {record.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}

      {payload.textbody !== undefined && (
        <>
          <Heading level={level}>Text body</Heading>
          <Block label={`Text body of message ${view.n}`}>{payload.textbody}</Block>
        </>
      )}
      {srcDoc !== null && (
        <>
          <Heading level={level}>HTML body (sanitized preview)</Heading>
          <iframe className="smtp-preview" title={`HTML body of message ${view.n}, sanitized`} sandbox="" srcDoc={srcDoc} referrerPolicy="no-referrer" />
        </>
      )}

      <Heading level={level}>{wording.apiHeading}</Heading>
      <p className="smtp-muted">{wording.apiIntro}</p>
      <Block label="curl command">{curl}</Block>
      <CopyButton text={curl} label="Copy the curl command" />

      <details>
        <summary>{wording.rawSummary}</summary>
        <Block label={`Raw message ${view.n}`}>{raw ?? '(not kept: the message was over the size limit)'}</Block>
      </details>
      <details>
        <summary>API request body (JSON)</summary>
        <Block label="API request body">{requestBody(payload)}</Block>
      </details>
    </div>
  );
}

/** `source`: how the messages came in (default SMTP); the sandbox's inbox also shows send API calls. */
export default function Inspector({ messages, level = 4, source = 'smtp' }: { messages: readonly MessageView[]; level?: Level; source?: MessageSource }) {
  const [selected, setSelected] = useState(messages.length);
  // A new message takes the stage.
  useEffect(() => setSelected(messages.length), [messages.length]);
  const view = messages[Math.min(selected, messages.length) - 1];
  if (!view) return null;
  return (
    <div className="smtp-inspector__body">
      {messages.length > 1 && (
        <div className="smtp-picker" role="group" aria-label="Messages in this session">
          {messages.map((m) => (
            <button
              key={m.n}
              type="button"
              className="smtp-button smtp-button--small"
              aria-pressed={m.n === view.n}
              onClick={() => setSelected(m.n)}
            >
              Message {m.n} ({m.record.status})
            </button>
          ))}
        </div>
      )}
      <MessageDetails key={view.n} view={view} level={level} source={source} />
    </div>
  );
}
