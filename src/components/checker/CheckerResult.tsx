/**
 * What a check produced: a clear message for input that cannot be checked, or the
 * terminal's own inspector for a message the core evaluated, with the checker's
 * notes above it (line endings normalised, values shortened for display).
 */
import Inspector from '../terminal/Inspector.tsx';
import type { Wording } from '../../checker/messages.ts';
import type { CheckedView } from '../../checker/result-view.ts';

export type Outcome =
  | { kind: 'none' }
  | { kind: 'problem'; wording: Wording }
  | { kind: 'checked'; view: CheckedView; domain: string; source: string };

export default function CheckerResult({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'none') return null;
  if (outcome.kind === 'problem') {
    return (
      <div className="smtp-alert checker-problem" role="alert">
        <p>
          <strong>{outcome.wording.title}.</strong> {outcome.wording.detail}
        </p>
      </div>
    );
  }
  const { view, domain, source } = outcome;
  return (
    <section className="smtp-inspector checker-result" aria-labelledby="checker-result-title">
      <h2 id="checker-result-title" className="checker-result__title">
        What MailPace would do
      </h2>
      <p className="smtp-muted">
        Checked {source} as if sent with the API token of <code>{domain}</code>. The envelope was taken from the From, To, Cc and
        Bcc headers, as mail libraries do.
      </p>
      {view.warnings.length > 0 && (
        <ul className="smtp-warnings" aria-label="Input warnings">
          {view.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {view.notes.map((n) => (
        <p key={n} className="smtp-muted">
          {n}
        </p>
      ))}
      <Inspector messages={[view.message]} level={3} />
    </section>
  );
}
