import { useEffect, useId, useMemo, useState } from 'react';
import { highlight } from '../../snippets/highlight';
import type { SnippetLanguage } from '../../snippets/target';

interface Props {
  code: string;
  language: SnippetLanguage;
  filename?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/** One highlighted file with its own Copy button. */
export function CodeBlock({ code, language, filename }: Props) {
  const captionId = useId();
  const [copy, setCopy] = useState<CopyState>('idle');
  // highlight.js escapes the source it wraps, so typed values end up as text, not markup.
  const html = useMemo(() => highlight(code, language), [code, language]);

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
        <code className={`hljs language-${language}`} dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </figure>
  );
}
