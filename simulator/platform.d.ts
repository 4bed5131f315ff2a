// The core compiles without DOM or Node types, yet both of its hosts (browsers and
// Node) provide the WHATWG text codecs. Declare just the parts the core uses.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
