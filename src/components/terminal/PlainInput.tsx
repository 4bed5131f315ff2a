/**
 * Plain text input: a labelled text box instead of the terminal, for phones and
 * screen readers. Enter sends (every line, when several were pasted), Shift+Enter
 * starts a new line, Up/Down browse the controller's command history (the same one
 * the terminal uses). Lines a helper builds (/plain, /login, /b64) land here
 * selected: Enter sends, typing replaces, arrows edit. Replies appear in the transcript.
 */
import { useEffect, useRef, useState } from 'react';
import type { TerminalController } from '../../terminal/controller.ts';
import { splitLines } from '../../terminal/transcript.ts';

export default function PlainInput({ controller, describedBy }: { controller: TerminalController; describedBy: string }) {
  const [value, setValue] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const offered = useRef<string | null>(null);

  useEffect(
    () =>
      controller.onPrompt((line) => {
        if (box.current?.value) return;
        offered.current = line;
        setValue(line);
      }),
    [controller],
  );

  // Select an offered line once it is in the box, the same contract as the terminal's prompt.
  useEffect(() => {
    if (offered.current !== null && offered.current === value) box.current?.select();
    offered.current = null;
  }, [value]);

  const send = () => {
    const lines = splitLines(value);
    if (lines.length > 1 && lines.at(-1) === '') lines.pop();
    setValue('');
    controller.history.reset();
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
          ref={box}
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
              const line = event.key === 'ArrowUp' ? controller.history.back(value) : controller.history.forward();
              if (line === null) return;
              event.preventDefault();
              setValue(line);
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
