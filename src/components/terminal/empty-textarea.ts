/**
 * Keeps xterm's hidden textarea empty between keys. The browser types each key into
 * it, and xterm empties it on Enter: that change makes the Enter press ask for a frame,
 * and Chromium then holds the page's other tasks (the worker's reply among them) until
 * that frame is drawn, so the reply would paint a frame later. Emptied after each typed
 * character instead, the textarea is already empty at Enter and the press changes nothing.
 * An IME composition edits the textarea's text: it is left alone until the composition
 * has ended and xterm has read the composed text (xterm reads it in a timeout).
 */
export function keepTextareaEmpty(textarea: HTMLTextAreaElement): () => void {
  let composing = false;
  const start = () => {
    composing = true;
  };
  const end = () => {
    setTimeout(() => {
      composing = false;
    }, 0);
  };
  const input = (event: Event) => {
    if (composing || (event as InputEvent).isComposing || textarea.value === '') return;
    textarea.value = '';
  };
  textarea.addEventListener('compositionstart', start);
  textarea.addEventListener('compositionend', end);
  textarea.addEventListener('input', input);
  return () => {
    textarea.removeEventListener('compositionstart', start);
    textarea.removeEventListener('compositionend', end);
    textarea.removeEventListener('input', input);
  };
}
