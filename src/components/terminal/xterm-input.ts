/**
 * Finds xterm's input (its hidden textarea) under `root`. xterm lives in the shadow
 * root of `.smtp-xterm` (see xterm-shadow.ts), where `querySelector` on the page
 * cannot see it. Kept apart from XtermView so the eager stand-in can use it
 * without loading xterm.
 */
export function xtermInput(root: ParentNode | null | undefined): HTMLTextAreaElement | null {
  return root?.querySelector('.smtp-xterm')?.shadowRoot?.querySelector<HTMLTextAreaElement>('textarea.xterm-helper-textarea') ?? null;
}
