/**
 * The ports MailPace listens on and how each one starts: plaintext with a
 * STARTTLS upgrade, or TLS from the first byte. The list and the modes are read
 * from the facts module; the connection bar, the hints and the presets read them here.
 */
import { SMTP, publishedTls, type PortTls as PortMode, type PublishedPortNumber } from '../../simulator/mailpace-facts.ts';

export type Port = PublishedPortNumber;

/** MailPace's ports, in the order its SMTP page lists them. */
export const PORTS: readonly Port[] = SMTP.ports.map((p) => p.port);

export function isPort(value: unknown): value is Port {
  return typeof value === 'number' && (PORTS as readonly number[]).includes(value);
}

export function portMode(port: Port): PortMode {
  // Every Port is a published one, so the lookup always finds it.
  return publishedTls(port)!;
}

/** A short label for the port picker. */
export function portLabel(port: Port): string {
  return portMode(port) === 'implicit-tls' ? `${port} (TLS from the start)` : `${port} (STARTTLS)`;
}
