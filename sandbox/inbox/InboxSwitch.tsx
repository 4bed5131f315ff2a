/** One inbox per token, as each MailPace token sends for one domain: pick one, or see them all. */
import type { InboxList } from './inbox-api.ts';

export default function InboxSwitch({ inboxes, domain, onChange }: { inboxes: InboxList['inboxes']; domain: string; onChange: (domain: string) => void }) {
  return (
    <label className="inbox-switch">
      Inbox
      <select value={domain} onChange={(e) => onChange(e.target.value)}>
        <option value="">All inboxes</option>
        {inboxes.map((inbox) => (
          <option key={inbox.domain} value={inbox.domain}>
            {inbox.domain}
            {inbox.token_ids.length ? ` (token ${inbox.token_ids.join(', ')})` : ''} · {inbox.messages} message{inbox.messages === 1 ? '' : 's'}
          </option>
        ))}
      </select>
    </label>
  );
}
