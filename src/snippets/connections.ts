import { SMTP } from '../../simulator/mailpace-facts.ts';
import { securityForPort, type Security } from './inputs';

/** The coherent port/encryption pairs MailPace accepts; the UI offers only these. */
export interface Connection {
  id: string;
  port: number;
  security: Security;
  label: string;
}

function label(port: number, security: Security): string {
  const how = security === 'tls' ? 'with TLS from the first byte' : 'with STARTTLS';
  return `${port} ${how}${port === SMTP.defaultPort ? ' (recommended)' : ''}`;
}

/** One per port MailPace publishes, in its order, except that the default port comes first (the UI's initial choice). */
export const CONNECTIONS: readonly Connection[] = [...SMTP.ports]
  .sort((a, b) => Number(b.port === SMTP.defaultPort) - Number(a.port === SMTP.defaultPort))
  .map(({ port }) => {
    const security = securityForPort(port);
    return { id: String(port), port, security, label: label(port, security) };
  });
