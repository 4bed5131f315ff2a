/**
 * The accessible transcript: every line the terminal shows, as text, in a
 * `role="log"` region that screen readers announce as it grows.
 *
 * Beside xterm it is visually hidden (screen readers still hear it; a second visible
 * copy would halve the terminal) until the reader asks to see it; with the plain text
 * box it is the screen, right above the input.
 */
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import { ENTRY_PREFIX, printable, replyTone, type TranscriptEntry } from '../../terminal/transcript.ts';

const Entry = memo(function Entry({ entry }: { entry: TranscriptEntry }) {
  const tone = entry.kind === 'server' ? replyTone(entry.code) : 'ok';
  return (
    <div className={`smtp-entry smtp-entry--${entry.kind}${tone === 'ok' ? '' : ` is-${tone}`}`}>
      {ENTRY_PREFIX[entry.kind] && <span className="smtp-entry__who">{ENTRY_PREFIX[entry.kind]}</span>}
      {printable(entry.text)}
    </div>
  );
});

export interface TranscriptProps {
  entries: readonly TranscriptEntry[];
  id: string;
  /** Shown on screen; otherwise only screen readers and the Copy button read it. */
  shown: boolean;
}

/** Chromium and Firefox keep a scroller pinned to its end through CSS scroll anchoring (see terminal.css). */
const anchoring = typeof CSS !== 'undefined' && CSS.supports?.('overflow-anchor', 'auto');

export default function Transcript({ entries, id, shown }: TranscriptProps) {
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const pinned = useRef(false);

  // Shown (again): start at the end. Declared first, so it runs before the scroll below.
  useLayoutEffect(() => {
    pinned.current = false;
    stick.current = true;
  }, [shown]);

  // Follow new lines unless the reader scrolled up. Where scroll anchoring works, one
  // scroll to the end is enough and later lines cost no forced layout; elsewhere the
  // log scrolls after each update, in the next frame.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log || !stick.current || !shown) return;
    if (anchoring) {
      if (pinned.current) return;
      log.scrollTop = log.scrollHeight;
      pinned.current = log.scrollTop > 0;
      return;
    }
    const frame = requestAnimationFrame(() => {
      log.scrollTop = log.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [entries, shown]);

  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const onScroll = () => {
      stick.current = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
      // Back at the end: anchoring follows again, or the next update scrolls there.
      if (anchoring) pinned.current = stick.current && log.scrollTop > 0;
    };
    log.addEventListener('scroll', onScroll, { passive: true });
    return () => log.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <div className={shown ? 'smtp-transcript' : 'smtp-transcript smtp-visually-hidden'}>
      <p className="smtp-transcript__title" id={`${id}-title`}>
        Transcript <span className="smtp-muted">(C: you, S: the server)</span>
      </p>
      <div
        ref={logRef}
        id={id}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby={`${id}-title`}
        className="smtp-transcript__log"
        // Focusable to scroll it from the keyboard, only while it can be seen.
        tabIndex={shown ? 0 : undefined}
      >
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </div>
    </div>
  );
}
