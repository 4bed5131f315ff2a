/**
 * The sandbox's webhook keypair: Ed25519, as MailPace signs its webhooks, made at
 * start or read from `--webhook-key FILE`.
 *
 * MailPace shows each domain's public key as the raw 32 key bytes in strict base64,
 * and signs the raw request body; the signature (64 bytes) goes out in strict base64
 * too. The sandbox does the same with node:crypto, so a receiver written for MailPace
 * verifies the sandbox's webhooks unchanged, given the sandbox's public key.
 *
 * The key file may hold a PEM private key (`openssl genpkey -algorithm ed25519`), or
 * the 32-byte private seed in base64, the form MailPace's blog shows it storing.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export interface WebhookKey {
  /** The raw 32-byte public key, strict base64: what a receiver verifies with. */
  publicKey: string;
  /** The body's Ed25519 signature, strict base64. */
  sign(body: Uint8Array): string;
  /** The private key as PKCS#8 PEM, to keep with `--webhook-key`. */
  privatePem(): string;
}

/** The DER prefix of a PKCS#8 Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function fromPrivate(key: KeyObject): WebhookKey {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the webhook key must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'unknown'}`);
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x!, 'base64url').toString('base64');
  return {
    publicKey,
    sign: (body) => sign(null, body, key).toString('base64'),
    privatePem: () => key.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** A fresh keypair. */
export function generateWebhookKey(): WebhookKey {
  return fromPrivate(generateKeyPairSync('ed25519').privateKey);
}

/** A key from a PEM private key or a base64 32-byte seed; throws with what is wrong. */
export function parseWebhookKey(text: string): WebhookKey {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return fromPrivate(createPrivateKey(trimmed));
  const seed = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (!seed || seed.length !== 32) {
    throw new Error('expected a PEM Ed25519 private key, or its 32-byte seed in base64');
  }
  return fromPrivate(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

/**
 * `--webhook-key FILE`: the key in FILE; when FILE does not exist, a new key written
 * there (mode 0600), so the public key a receiver was given stays valid across restarts.
 */
export async function loadWebhookKey(file: string): Promise<{ key: WebhookKey; created: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const key = generateWebhookKey();
    await writeFile(file, key.privatePem(), { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  }
  try {
    return { key: parseWebhookKey(text), created: false };
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
