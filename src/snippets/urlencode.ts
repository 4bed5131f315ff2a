/**
 * Percent-encodes everything but RFC 3986 unreserved characters. encodeURIComponent
 * leaves ! ' ( ) * alone; they are legal in URLs yet break some DSN and .env parsers,
 * so they are encoded too.
 */
export function urlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
