/**
 * Every sentence the checker shows about its input. The worker returns typed
 * results; the words live here, so they can change without touching the logic.
 */
import { SEND_API } from '../../simulator/mailpace-facts.ts';
import type { Refusal } from './classify.ts';
import type { HeaderProblem } from './header-block.ts';
import { formatSize } from './input.ts';

export interface Wording {
  title: string;
  detail: string;
}

function notMime(problem: HeaderProblem): string {
  switch (problem.kind) {
    case 'mbox':
      return 'It starts with an mbox separator line ("From sender date"), which is not a header. Remove that first line and check again.';
    case 'json':
      return 'It looks like JSON, such as the .json record the sandbox writes. Open the .eml file saved beside it instead.';
    case 'no-headers':
      return 'It starts with an empty line, so it has a body but no headers. A message starts with header lines such as "From: you@example.com".';
    case 'bad-line':
      return `Line ${problem.line} ("${problem.text}") is not a header ("Name: value") or the continuation of one. Headers come first, then one empty line, then the body.`;
  }
}

/** What to tell the reader when the input cannot be checked. */
export function refusalWording(refusal: Refusal): Wording {
  switch (refusal.kind) {
    case 'empty':
      return { title: 'Nothing to check', detail: 'Paste a raw message into the box or open an .eml file first.' };
    case 'too-big':
      return {
        title: 'This message is too large',
        detail: `It is ${formatSize(refusal.size)}; MailPace takes messages up to ${SEND_API.maxSizeMB} MB, so it would refuse this one whole. It was not read.`,
      };
    case 'binary':
      return {
        title: 'This is not text',
        detail:
          refusal.nulAt === null
            ? 'It is full of control characters, so it looks like a binary file (an image, an archive, a PDF), not an email message.'
            : `It contains a NUL byte (at byte ${refusal.nulAt + 1}), so it looks like a binary file, not an email message.`,
      };
    case 'not-mime':
      return { title: 'This does not look like an email message', detail: notMime(refusal.problem) };
  }
}

export function bareLfNotice(count: number): string {
  return `Your input ends ${count === 1 ? 'one line' : `${count} lines`} with a bare LF. SMTP needs CRLF, so the checker changed ${count === 1 ? 'it' : 'them'} to CRLF before the check. Most mail libraries do this for you; if you write the protocol yourself, send CRLF.`;
}

export const ATTACHMENTS_SHORTENED = 'Long attachment contents are shortened for display in the JSON and the curl call below; a real request carries them whole.';

export const CURL_SHORTENED = 'Long bodies are shortened in the curl call below; the text and HTML bodies above are complete.';

export const RAW_SHORTENED = 'The raw message below shows only the start of the message.';

export function goneWording(reason: 'crashed' | 'timeout'): Wording {
  return {
    title: reason === 'crashed' ? 'The checker stopped unexpectedly' : 'The check took too long',
    detail: 'Press Check to try again: a fresh checker starts.',
  };
}

export const READ_FAILED: Wording = {
  title: 'The file could not be read',
  detail: 'It may have been moved or changed since you chose it. Open it again.',
};
