/**
 * The connection bar: port, Connect/Disconnect, live badges (TLS, login, state),
 * the demo account with a copy button, and the failure knobs.
 */
import { DEMO_DOMAIN, DEMO_TOKEN, FAILURE_KNOBS, type FailureKnob } from '../../../simulator/config.ts';
import type { SessionSnapshot } from '../../../simulator/index.ts';
import { REPLIES, type ReplyName } from '../../../simulator/replies.ts';
import type { ConnectionStatus } from '../../terminal/controller.ts';
import { PORTS, isPort, portLabel, type Port } from '../../terminal/ports.ts';
import CopyButton from './CopyButton.tsx';

/** The reply code each knob produces, read from the catalogue so a label cannot go stale. */
const code = (name: ReplyName) => REPLIES[name].code;

const KNOB_LABELS: Readonly<Record<FailureKnob, string>> = {
  dkim: `DKIM not verified (${code('dkimNotVerified')} after DATA)`,
  plan: `No active plan (${code('noActivePlan')} after DATA)`,
  disabled: `Sending disabled (${code('organizationDisabled')} after DATA)`,
  blocked: `Every recipient blocked (${code('blockedRecipient')} at RCPT)`,
  rate: `Rate limited (${code('rateLimited')} after DATA)`,
  down: `Service down (${code('serviceDown')} greeting)`,
};

const STATUS_LABELS: Readonly<Record<ConnectionStatus, string>> = {
  idle: 'not connected',
  connecting: 'connecting',
  open: 'connected',
  closed: 'disconnected',
  dead: 'stopped',
};

export interface ConnectionBarProps {
  id: string;
  status: ConnectionStatus;
  port: Port;
  failures: readonly FailureKnob[];
  session: SessionSnapshot | null;
  onConnect: () => void;
  onDisconnect: () => void;
  onPort: (port: Port) => void;
  onFailures: (failures: FailureKnob[]) => void;
}

export default function ConnectionBar(props: ConnectionBarProps) {
  const { id, status, port, failures, session, onConnect, onDisconnect, onPort, onFailures } = props;
  const open = status === 'open' || status === 'connecting';
  const live = status === 'open' && session !== null;
  const tls = live && session.tls;
  const auth = live && session.authenticated;
  const state = live ? session.state : STATUS_LABELS[status];

  return (
    <div className="smtp-bar">
      <div className="smtp-bar__row" role="group" aria-label="Connection">
        <label className="smtp-field">
          <span>Port</span>
          <select
            value={port}
            onChange={(event) => {
              const value = Number(event.currentTarget.value);
              if (isPort(value)) onPort(value);
            }}
          >
            {PORTS.map((p) => (
              <option key={p} value={p}>
                {portLabel(p)}
              </option>
            ))}
          </select>
        </label>
        {open ? (
          <button type="button" className="smtp-button" onClick={onDisconnect}>
            Disconnect
          </button>
        ) : (
          <button type="button" className="smtp-button smtp-button--primary" onClick={onConnect}>
            {status === 'dead' ? 'Reconnect' : 'Connect'}
          </button>
        )}
        <ul className="smtp-badges" aria-label="Session status">
          <li className="smtp-badge" data-on={status === 'open'}>
            Connection: {STATUS_LABELS[status]}
          </li>
          <li className="smtp-badge" data-on={tls}>
            TLS: {tls ? 'on' : 'off'}
          </li>
          <li className="smtp-badge" data-on={auth}>
            Authenticated: {auth ? `yes (${session.domain})` : 'no'}
          </li>
          <li className="smtp-badge smtp-badge--state" data-testid="smtp-state">
            State: {state}
          </li>
        </ul>
      </div>
      <div className="smtp-bar__row smtp-account">
        <span>
          Demo account: domain <code>{DEMO_DOMAIN}</code>, API token <code className="smtp-token">{DEMO_TOKEN}</code>
        </span>
        <CopyButton text={DEMO_TOKEN} label="Copy token" />
      </div>
      <details className="smtp-knobs">
        <summary>Simulate a MailPace failure{failures.length ? ` (${failures.length} on)` : ''}</summary>
        <fieldset>
          <legend>Failures to switch on (a new session starts when you change them)</legend>
          {FAILURE_KNOBS.map((knob) => (
            <label key={knob} className="smtp-check">
              <input
                type="checkbox"
                name={`${id}-knob`}
                checked={failures.includes(knob)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  onFailures(on ? [...failures, knob] : failures.filter((k) => k !== knob));
                }}
              />
              {KNOB_LABELS[knob]}
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  );
}
