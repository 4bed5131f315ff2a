import { useId, useMemo, useState } from 'react';
import { CONNECTIONS } from '../../snippets/connections';
import { HEADERS } from '../../../simulator/mailpace-facts.ts';
import { DEFAULT_INPUTS } from '../../snippets/inputs';
import { PLACEHOLDER_TOKEN, TOKEN_ENV } from '../../snippets/token';
import { TARGETS, findTarget } from '../../snippets/targets';
import { CodeBlock } from './CodeBlock';
import './snippets.css';

interface Props {
  /** Target id to start with, e.g. "django". */
  initialFramework?: string;
  /** Let the reader switch frameworks (the /snippets/ page) or not (an embed in a guide). */
  showPicker?: boolean;
}

/**
 * The config snippet generator. Everything, the token included, lives in React state only:
 * nothing is stored, put in the URL or sent anywhere.
 */
export function SnippetGenerator({ initialFramework = 'nodemailer', showPicker = true }: Props) {
  const id = useId();
  const [framework, setFramework] = useState(findTarget(initialFramework)?.id ?? TARGETS[0]!.id);
  const [connectionId, setConnectionId] = useState(CONNECTIONS[0]!.id);
  const [token, setToken] = useState('');
  const [showToken, setShowToken] = useState(false);
  const [inlineToken, setInlineToken] = useState(false);
  const [from, setFrom] = useState('');
  const [tags, setTags] = useState('');
  const [unsubscribe, setUnsubscribe] = useState('');

  const target = findTarget(framework) ?? TARGETS[0]!;
  const connection = CONNECTIONS.find((c) => c.id === connectionId) ?? CONNECTIONS[0]!;
  const output = useMemo(
    () =>
      target.render({
        token,
        inlineToken,
        port: connection.port,
        security: connection.security,
        from,
        tags,
        listUnsubscribe: unsubscribe,
      }),
    [target, token, inlineToken, connection, from, tags, unsubscribe],
  );

  const field = (name: string) => `${id}-${name}`;
  // The marked lines: where the token is written in, or where the snippet reads it.
  const tokenMark = inlineToken ? token || PLACEHOLDER_TOKEN : TOKEN_ENV;
  // Reading from the environment, the first note says where the token goes; it leads the output.
  const whereNote = inlineToken ? undefined : output.notes[0];
  const otherNotes = inlineToken ? output.notes : output.notes.slice(1);

  return (
    <div className="not-content snippet-generator">
      <div className="snippet-generator__form">
        {showPicker && (
          <div className="snippet-field">
            <label htmlFor={field('framework')}>Framework</label>
            <select id={field('framework')} value={target.id} onChange={(e) => setFramework(e.target.value)}>
              {TARGETS.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        )}

        <div className="snippet-field">
          <label htmlFor={field('token')}>API token</label>
          <div className="snippet-token">
            <input
              id={field('token')}
              type={showToken ? 'text' : 'password'}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              placeholder={PLACEHOLDER_TOKEN}
              // Keep browsers and password managers from storing or suggesting it.
              autoComplete="off"
              spellCheck={false}
              aria-describedby={field('token-hint')}
            />
            <button
              type="button"
              aria-pressed={showToken}
              aria-controls={field('token')}
              onClick={() => setShowToken((v) => !v)}
            >
              Show token
            </button>
          </div>
          <p id={field('token-hint')} className="snippet-hint">
            Stays in this page: never stored or sent. Snippets read it from {TOKEN_ENV} unless you inline it.
          </p>
          <label className="snippet-check">
            <input type="checkbox" checked={inlineToken} onChange={(e) => setInlineToken(e.target.checked)} />
            Inline the token
          </label>
        </div>

        <fieldset className="snippet-field">
          <legend>Connection</legend>
          {CONNECTIONS.map((c) => (
            <label key={c.id} className="snippet-check">
              <input
                type="radio"
                name={field('connection')}
                value={c.id}
                checked={c.id === connection.id}
                onChange={() => setConnectionId(c.id)}
              />
              {c.label}
            </label>
          ))}
        </fieldset>

        <div className="snippet-field">
          <label htmlFor={field('from')}>From address</label>
          <input
            id={field('from')}
            type="email"
            value={from}
            placeholder={DEFAULT_INPUTS.from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>

        <div className="snippet-field">
          <label htmlFor={field('tags')}>Tags (optional)</label>
          <input
            id={field('tags')}
            value={tags}
            placeholder="welcome, onboarding"
            onChange={(e) => setTags(e.target.value)}
            aria-describedby={field('tags-hint')}
          />
          <p id={field('tags-hint')} className="snippet-hint">
            Comma-separated; sent as {HEADERS.tags}.
          </p>
        </div>

        <div className="snippet-field">
          <label htmlFor={field('unsubscribe')}>List-Unsubscribe (optional)</label>
          <input
            id={field('unsubscribe')}
            value={unsubscribe}
            placeholder="https://yourdomain.com/unsubscribe, mailto:unsubscribe@yourdomain.com"
            onChange={(e) => setUnsubscribe(e.target.value)}
            aria-describedby={field('unsubscribe-hint')}
          />
          <p id={field('unsubscribe-hint')} className="snippet-hint">
            URLs or mailto links, comma-separated; sent as {HEADERS.unsubscribeIn}.
          </p>
        </div>
      </div>

      <section className="snippet-generator__output" aria-label={`${target.label} snippet`}>
        <TokenNote whereNote={whereNote} inlined={inlineToken} typed={token !== ''} />
        <CodeBlock code={output.code} language={output.language} filename={output.filename} mark={tokenMark} />
        {output.extra.map((file, n) => (
          <CodeBlock key={n} code={file.code} language={file.language} filename={file.filename} mark={tokenMark} />
        ))}
        {output.warnings.length > 0 && (
          <div className="snippet-callout snippet-callout--warning">
            <p className="snippet-callout__title">Watch out</p>
            <ul>
              {output.warnings.map((w) => (
                <li key={w}>
                  <WithCode text={w} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {otherNotes.length > 0 && (
          <div className="snippet-callout">
            <p className="snippet-callout__title">Notes</p>
            <ul>
              {otherNotes.map((n) => (
                <li key={n}>
                  <WithCode text={n} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * Says where the token goes, just above the code. It changes as the reader types, even while
 * the token stays out of the snippet, and it never contains the token itself.
 */
function TokenNote({ whereNote, inlined, typed }: { whereNote: string | undefined; inlined: boolean; typed: boolean }) {
  let text: string;
  if (inlined) {
    text = typed
      ? 'Your token is written into the highlighted lines.'
      : `The highlighted lines hold \`${PLACEHOLDER_TOKEN}\`: type your token above to write it in.`;
  } else {
    const where = whereNote ?? `The snippet reads the token from the \`${TOKEN_ENV}\` environment variable.`;
    text = typed
      ? `${where} The token you typed stays out of this code; the highlighted lines read it. Tick “Inline the token” to write it in.`
      : `${where} The highlighted lines read it.`;
  }
  return (
    <p className={typed ? 'snippet-token-note snippet-token-note--typed' : 'snippet-token-note'}>
      <WithCode text={text} />
    </p>
  );
}

/** Renders `backticked` parts of a note as <code>, as React text nodes (so never as HTML). */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, n) => (n % 2 === 1 ? <code key={n}>{part}</code> : part))}
    </>
  );
}
