/**
 * One message: download and delete, then the site's own inspector, fed through the
 * checker's adapter. The message is loaded when opened, not with the list.
 */
import { useEffect, useState } from 'react';
import Inspector from '../../src/components/terminal/Inspector.tsx';
import type { CheckedView } from '../../src/checker/result-view.ts';
import type { MessageSource } from '../api-types.ts';
import { getMessage, getRaw, rawUrl, type Detail } from './inbox-api.ts';
import { inboxView } from './message-view.ts';
import SessionTranscript from './SessionTranscript.tsx';
import WebhookLog from './WebhookLog.tsx';

type Loaded = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; view: CheckedView; hasRaw: boolean; source: MessageSource; detail: Detail };

export default function MessagePane({ id, onDelete, simulatorUrl = null }: { id: number; onDelete: (id: number) => void; simulatorUrl?: string | null }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    (async () => {
      const detail = await getMessage(id);
      const raw = detail.has_raw ? await getRaw(id) : null;
      if (current) setLoaded({ state: 'ready', view: inboxView(detail, raw), hasRaw: raw !== null, source: detail.source, detail });
    })().catch((error: unknown) => {
      if (current) setLoaded({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      current = false;
    };
  }, [id]);

  return (
    <section className="smtp-inspector inbox-pane" aria-labelledby="inbox-pane-title">
      <h2 id="inbox-pane-title">Message {id}</h2>
      <div className="inbox-actions">
        {loaded.state === 'ready' && loaded.hasRaw && (
          <a className="smtp-button" href={rawUrl(id)} download={`message-${id}.eml`}>
            Download .eml
          </a>
        )}
        <button type="button" className="smtp-button" onClick={() => onDelete(id)}>
          Delete this message
        </button>
      </div>
      {loaded.state === 'loading' && <p className="smtp-muted">Loading…</p>}
      {loaded.state === 'failed' && (
        <p className="smtp-alert" role="alert">
          Cannot load message {id}: {loaded.error}
        </p>
      )}
      {loaded.state === 'ready' && (
        <>
          {loaded.view.notes.map((n) => (
            <p key={n} className="smtp-muted">
              {n}
            </p>
          ))}
          {/* The inspector's wording follows the source: an API call is not an SMTP message turned into one. */}
          <Inspector messages={[loaded.view.message]} level={3} source={loaded.source} />
          <SessionTranscript detail={loaded.detail} simulatorUrl={simulatorUrl} />
          <WebhookLog id={id} />
        </>
      )}
    </section>
  );
}
