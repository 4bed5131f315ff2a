<?php
// A webhook endpoint in PHP (sodium, built in since 7.2) that accepts only bodies MailPace signed.
// Run it with: php -S 127.0.0.1:4000 receiver.php

// The domain's public key: Webhooks -> Public Key Verification (base64 of the raw 32 bytes).
$publicKey = base64_decode(getenv('MAILPACE_WEBHOOK_PUBLIC_KEY'), true);

function signedByMailPace(string $body, ?string $signatureHeader, string $publicKey): bool
{
    $signature = base64_decode($signatureHeader ?? '', true);
    if ($signature === false || strlen($signature) !== SODIUM_CRYPTO_SIGN_BYTES) {
        return false;
    }
    // Ed25519 over the body exactly as received: verify before parsing it.
    return sodium_crypto_sign_verify_detached($signature, $body, $publicKey);
}

$body = file_get_contents('php://input');
if (!signedByMailPace($body, $_SERVER['HTTP_X_MAILPACE_SIGNATURE'] ?? null, $publicKey)) {
    http_response_code(401);
    echo 'bad signature';
    return;
}
$message = json_decode($body, true);
error_log("{$message['event']} {$message['payload']['id']} {$message['payload']['status']}");
echo "verified {$message['event']}";
