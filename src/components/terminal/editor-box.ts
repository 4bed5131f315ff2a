/**
 * A browser text box as a view of the shared `LineEditor`: the stand-in's input and
 * the plain text box both take their edits into the editor before a key the editor
 * handles, and show its line after. An offered line shows selected whole, which is
 * how a text box says "typing replaces this".
 */
import type { LineEditor } from '../../terminal/line-editor.ts';

export type EditorBox = HTMLInputElement | HTMLTextAreaElement;

/** Takes the box's text and caret into the editor. */
export function syncFromBox(editor: LineEditor, box: EditorBox): void {
  const end = box.selectionEnd ?? box.value.length;
  editor.sync(box.value, end, box.value !== '' && box.selectionStart === 0 && end === box.value.length);
}

/** Shows the editor's line in the box: an offer selected whole, anything else with its caret. */
export function showInBox(editor: LineEditor, box: EditorBox): void {
  box.value = editor.text;
  if (editor.isOffer) box.setSelectionRange(0, editor.text.length);
  else box.setSelectionRange(editor.cursor, editor.cursor);
}
