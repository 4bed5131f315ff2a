/**
 * Everything the terminal writes into xterm passes here. While a line waits for its
 * reply (`hold`), writes are kept: line, reply and the new prompt reach xterm in one
 * write, so no frame shows the line without its reply. That write is the first since
 * the key, which xterm parses at once (later ones wait for a timer), so the reply is
 * drawn in the first frame after it arrives.
 */
export class ScreenWriter {
  private kept: string | null = null;
  private closed = false;

  constructor(private readonly sink: (data: string) => void) {}

  write(data: string): void {
    if (this.closed) return;
    if (this.kept !== null) this.kept += data;
    else this.sink(data);
  }

  hold(): void {
    this.kept ??= '';
  }

  /** Writes what was kept since `hold`, in one go. */
  release(): void {
    const data = this.kept;
    this.kept = null;
    if (data) this.write(data);
  }

  /** The terminal went away: nothing more is written. */
  close(): void {
    this.closed = true;
  }
}
