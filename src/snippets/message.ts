import { mailpaceHeaders } from './headers';
import type { SnippetInputs } from './inputs';

/** Subject and body every snippet sends, so a test message is recognisable. */
export const SUBJECT = 'Hello from MailPace over SMTP';
export const BODY = 'This message was sent over SMTP through MailPace.';

/**
 * A raw message for tools that upload one (curl, msmtp, sendmail). Example headers
 * cannot be commented out inside a message, so they are left out here and shown by
 * headerHints instead.
 */
export function rawMessage(inputs: SnippetInputs): string[] {
  return [
    `From: ${inputs.from}`,
    `To: ${inputs.to}`,
    `Subject: ${SUBJECT}`,
    ...mailpaceHeaders(inputs)
      .filter((h) => !h.example)
      .map((h) => `${h.name}: ${h.value}`),
    '',
    BODY,
  ];
}

/** Comment lines explaining how to add the headers the reader has not filled in yet. */
export function headerHints(inputs: SnippetInputs, comment: string, show: (line: string) => string): string[] {
  const examples = mailpaceHeaders(inputs).filter((h) => h.example);
  if (examples.length === 0) return [];
  return [
    `${comment} Optional MailPace headers, for example:`,
    ...examples.map((h) => `${comment}   ${show(`${h.name}: ${h.value}`)}`),
  ];
}
