/** "Jane <jane@acme.io>" → "jane@acme.io": SMTP envelopes take the bare address only. */
export function bareAddress(address: string): string {
  const match = /<([^<>]+)>\s*$/.exec(address);
  return (match ? match[1] : address).trim();
}

/** The domain part of an address, or a placeholder domain when there is none. */
export function domainOf(address: string): string {
  const bare = bareAddress(address);
  const at = bare.lastIndexOf('@');
  return (at >= 0 && bare.slice(at + 1)) || 'yourdomain.com';
}
