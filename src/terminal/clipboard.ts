/**
 * Copying from the terminal (the transcript, a share link) through the writer the
 * page passes in, which is normally the async Clipboard API.
 */
export type ClipboardWriter = (text: string) => Promise<void>;

/** True when the text is on the clipboard; false when there is no writer or the browser refused. */
export async function copyText(write: ClipboardWriter | undefined, text: string): Promise<boolean> {
  if (!write) return false;
  try {
    await write(text);
    return true;
  } catch {
    return false;
  }
}
