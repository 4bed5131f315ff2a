/**
 * One message's webhooks: each delivery (event × endpoint), every attempt with the
 * receiver's answer, and a button that sends a delivery again. An endpoint the
 * sandbox turned off (as MailPace does) is named above them, with why and a button to
 * turn it on again. While any delivery is still pending (queued, or between retries)
 * the list asks again each second.
 */
import { useCallback, useEffect, useState } from 'react';
import { WEBHOOKS } from '../../simulator/mailpace-facts.ts';
import { enableEndpoint, messageDeliveries, replayDelivery, webhookEndpoints, type WebhookAttempt, type WebhookDelivery, type WebhookEndpoint } from './webhook-api.ts';

const POLL_MS = 1000;

function attemptText(a: WebhookAttempt): string {
  const answer = a.answer.trim() ? `: ${a.answer.trim()}` : '';
  const status = a.status === null ? a.outcome : `HTTP ${a.status}`;
  return `${a.replay ? 'Replay, ' : ''}${new Date(a.at).toLocaleTimeString()}, ${status}${answer} (${a.duration_ms} ms)`;
}

export default function WebhookLog({ id }: { id: number }) {
  const [deliveries, setDeliveries] = useState<readonly WebhookDelivery[] | null>(null);
  const [endpointsOff, setEndpointsOff] = useState<readonly WebhookEndpoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** A button's request is under way: every button waits for it. */
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [list, endpoints] = await Promise.all([messageDeliveries(id), webhookEndpoints()]);
      setDeliveries(list);
      setEndpointsOff(endpoints.filter((e) => !e.enabled));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    setDeliveries(null);
    void load();
  }, [load]);

  const pending = deliveries?.some((d) => d.state === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, deliveries, load]);

  /** Runs an action of one of the buttons, one at a time, then shows the outcome. */
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="inbox-webhooks" aria-labelledby="inbox-webhooks-title">
      <h3 id="inbox-webhooks-title">Webhooks</h3>
      {error && (
        <p className="smtp-alert" role="alert">
          {error}
        </p>
      )}
      {endpointsOff.map((e) => (
        <p key={e.id} className="inbox-webhook-off" role="note">
          The endpoint <code>{e.url}</code> is turned off ({e.disabled_reason}): its events are skipped until it is turned on again.{' '}
          <button type="button" className="smtp-button" disabled={busy} onClick={() => void act(() => enableEndpoint(e.id))}>
            Turn on
          </button>
        </p>
      ))}
      {deliveries !== null && deliveries.length === 0 && (
        <p className="smtp-muted">No webhooks for this message. Start the sandbox with <code>--webhook URL</code> to have each accepted message's events posted there.</p>
      )}
      {deliveries !== null && deliveries.length > 0 && (
        <>
          <table className="inbox-webhook-table">
            <caption className="smtp-muted">
              Each event as sent to each endpoint, signed with {WEBHOOKS.signatureAlgorithm} in <code>{WEBHOOKS.signatureHeader}</code>. Retry delays and the time limit are the
              sandbox's own (simulated): MailPace publishes neither.
            </caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">State</th>
                <th scope="col">Attempts and answers</th>
                <th scope="col">
                  <span className="smtp-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.event}</th>
                  <td>{d.url}</td>
                  <td>{d.state}</td>
                  <td>
                    {d.attempts.length === 0 ? (
                      <span className="smtp-muted">none</span>
                    ) : (
                      <ol className="inbox-attempts">
                        {d.attempts.map((a, i) => (
                          <li key={i}>{attemptText(a)}</li>
                        ))}
                      </ol>
                    )}
                  </td>
                  <td>
                    <button type="button" className="smtp-button" disabled={busy || d.state === 'pending'} onClick={() => void act(() => replayDelivery(d.id))}>
                      Replay
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
