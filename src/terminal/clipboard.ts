/** Puts `text` on the clipboard if the page gave a way to; true when it worked (a browser may refuse). */
export async function tryCopy(clipboard: ((text: string) => Promise<void>) | undefined, text: string): Promise<boolean> {
  if (!clipboard) return false;
  try {
    await clipboard(text);
    return true;
  } catch {
    return false;
  }
}
