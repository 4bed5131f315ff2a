/**
 * The inbox page: a live list of what the sandbox received, search and filters, and
 * the selected message in the inspector. The server filters; the live feed only says
 * "something changed", and the page asks for its list again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteAll, deleteMessage, listInboxes, listMessages, type Counts, type InboxList, type Query, type Summary } from './inbox-api.ts';
import InboxSwitch from './InboxSwitch.tsx';
import { openFeed } from './live-feed.ts';
import MessageList from './MessageList.tsx';
import MessagePane from './MessagePane.tsx';
import SearchBar from './SearchBar.tsx';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default function App() {
  const [query, setQuery] = useState<Query>({ field: 'to', text: '', status: '', domain: '' });
  const [inboxes, setInboxes] = useState<InboxList>({ inboxes: [], simulator_url: null });
  const [messages, setMessages] = useState<readonly Summary[]>([]);
  const [matched, setMatched] = useState(0);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  // One list request at a time; changes during one ask for one more after it.
  const queryRef = useRef(query);
  queryRef.current = query;
  const loading = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });
  const refresh = useCallback(async () => {
    if (loading.current.busy) {
      loading.current.again = true;
      return;
    }
    loading.current.busy = true;
    try {
      do {
        loading.current.again = false;
        try {
          const [list, boxes] = await Promise.all([listMessages(queryRef.current), listInboxes()]);
          setInboxes(boxes);
          setMessages(list.messages);
          setMatched(list.matched);
          setCounts({ total: list.total, dropped: list.dropped, keep: list.keep });
          setError(null);
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e));
        }
      } while (loading.current.again);
    } finally {
      loading.current.busy = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [query, refresh]);

  useEffect(
    () =>
      openFeed(
        (change) => {
          setCounts(change.counts);
          if (change.removed.length) setSelected((id) => (id !== null && change.removed.includes(id) ? null : id));
          void refresh();
        },
        setConnected,
      ),
    [refresh],
  );

  const remove = async (id: number) => {
    await deleteMessage(id);
    setSelected(null);
    setNotice(`Message ${id} deleted.`);
    void refresh();
  };
  const removeAll = async () => {
    const deleted = await deleteAll();
    setSelected(null);
    setNotice(`${plural(deleted, 'message')} deleted.`);
    void refresh();
  };

  return (
    <div className="inbox">
      <header className="inbox-header">
        <h1>Sandbox inbox</h1>
        <p className="smtp-muted">
          What the local sandbox received, over SMTP and the send API, checked with simulated MailPace rules. Nothing here was delivered.
        </p>
      </header>
      <InboxSwitch inboxes={inboxes.inboxes} domain={query.domain} onChange={(domain) => setQuery({ ...query, domain })} />
      <SearchBar query={query} onChange={setQuery} />
      <div className="inbox-bar">
        <p role="status" className="inbox-count">
          {counts === null ? 'Loading…' : `${plural(matched, 'message')} shown of ${counts.total} in the inbox.`}
        </p>
        <button type="button" className="smtp-button" onClick={() => void removeAll()} disabled={counts?.total === 0}>
          Delete all messages
        </button>
      </div>
      {counts !== null && counts.dropped > 0 && (
        <p className="inbox-dropped" role="note">
          The inbox keeps the last {plural(counts.keep, 'message')} (<code>--keep {counts.keep}</code>): {plural(counts.dropped, 'older message')}{' '}
          {counts.dropped === 1 ? 'was' : 'were'} dropped.
        </p>
      )}
      {!connected && (
        <p className="smtp-alert" role="alert">
          The live feed is disconnected; the page reconnects by itself once the sandbox is back.
        </p>
      )}
      {error && (
        <p className="smtp-alert" role="alert">
          {error}
        </p>
      )}
      <p className="inbox-notice" aria-live="polite">
        {notice}
      </p>
      <div className="inbox-columns">
        <nav className="inbox-nav" aria-label="Message list">
          <MessageList messages={messages} selected={selected} onOpen={setSelected} />
        </nav>
        <main className="inbox-main">
          {selected === null ? <p className="smtp-muted">Choose a message to inspect it.</p> : <MessagePane id={selected} onDelete={(id) => void remove(id)} simulatorUrl={inboxes.simulator_url} />}
        </main>
      </div>
    </div>
  );
}
