// A webhook endpoint in plain Node.js that accepts only bodies MailPace signed.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

// The domain's public key: Webhooks → Public Key Verification (base64 of the raw 32 bytes).
const publicKey = createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(process.env.MAILPACE_WEBHOOK_PUBLIC_KEY, 'base64').toString('base64url') },
  format: 'jwk',
});

function signedByMailPace(body, signatureHeader) {
  if (typeof signatureHeader !== 'string') return false;
  // Ed25519 over the body exactly as received: verify before parsing it.
  return verify(null, body, publicKey, Buffer.from(signatureHeader, 'base64'));
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!signedByMailPace(body, req.headers['x-mailpace-signature'])) {
      res.writeHead(401).end('bad signature');
      return;
    }
    const { event, payload } = JSON.parse(body);
    console.log(event, payload.id, payload.status);
    res.writeHead(200).end(`verified ${event}`);
  });
}).listen(Number(process.env.PORT ?? 4000), '127.0.0.1');
