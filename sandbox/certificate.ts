/**
 * The sandbox's TLS certificate: the developer's own files, or a throwaway
 * self-signed one made at start.
 *
 * The generated certificate comes from the `selfsigned` library (no shelling out to
 * openssl, so it works wherever Node does). It uses an ECDSA P-256 key: generated in
 * milliseconds, and cheaper per handshake than RSA. It names localhost, 127.0.0.1 and
 * ::1; clients pointed at the sandbox must skip verification or trust this file.
 */
import { readFile } from 'node:fs/promises';
import { generate } from 'selfsigned';

/** PEM key and certificate for node:tls. */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** True when the sandbox made the certificate itself. */
  generated: boolean;
  /** SHA-1 fingerprint of a generated certificate, to print at start. */
  fingerprint: string | null;
}

/** How long a generated certificate is valid: sandboxes are short-lived. */
const VALID_DAYS = 30;

/** A fresh self-signed certificate for localhost, 127.0.0.1 and ::1. */
export async function createSelfSignedCertificate(commonName = 'localhost'): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate a little clock skew
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: commonName },
          ...(commonName === 'localhost' ? [] : [{ type: 2 as const, value: 'localhost' }]),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, generated: true, fingerprint: pems.fingerprint };
}

/** Reads a PEM certificate and key given on the command line. */
export async function readCertificateFiles(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { key, cert, generated: false, fingerprint: null };
}
