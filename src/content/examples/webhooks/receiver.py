# A webhook endpoint in Python (standard library + cryptography) that accepts only bodies MailPace signed.
import base64
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# The domain's public key: Webhooks -> Public Key Verification (base64 of the raw 32 bytes).
PUBLIC_KEY = Ed25519PublicKey.from_public_bytes(base64.b64decode(os.environ["MAILPACE_WEBHOOK_PUBLIC_KEY"]))


def signed_by_mailpace(body, signature_header):
    if not signature_header:
        return False
    try:
        # Ed25519 over the body exactly as received: verify before parsing it.
        PUBLIC_KEY.verify(base64.b64decode(signature_header, validate=True), body)
        return True
    except (InvalidSignature, ValueError):
        return False


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not signed_by_mailpace(body, self.headers.get("X-MailPace-Signature")):
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b"bad signature")
            return
        message = json.loads(body)
        print(message["event"], message["payload"]["id"], message["payload"]["status"], flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"verified {message['event']}".encode())


HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "4000"))), Webhook).serve_forever()
