/** What the reader fills in (or a test overrides) before a snippet is rendered. */
import { SMTP, publishedTls } from '../../simulator/mailpace-facts.ts';

export type Security = 'starttls' | 'tls';

export interface SnippetInputs {
  /** The API token as typed; empty means "use the placeholder". */
  token: string;
  /** Paste the token literally instead of reading it from MAILPACE_API_TOKEN. */
  inlineToken: boolean;
  /** Overridable so tests can aim runnable snippets at a local sandbox. */
  host: string;
  port: number;
  /** STARTTLS upgrades a plain connection; TLS encrypts from the first byte (MailPace's implicit-TLS port). */
  security: Security;
  from: string;
  /** Recipient used by the runnable snippets; the UI leaves it at its default. */
  to: string;
  /** Comma-separated tags for the tags header (HEADERS.tags). */
  tags: string;
  /** Value for the unsubscribe header (HEADERS.unsubscribeIn), e.g. `<https://…>, <mailto:…>`. */
  listUnsubscribe: string;
}

export const DEFAULT_INPUTS: SnippetInputs = {
  token: '',
  inlineToken: false,
  host: SMTP.host,
  port: SMTP.defaultPort,
  security: 'starttls',
  from: 'you@yourdomain.com',
  to: 'someone@example.com',
  tags: '',
  listUnsubscribe: '',
};

/** The mode MailPace publishes for the port; a port it does not list gets STARTTLS. */
export function securityForPort(port: number): Security {
  return publishedTls(port) === 'implicit-tls' ? 'tls' : 'starttls';
}

// Control characters (CR/LF above all) would let a typed value break out of its line
// in the generated file or forge extra mail headers, so they never reach a target.
const CONTROL = /[\u0000-\u001f\u007f]/g;
const clean = (value: string) => value.replace(CONTROL, '').trim();

/** Fills defaults and cleans every free-text field; targets only ever see this shape. */
export function resolveInputs(partial: Partial<SnippetInputs> = {}): SnippetInputs {
  const merged = { ...DEFAULT_INPUTS, ...partial };
  return {
    token: clean(merged.token),
    inlineToken: merged.inlineToken,
    host: clean(merged.host) || SMTP.host,
    port: merged.port,
    // A port override without an explicit security mode gets the coherent one.
    security: partial.security ?? (partial.port !== undefined ? securityForPort(merged.port) : merged.security),
    from: clean(merged.from) || DEFAULT_INPUTS.from,
    to: clean(merged.to) || DEFAULT_INPUTS.to,
    tags: clean(merged.tags),
    listUnsubscribe: clean(merged.listUnsubscribe),
  };
}
