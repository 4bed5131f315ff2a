/**
 * Making a share link, as a flow with its own state: the client lines sent in
 * this session, and where the reader is (nothing asked yet, asked to confirm
 * because of credentials, or a link ready). The pure parts (credential checks,
 * encoding) live in `share.ts`; the controller only feeds lines in.
 */
import type { RanLine } from './command-history.ts';
import { NOTES } from './notes.ts';
import { findCredentials, shareUrl, withDemoCredentials, type CredentialFinding, type SentLine } from './share.ts';
import type { Port } from './ports.ts';

export type ShareState =
  | { status: 'idle' }
  | { status: 'confirm'; findings: CredentialFinding[] }
  | { status: 'ready'; url: string; demoCredentials: boolean };

export interface ShareDeps {
  /** Prints a note in the transcript (which tells the view itself). */
  note(text: string): void;
  /** Puts text on the clipboard; false when the browser refused. */
  copy(text: string): Promise<boolean>;
  /** Called after every change of `state` (the view store, which batches them). */
  changed(): void;
  /** The page the link points to, the port and the preset it replays on. */
  pageUrl(): string;
  port(): Port;
  presetId: string;
}

export class ShareFlow {
  state: ShareState = { status: 'idle' };
  private sent: RanLine[] = [];

  constructor(private readonly deps: ShareDeps) {}

  /** A line reached the server (opening lines are the preset's, not the reader's, and stay out). */
  record(line: RanLine): void {
    if (line.origin !== 'opening') this.sent.push(line);
  }

  /** A new session: nothing sent yet, no link. */
  reset(): void {
    this.sent = [];
    if (this.state.status === 'idle') return;
    this.state = { status: 'idle' };
    this.deps.changed();
  }

  /** Makes a link, or asks first when the lines hold credentials other than the demo token. */
  request(): void {
    const lines = this.lines();
    if (!lines.length) {
      this.deps.note(NOTES.shareEmpty);
      return;
    }
    const findings = findCredentials(lines);
    if (findings.length) {
      this.state = { status: 'confirm', findings };
      this.deps.note(NOTES.shareConfirm);
      this.deps.changed();
      return;
    }
    void this.finish(false);
  }

  /** After the warning: `true` swaps in the demo token, `false` shares the lines as they are. */
  confirm(useDemoCredentials: boolean): Promise<void> {
    return this.finish(useDemoCredentials);
  }

  cancel(): void {
    this.state = { status: 'idle' };
    this.deps.changed();
  }

  private lines(): SentLine[] {
    return this.sent.map(({ text, phase }) => ({ text, phase }));
  }

  private async finish(useDemoCredentials: boolean): Promise<void> {
    const lines = this.lines();
    const chosen = useDemoCredentials ? withDemoCredentials(lines) : lines;
    const url = shareUrl(this.deps.pageUrl(), { port: this.deps.port(), preset: this.deps.presetId, lines: chosen.map((l) => l.text) });
    this.state = { status: 'ready', url, demoCredentials: useDemoCredentials };
    this.deps.changed();
    const copied = await this.deps.copy(url);
    this.deps.note(copied ? NOTES.shareCopied(lines.length) : NOTES.shareNotCopied);
  }
}
