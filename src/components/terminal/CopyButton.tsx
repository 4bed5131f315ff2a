/** A button that copies text and says so, for people and for screen readers. */
import { useEffect, useState } from 'react';

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  throw new Error('The clipboard is not available here (it needs a secure page).');
}

export default function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        className="smtp-button smtp-button--small"
        onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed'))}
      >
        {label}
      </button>
      <span aria-live="polite" className="smtp-copy-status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </>
  );
}
