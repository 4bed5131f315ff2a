/**
 * xterm's hidden textarea changes with every key; these keep the changes from costing
 * the page work between a key and the reply to it.
 *
 * - It is emptied after each typed character. After a key press Chromium holds the page's
 *   posted tasks, the worker's reply among them, until the next frame has been drawn
 *   (traced: the reply waits even when that frame has nothing to update). The browser
 *   types each key into the textarea and xterm empties it on Enter, so that frame would
 *   restyle and lay out the textarea before the reply is let through. Emptied as it goes,
 *   the textarea is already empty at Enter: the press changes nothing, and the frame the
 *   reply waits for is an empty one. An IME composition
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
