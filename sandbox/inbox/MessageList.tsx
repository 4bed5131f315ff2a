/** The messages that match, newest first; each opens in the inspector. */
import type { Summary } from './inbox-api.ts';

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

export default function MessageList({ messages, selected, onOpen }: { messages: readonly Summary[]; selected: number | null; onOpen: (id: number) => void }) {
  if (messages.length === 0) return <p className="inbox-empty">No messages match.</p>;
  return (
    <ul className="inbox-list" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} className={m.id === selected ? 'inbox-item is-selected' : 'inbox-item'}>
          <button type="button" className="inbox-open" aria-current={m.id === selected ? 'true' : undefined} onClick={() => onOpen(m.id)}>
            <span className="inbox-subject">{m.subject || '(no subject)'}</span>
            <span className="inbox-meta">
              <span className={m.status === 'accepted' ? 'inbox-badge is-accepted' : 'inbox-badge is-rejected'}>{m.status}</span>{' '}
              #{m.id} · to {m.to ?? '(nobody)'} · {m.source === 'api' ? 'send API' : 'SMTP'} · {time(m.received_at)}
            </span>
            {m.tags.length > 0 && <span className="inbox-meta">tags: {m.tags.join(', ')}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
