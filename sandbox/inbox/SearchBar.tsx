/** Search by recipient, subject or tag, and filter by status; each change applies at once. */
import type { Query } from './inbox-api.ts';

const FIELDS: { value: Query['field']; label: string }[] = [
  { value: 'to', label: 'Recipient' },
  { value: 'subject', label: 'Subject' },
  { value: 'tag', label: 'Tag' },
];

export default function SearchBar({ query, onChange }: { query: Query; onChange: (query: Query) => void }) {
  return (
    <form className="inbox-search" role="search" aria-label="Messages" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search in
        <select value={query.field} onChange={(e) => onChange({ ...query, field: e.target.value as Query['field'] })}>
          {FIELDS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Search
        <input type="search" value={query.text} placeholder="part of an address, a subject, a tag" onChange={(e) => onChange({ ...query, text: e.target.value })} />
      </label>
      <label>
        Status
        <select value={query.status} onChange={(e) => onChange({ ...query, status: e.target.value as Query['status'] })}>
          <option value="">Accepted and rejected</option>
          <option value="accepted">Accepted only</option>
          <option value="rejected">Rejected only</option>
        </select>
      </label>
    </form>
  );
}
