/**
 * Everything a session needs from outside: names, tokens, limits, failure knobs,
 * and the injected clock and ID source that keep transcripts deterministic.
 * MailPace's published figures come from `mailpace-facts.ts`; the rest are our choices.
 */
import type { FailureRule, MessageLimiter } from './failure-rules.ts';
import { SEND_API, SMTP, publishedTls } from './mailpace-facts.ts';

/** `starttls`: plaintext first, the client upgrades. `implicit-tls`: TLS from the first byte. */
export type { PortTls as PortMode } from './mailpace-facts.ts';
import type { PortTls as PortMode } from './mailpace-facts.ts';

/** MailPace's documented failures, reproducible on demand. */
export const FAILURE_KNOBS = ['dkim', 'plan', 'disabled', 'blocked', 'rate', 'down'] as const;
export type FailureKnob = (typeof FAILURE_KNOBS)[number];

export interface Limits {
  /** Largest message in octets, advertised as SIZE (MailPace: 30 MB). */
  maxMessageBytes: number;
  /** RCPT commands accepted per transaction; each one past it gets 452 (RFC 5321 asks for at least 100). */
  maxRecipients: number;
  /** To addresses allowed in the message header (MailPace: 50). */
  maxToAddresses: number;
  /** Command line length including CRLF (RFC 5321 §4.5.3.1.4). */
  maxCommandLineBytes: number;
  /** Text line length in DATA including CRLF (RFC 5321 §4.5.3.1.6); longer lines are flagged. */
  maxTextLineBytes: number;
  /** Bytes of an unterminated command line tolerated before closing with 421. */
  maxUnterminatedBytes: number;
  /** Bad commands before 421 and close. */
  maxErrors: number;
  /** Failed AUTH attempts before 421 and close. */
  maxAuthFailures: number;
}

export interface SessionConfig {
  /** Name in the greeting and EHLO reply. */
  hostname: string;
  port: number;
  portMode: PortMode;
  /**
   * Whether the adapter can start TLS after STARTTLS (it has a certificate). When false
   * (simulated), EHLO stops offering STARTTLS and a STARTTLS gets 454 4.7.0, as a real
   * server answers when its TLS setup is broken (RFC 3207 §4). Ignored on an
   * implicit-TLS port, where TLS is up before the session starts.
   */
  tlsAvailable: boolean;
  /** Accepted API tokens, each bound to its sending domain. */
  tokens: Record<string, string>;
  limits: Limits;
  failures: ReadonlySet<FailureKnob>;
  /** Recipients refused at RCPT TO with 550 5.1.1, as MailPace's blocked list does. */
  blockedRecipients: readonly string[];
  /** Failures chosen for a sender, a recipient or a message (failure-rules.ts). */
  failureRules: readonly FailureRule[];
  /** Counts messages per token against a rate limit; null for none. */
  limiter: MessageLimiter | null;
  /** Current time in ms; injected so output is deterministic in tests. */
  now: () => number;
  /** A fresh message ID for the 250 reply; injected for the same reason. */
  nextId: () => string;
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: SEND_API.maxSizeBytes,
  maxRecipients: 100,
  maxToAddresses: SEND_API.maxToAddresses,
  maxCommandLineBytes: 512,
  maxTextLineBytes: 1000,
  maxUnterminatedBytes: 4096,
  maxErrors: 10,
  maxAuthFailures: 3,
};

/** The demo account used by the docs, the terminal and the sandbox when none is given. */
export const DEMO_TOKEN = '00000000-0000-0000-0000-000000000000';
export const DEMO_DOMAIN = 'example.com';

export type SessionOptions = Partial<Omit<SessionConfig, 'limits'>> & { limits?: Partial<Limits> };

/** A counter-based ID source: deterministic, unique within one process. */
export function counterIds(prefix = 'msg'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(6, '0')}`;
}

/** Fills in defaults: the MailPace host, its default port and that port's TLS mode, the demo token. */
export function resolveConfig(options: SessionOptions = {}): SessionConfig {
  const port = options.port ?? (options.portMode === 'implicit-tls' ? SMTP.implicitTlsPort : SMTP.defaultPort);
  return {
    hostname: options.hostname ?? SMTP.host,
    port,
    portMode: options.portMode ?? publishedTls(port) ?? 'starttls',
    tlsAvailable: options.tlsAvailable ?? true,
    tokens: options.tokens ?? { [DEMO_TOKEN]: DEMO_DOMAIN },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    failures: options.failures ?? new Set(),
    blockedRecipients: options.blockedRecipients ?? ['blocked@example.net'],
    failureRules: options.failureRules ?? [],
    limiter: options.limiter ?? null,
    now: options.now ?? (() => 0),
    nextId: options.nextId ?? counterIds(),
  };
}
