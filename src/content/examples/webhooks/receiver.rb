# A webhook endpoint in Ruby (openssl + webrick) that accepts only bodies MailPace signed.
require "base64"
require "json"
require "openssl"
require "webrick"

# The domain's public key: Webhooks -> Public Key Verification (base64 of the raw 32 bytes).
# OpenSSL 3 reads a raw Ed25519 key once it is wrapped in its DER header (RFC 8410).
ED25519_DER_PREFIX = ["302a300506032b6570032100"].pack("H*")
PUBLIC_KEY = OpenSSL::PKey.read(ED25519_DER_PREFIX + Base64.strict_decode64(ENV.fetch("MAILPACE_WEBHOOK_PUBLIC_KEY")))

def signed_by_mailpace?(body, signature_header)
  return false if signature_header.nil?
  # Ed25519 over the body exactly as received: verify before parsing it.
  PUBLIC_KEY.verify(nil, Base64.strict_decode64(signature_header), body)
rescue ArgumentError, OpenSSL::PKey::PKeyError
  false
end

server = WEBrick::HTTPServer.new(BindAddress: "127.0.0.1", Port: Integer(ENV.fetch("PORT", "4000")), AccessLog: [])
server.mount_proc "/" do |request, response|
  body = request.body || ""
  if signed_by_mailpace?(body, request["X-MailPace-Signature"])
    message = JSON.parse(body)
    puts "#{message["event"]} #{message["payload"]["id"]} #{message["payload"]["status"]}"
    $stdout.flush
    response.body = "verified #{message["event"]}"
  else
    response.status = 401
    response.body = "bad signature"
  end
end
trap("TERM") { server.shutdown }
server.start
