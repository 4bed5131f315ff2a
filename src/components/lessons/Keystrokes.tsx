/**
 * A lesson's keystrokes as a reader follows them: each line to type in <code>, each
 * key to press in <kbd>, in order, and nothing else in either, so the page can be
 * followed literally (the browser tests do exactly that).
 */
import type { Keystroke } from '../../lessons/keystrokes.ts';

function Enter() {
  return <kbd>Enter</kbd>;
}

function Item({ stroke }: { stroke: Keystroke }) {
  if (stroke.kind === 'key') {
    return (
      <>
        Press <kbd>{stroke.key}</kbd>
        {stroke.then ? ` ${stroke.then}` : ''}.
      </>
    );
  }
  if (stroke.kind === 'lines') {
    return (
      <>
        Type each line below and press Enter after it (on an empty line, press Enter alone):
        <ol className="lesson-keys__lines">
          {stroke.lines.map((line, i) => (
            <li key={i}>
              {line === '' ? <span className="lesson-keys__empty">(empty line)</span> : <code>{line}</code>} <Enter />
            </li>
          ))}
        </ol>
      </>
    );
  }
  if (stroke.text === '') {
    return (
      <>
        Press <Enter /> on an empty line.
      </>
    );
  }
  return (
    <>
      Type <code>{stroke.text}</code> and press <Enter />
      {stroke.then ? `: ${stroke.then}` : ''}.
    </>
  );
}

export default function Keystrokes({ keys, label }: { keys: readonly Keystroke[]; label: string }) {
  return (
    <ol className="lesson-keys" aria-label={label}>
      {keys.map((stroke, i) => (
        <li key={i}>
          <Item stroke={stroke} />
        </li>
      ))}
    </ol>
  );
}
