/**
 * Runs a `/helper` line typed into the terminal: prints it and its notes, offers
 * any line it built for the prompt, then carries out its action through the
 * controller's hooks. Helpers never reach the server.
 */
import { runHelper } from './helpers.ts';
import { NOTES } from './notes.ts';
import type { TranscriptStore } from './transcript-store.ts';

/** What a helper may ask of the terminal. */
export interface HelperHooks {
  transcript: TranscriptStore;
  /** Puts a line on the prompt, ready to edit and send. */
  offer(line: string): void;
  emit(): void;
  newSession(): Promise<unknown>;
  copyTranscript(): Promise<void>;
  clearScreen(): void;
  share(): void;
  crash(mode: 'throw' | 'hang'): Promise<void>;
  playExample(name: string): Promise<void>;
}

/** `authAnswer`: the server waits for an answer to an AUTH challenge. */
export async function runHelperLine(text: string, authAnswer: boolean, hooks: HelperHooks): Promise<void> {
  const { lines, action, prompt } = runHelper(text, { authAnswer });
  hooks.transcript.add([['local', text], ...lines.map((l) => ['note', l] as const)]);
  if (prompt !== undefined) {
    hooks.transcript.note(NOTES.onPrompt);
    hooks.offer(prompt);
  }
  hooks.emit();
  switch (action.type) {
    case 'none':
      return;
    case 'reset':
      await hooks.newSession();
      return;
    case 'copy':
      return hooks.copyTranscript();
    case 'clear':
      return hooks.clearScreen();
    case 'share':
      return hooks.share();
    case 'crash':
      return hooks.crash(action.mode);
    case 'example':
      return hooks.playExample(action.name);
  }
}
