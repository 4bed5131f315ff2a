/**
 * The ports MailPace listens on and how each one starts: plaintext with a
 * STARTTLS upgrade, or TLS from the first byte. The connection bar, the hints and
 * the presets all read this one list.
 */
import type { PortMode } from '../../simulator/index.ts';

export const PORTS = [587, 2525, 25, 465] as const;
export type Port = (typeof PORTS)[number];

export function isPort(value: unknown): value is Port {
  return typeof value === 'number' && (PORTS as readonly number[]).includes(value);
}

export function portMode(port: Port): PortMode {
  return port === 465 ? 'implicit-tls' : 'starttls';
}

/** A short label for the port picker. */
export function portLabel(port: Port): string {
  return port === 465 ? `${port} (TLS from the start)` : `${port} (STARTTLS)`;
}
