/**
 * Client-side helpers: lines starting with `/` are handled in the page and never
 * reach the server. They print notes and may ask the widget to do something
 * (reset the session, copy the transcript, play an example).
 *
 * A helper that builds a line to send (`/plain`, `/login`, `/b64`) also puts it on
 * the prompt (`prompt`), ready to edit or send with Enter: nobody retypes base64.
 */
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { b64, plainArgument, unb64 } from './encoding.ts';
import { EXAMPLES, findExample } from './examples.ts';

export type HelperAction =
  | { type: 'none' }
  | { type: 'reset' }
  | { type: 'copy' }
  | { type: 'clear' }
  | { type: 'share' }
  | { type: 'example'; name: string }
  | { type: 'crash'; mode: 'throw' | 'hang' };

export interface HelperResult {
  /** Notes to print, one line each. */
  lines: string[];
  action: HelperAction;
  /** A line for the prompt, ready to send. */
  prompt?: string;
}

export interface HelperContext {
  /** The server is waiting for an answer to an AUTH challenge, so only the argument is wanted. */
  authAnswer: boolean;
}

export interface HelperInfo {
  usage: string;
  summary: string;
  /** Listed by /help; debugging helpers are documented but not advertised there. */
  listed: boolean;
}

export const HELPERS: Readonly<Record<string, HelperInfo>> = {
  '/help': { usage: '/help', summary: 'this list', listed: true },
  '/b64': { usage: '/b64 TEXT', summary: 'put base64 of TEXT on the prompt', listed: true },
  '/unb64': { usage: '/unb64 BASE64', summary: 'decode base64, e.g. a 334 challenge', listed: true },
  '/plain': { usage: '/plain [TOKEN]', summary: 'put the AUTH PLAIN line for TOKEN on the prompt (default: the demo token)', listed: true },
  '/login': { usage: '/login [TOKEN]', summary: 'put the answer to an AUTH LOGIN challenge on the prompt (default: the demo token)', listed: true },
  '/example': { usage: '/example [NAME]', summary: 'play a scripted session; without NAME, list them', listed: true },
  '/reset': { usage: '/reset', summary: 'start a new session', listed: true },
  '/copy': { usage: '/copy', summary: 'copy the transcript to the clipboard', listed: true },
  '/share': { usage: '/share', summary: 'make a link that replays your client lines', listed: true },
  '/clear': { usage: '/clear', summary: 'clear the screen (Ctrl+L); the transcript keeps everything', listed: true },
  '/crash': { usage: '/crash [hang]', summary: 'debugging: crash (or freeze) the simulator worker to try recovery', listed: false },
};

export const HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

/** Lines starting with `/` are helpers, except while the server is reading a message. */
export function isHelperLine(line: string): boolean {
  return line.startsWith('/');
}

const none: HelperAction = { type: 'none' };

/** NUL bytes shown as <NUL>: `\0` would run into tokens that start with digits. */
function showNul(text: string): string {
  return text.replace(/\0/g, '<NUL>');
}

export function runHelper(line: string, context: HelperContext = { authAnswer: false }): HelperResult {
  const space = line.indexOf(' ');
  const name = (space === -1 ? line : line.slice(0, space)).toLowerCase();
  const arg = space === -1 ? '' : line.slice(space + 1).trim();
  switch (name) {
    case '/help':
      return {
        lines: [
          'Helpers (run in your browser, never sent to the server):',
          ...Object.values(HELPERS).filter((h) => h.listed).map((h) => `  ${h.usage.padEnd(16)} ${h.summary}`),
          'Anything else is sent to the server as typed; HELP asks the server itself.',
          'Keys: Tab completes, Up/Down browse history, Ctrl+C drops the line, Ctrl+L clears, Esc then Tab leaves the terminal.',
        ],
        action: none,
      };
    case '/b64':
      if (!arg) return { lines: ['Usage: /b64 TEXT'], action: none };
      return { lines: [b64(arg)], action: none, prompt: b64(arg) };
    case '/unb64': {
      if (!arg) return { lines: ['Usage: /unb64 BASE64'], action: none };
      const text = unb64(arg);
      return { lines: [text === null ? 'That is not valid base64 of UTF-8 text.' : showNul(text)], action: none };
    }
    case '/plain': {
      const token = arg || DEMO_TOKEN;
      // Answering "334" after a bare AUTH PLAIN takes the argument alone.
      const prompt = context.authAnswer ? plainArgument(token) : `AUTH PLAIN ${plainArgument(token)}`;
      return {
        lines: [
          prompt,
          `(base64 of <NUL>${token}<NUL>${token}: an empty authorization identity, then the token as username and again as password${arg ? '' : '; this is the demo token'})`,
        ],
        action: none,
        prompt,
      };
    }
    case '/login': {
      const token = arg || DEMO_TOKEN;
      return {
        lines: [b64(token), `(base64 of ${token}: the answer to both AUTH LOGIN challenges${arg ? '' : '; this is the demo token'})`],
        action: none,
        prompt: b64(token),
      };
    }
    case '/example': {
      if (!arg) {
        return {
          lines: ['Examples (/example NAME plays one in a new session; press any key to skip ahead):', ...EXAMPLES.map((e) => `  ${e.name.padEnd(12)} ${e.description}`)],
          action: none,
        };
      }
      const example = findExample(arg);
      if (!example) return { lines: [`No example called "${arg}". Type /example to list them.`], action: none };
      return { lines: [], action: { type: 'example', name: example.name } };
    }
    case '/reset':
      return { lines: [], action: { type: 'reset' } };
    case '/copy':
      return { lines: [], action: { type: 'copy' } };
    case '/share':
      return { lines: [], action: { type: 'share' } };
    case '/clear':
      return { lines: [], action: { type: 'clear' } };
    case '/crash':
      return { lines: [], action: { type: 'crash', mode: arg.toLowerCase() === 'hang' ? 'hang' : 'throw' } };
    default:
      return { lines: [`Unknown helper ${name}. Type /help for the list.`], action: none };
  }
}
