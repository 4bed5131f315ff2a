import type { SnippetInputs } from './inputs';

/** The environment variable every snippet reads unless the reader inlines the token. */
export const TOKEN_ENV = 'MAILPACE_API_TOKEN';

/** Shown when the reader asks for an inline token but has not typed one. */
export const PLACEHOLDER_TOKEN = 'YOUR_MAILPACE_API_TOKEN';

/** The token text to paste: the typed one, or the placeholder. */
export function tokenValue(inputs: SnippetInputs): string {
  return inputs.token || PLACEHOLDER_TOKEN;
}

/**
 * Source code that yields the token in a target's language: an environment lookup by
 * default, or the literal, already quoted by the caller's quoting rule.
 */
export function tokenCode(
  inputs: SnippetInputs,
  fromEnv: (name: string) => string,
  quote: (literal: string) => string,
): string {
  return inputs.inlineToken ? quote(tokenValue(inputs)) : fromEnv(TOKEN_ENV);
}
