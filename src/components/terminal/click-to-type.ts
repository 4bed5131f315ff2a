/**
 * Click to type: a click or tap anywhere in the terminal's area gives its input the
 * keyboard, as in a desktop terminal, whichever input is there (the stand-in, xterm's
 * textarea or the plain text box).
 *
 * The screen itself is focusable (tabindex -1) so that a press on its text moves focus
 * there rather than to `<body>`: then a drag still selects text and Ctrl+C copies it,
 * and the next typing key is handed to the input instead of scrolling the page (a
 * space on `<body>` pages down by a screen).
 */

/** Whether the page has a text selection that starts or ends inside `area`: the reader is copying. */
export function selectionInside(area: Element): boolean {
  const selection = area.ownerDocument.defaultView?.getSelection();
  if (!selection || selection.isCollapsed) return false;
  return (selection.anchorNode !== null && area.contains(selection.anchorNode)) || (selection.focusNode !== null && area.contains(selection.focusNode));
}

/** Controls inside the area keep their own clicks (a link in a line, a button). */
const OWN_CLICKS = 'a[href], button, input, textarea, select, label, summary, [contenteditable="true"]';

/**
 * Whether a click that landed on `target` inside `area` should move focus to `input`:
 * not when it landed on the input or another control, and not when it ended a text
 * selection.
 */
export function clickShouldFocus(area: Element, target: EventTarget | null, input: Element | null): boolean {
  if (!input || !(target instanceof Element)) return false;
  if (target === input || input.contains(target)) return false;
  const control = target.closest(OWN_CLICKS);
  if (control && area.contains(control)) return false;
  return !selectionInside(area);
}

/**
 * Whether a key pressed while the screen itself has focus (after selecting text in it)
 * should go to the input: anything but a shortcut (Ctrl+C must still copy) and the
 * keys that move focus on.
 */
export function keyGoesToInput(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return event.key !== 'Tab' && event.key !== 'Escape' && event.key !== 'Shift';
}
