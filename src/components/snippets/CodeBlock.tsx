import { Fragment, useEffect, useId, useMemo, useState } from 'react';
import { highlight } from '../../snippets/highlight';
import { linesContaining, splitHighlightedLines } from './code-lines';
import type { SnippetLanguage } from '../../snippets/target';

interface Props {
  code: string;
  language: SnippetLanguage;
  filename?: string;
  /** Lines containing this text are marked (where the token is read or written). */
  mark?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/** One highlighted file with its own Copy button. */
export function CodeBlock({ code, language, filename, mark = '' }: Props) {
  const captionId = useId();
  const [copy, setCopy] = useState<CopyState>('idle');
  // highlight.js escapes the source it wraps, so typed values end up as text, not markup.
  const lines = useMemo(() => splitHighlightedLines(highlight(code, language)), [code, language]);
  const marked = useMemo(() => linesContaining(code, mark), [code, mark]);

  // A new snippet makes an old "Copied" message wrong.
  useEffect(() => setCopy('idle'), [code]);
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  async function onCopy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <figure className="snippet-file">
      <div className="snippet-file__bar">
        <figcaption id={captionId}>{filename ?? language}</figcaption>
        <span role="status" className="snippet-file__status">
          {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Copy failed: select the text instead' : ''}
        </span>
        <button type="button" onClick={onCopy} aria-describedby={captionId}>
          Copy
        </button>
      </div>
      {/* tabIndex: the block scrolls sideways, so keyboard users must be able to reach it. */}
      <pre tabIndex={0} aria-labelledby={captionId}>
        <code className={`hljs language-${language}`}>
          {lines.map((line, n) => (
            <Fragment key={n}>
              {n > 0 && '\n'}
              {/* <mark>: highlighted for reference, so assistive technology can say so too. */}
              {marked.has(n) ? (
                <mark className="snippet-line snippet-line--token" dangerouslySetInnerHTML={{ __html: line }} />
              ) : (
                <span className="snippet-line" dangerouslySetInnerHTML={{ __html: line }} />
              )}
            </Fragment>
          ))}
        </code>
      </pre>
    </figure>
  );
}
