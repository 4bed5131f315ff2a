/**
 * Client-side helpers: lines starting with `/` are handled in the page and never
 * reach the server. Each helper is one row of `HELPERS`: its usage, a summary,
 * and what it does with its argument through the terminal's `HelperContext`.
 * `/help`, Tab completion and the simulator page's list all read the table, so a
 * row is all a new helper needs (plus, if it reaches the worker, the worker's
 * method, called through `ctx.worker`).
 *
 * A helper that builds a line to send (`/plain`, `/login`, `/b64`) also puts it on
 * the prompt (`ctx.offer`), ready to edit or send with Enter: nobody retypes base64.
 */
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { b64, plainArgument, unb64 } from './encoding.ts';
import { EXAMPLES, findExample } from './examples.ts';
import { NOTES } from './notes.ts';
import type { SessionApi } from './worker-client.ts';

/** What a helper may ask of the terminal. */
export interface HelperContext {
  /** The server is waiting for an answer to an AUTH challenge, so only the argument is wanted. */
  readonly authAnswer: boolean;
  /** The table this line was looked up in (what /help lists). */
  readonly helpers: readonly Helper[];
  /** Prints notes, one line each. */
  note(...lines: string[]): void;
  /** Puts a line on the prompt, ready to edit and send. */
  offer(line: string): void;
  newSession(): Promise<unknown>;
  copyTranscript(): Promise<void>;
  clearScreen(): void;
  share(): void;
  playExample(name: string): Promise<void>;
  /** Calls the session worker; null when no session is open (or the call was lost with its worker). */
  worker<T>(request: (api: SessionApi) => Promise<T>): Promise<T | null>;
  /** A session is open, so `worker` reaches one. */
  readonly sessionOpen: boolean;
}

export interface Helper {
  /** What is typed, lower case, with its slash. */
  name: string;
  usage: string;
  summary: string;
  /** Debugging helpers are documented but neither listed by /help nor completed. */
  debugging?: boolean;
  run(arg: string, ctx: HelperContext): void | Promise<void>;
}

/** NUL bytes shown as <NUL>: `\0` would run into tokens that start with digits. */
function showNul(text: string): string {
  return text.replace(/\0/g, '<NUL>');
}

const demoNote = (arg: string) => (arg ? '' : '; this is the demo token');

export const HELPERS: readonly Helper[] = [
  {
    name: '/help',
    usage: '/help',
    summary: 'this list',
    run: (_arg, ctx) =>
      ctx.note(
        'Helpers (run in your browser, never sent to the server):',
        ...listedHelpers(ctx.helpers).map((h) => `  ${h.usage.padEnd(16)} ${h.summary}`),
        'Anything else is sent to the server as typed; HELP asks the server itself.',
        'Keys: Tab completes, Up/Down browse history, Ctrl+C drops the line, Ctrl+L clears, Esc then Tab leaves the terminal.',
      ),
  },
  {
    name: '/b64',
    usage: '/b64 TEXT',
    summary: 'put base64 of TEXT on the prompt',
    run: (arg, ctx) => {
      if (!arg) return ctx.note('Usage: /b64 TEXT');
      ctx.note(b64(arg));
      ctx.offer(b64(arg));
    },
  },
  {
    name: '/unb64',
    usage: '/unb64 BASE64',
    summary: 'decode base64, e.g. a 334 challenge',
    run: (arg, ctx) => {
      if (!arg) return ctx.note('Usage: /unb64 BASE64');
      const text = unb64(arg);
      ctx.note(text === null ? 'That is not valid base64 of UTF-8 text.' : showNul(text));
    },
  },
  {
    name: '/plain',
    usage: '/plain [TOKEN]',
    summary: 'put the AUTH PLAIN line for TOKEN on the prompt (default: the demo token)',
    run: (arg, ctx) => {
      const token = arg || DEMO_TOKEN;
      // Answering "334" after a bare AUTH PLAIN takes the argument alone.
      const line = ctx.authAnswer ? plainArgument(token) : `AUTH PLAIN ${plainArgument(token)}`;
      ctx.note(
        line,
        `(base64 of <NUL>${token}<NUL>${token}: an empty authorization identity, then the token as username and again as password${demoNote(arg)})`,
      );
      ctx.offer(line);
    },
  },
  {
    name: '/login',
    usage: '/login [TOKEN]',
    summary: 'put the answer to an AUTH LOGIN challenge on the prompt (default: the demo token)',
    run: (arg, ctx) => {
      const token = arg || DEMO_TOKEN;
      ctx.note(b64(token), `(base64 of ${token}: the answer to both AUTH LOGIN challenges${demoNote(arg)})`);
      ctx.offer(b64(token));
    },
  },
  {
    name: '/example',
    usage: '/example [NAME]',
    summary: 'play a scripted session; without NAME, list them',
    run: (arg, ctx) => {
      if (!arg) {
        return ctx.note(
          'Examples (/example NAME plays one in a new session; press any key to skip ahead):',
          ...EXAMPLES.map((e) => `  ${e.name.padEnd(12)} ${e.description}`),
        );
      }
      const example = findExample(arg);
      // The name is quoted back only as far as a reader would check it against the list.
      const shown = arg.length > 40 ? `${arg.slice(0, 40)}…` : arg;
      if (!example) return ctx.note(`No example called "${shown}". Type /example to list them.`);
      return ctx.playExample(example.name);
    },
  },
  { name: '/reset', usage: '/reset', summary: 'start a new session', run: async (_arg, ctx) => void (await ctx.newSession()) },
  { name: '/copy', usage: '/copy', summary: 'copy the transcript to the clipboard', run: (_arg, ctx) => ctx.copyTranscript() },
  { name: '/share', usage: '/share', summary: 'make a link that replays your client lines', run: (_arg, ctx) => ctx.share() },
  { name: '/clear', usage: '/clear', summary: 'clear the screen (Ctrl+L); the transcript keeps everything', run: (_arg, ctx) => ctx.clearScreen() },
  {
    name: '/crash',
    usage: '/crash [hang]',
    summary: 'debugging: crash (or freeze) the simulator worker to try recovery',
    debugging: true,
    run: async (arg, ctx) => {
      const mode = arg.toLowerCase() === 'hang' ? 'hang' : 'throw';
      if (!ctx.sessionOpen) return ctx.note(NOTES.crashNeedsSession);
      ctx.note(NOTES.crashing(mode));
      await ctx.worker((api) => api.crash(mode));
    },
  },
];

/** The helpers /help lists and Tab completes. */
export function listedHelpers(table: readonly Helper[] = HELPERS): Helper[] {
  return table.filter((h) => !h.debugging);
}

/** Lines starting with `/` are helpers, except while the server is reading a message. */
export function isHelperLine(line: string): boolean {
  return line.startsWith('/');
}

/** Runs a `/helper` line (the caller has echoed it); an unknown name gets a pointer to /help. */
export function runHelper(line: string, ctx: HelperContext): void | Promise<void> {
  const space = line.indexOf(' ');
  const name = (space === -1 ? line : line.slice(0, space)).toLowerCase();
  const arg = space === -1 ? '' : line.slice(space + 1).trim();
  const helper = ctx.helpers.find((h) => h.name === name);
  if (!helper) return ctx.note(`Unknown helper ${name}. Type /help for the list.`);
  return helper.run(arg, ctx);
}
