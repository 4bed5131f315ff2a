/**
 * xterm's hidden textarea changes with every key; these keep the changes from costing
 * the page work between a key and the reply to it.
 *
 * - It is emptied after each typed character. The browser types each key into it, and
 *   xterm empties it on Enter: that change makes the Enter press ask for a frame, and
 *   Chromium then holds the page's other tasks (the worker's reply among them) until that
 *   frame is drawn, so the reply would paint a frame later. Emptied as it goes, the
 *   textarea is already empty at Enter and the press changes nothing. An IME composition
 *   edits the textarea's text: it is left alone until the composition has ended and xterm
 *   has read the composed text (xterm reads it in a timeout).
 * - Its `selectionchange` events stop at it. They reach the document otherwise, where
 *   React's onSelect support reads the selection (forcing a layout) for each one, in a
 *   task of its own that can land between Enter and the reply. Nothing on the page
 *   listens for the selection inside xterm's textarea.
 */
export function quietTextarea(textarea: HTMLTextAreaElement): () => void {
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
  const selection = (event: Event) => event.stopPropagation();
  textarea.addEventListener('compositionstart', start);
  textarea.addEventListener('compositionend', end);
  textarea.addEventListener('input', input);
  textarea.addEventListener('selectionchange', selection);
  return () => {
    textarea.removeEventListener('compositionstart', start);
    textarea.removeEventListener('compositionend', end);
    textarea.removeEventListener('input', input);
    textarea.removeEventListener('selectionchange', selection);
  };
}
