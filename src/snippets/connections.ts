import type { Security } from './inputs';

/** The four coherent port/encryption pairs MailPace accepts; the UI offers only these. */
export interface Connection {
  id: string;
  port: number;
  security: Security;
  label: string;
}

export const CONNECTIONS: readonly Connection[] = [
  { id: '587', port: 587, security: 'starttls', label: '587 with STARTTLS (recommended)' },
  { id: '2525', port: 2525, security: 'starttls', label: '2525 with STARTTLS' },
  { id: '25', port: 25, security: 'starttls', label: '25 with STARTTLS' },
  { id: '465', port: 465, security: 'tls', label: '465 with TLS from the first byte' },
];
