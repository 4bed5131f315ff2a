/**
 * Plain text input: a labelled text box instead of the terminal, for phones and
 * screen readers. Enter sends (every line, when several were pasted), Shift+Enter
 * starts a new line, Up/Down recall earlier commands. Replies appear in the
 * transcript.
 */
import { useRef, useState } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { splitLines } from '../../terminal/transcript.ts';

export default function PlainInput({ controller, describedBy }: { controller: TerminalController; describedBy: string }) {
  const [value, setValue] = useState('');
  const history = useRef<string[]>([]);
  const browsing = useRef(0);

  const send = () => {
    const lines = splitLines(value);
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    if (controller.isCommandContext() && lines.length === 1 && lines[0]!.trim()) {
      history.current.push(lines[0]!);
      browsing.current = history.current.length;
    }
    setValue('');
    void controller.submit(lines);
  };

  return (
    <form
      className="smtp-plain"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label className="smtp-plain__label">
        <span>SMTP command (plain text input)</span>
        <textarea
          rows={2}
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          aria-describedby={describedBy}
          onChange={(event) => setValue(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              send();
            } else if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && !value.includes('\n')) {
              const list = history.current;
              if (!list.length) return;
              event.preventDefault();
              browsing.current = Math.max(0, Math.min(list.length, browsing.current + (event.key === 'ArrowUp' ? -1 : 1)));
              setValue(list[browsing.current] ?? '');
            }
          }}
        />
      </label>
      <button type="submit" className="smtp-button smtp-button--primary">
        Send
      </button>
    </form>
  );
}
