/**
 * The message checker island: a raw message in (pasted, opened or dropped), the
 * core's verdict out, shown by the terminal's inspector. The check runs in a Web
 * Worker; the bytes are transferred to it, never copied, and a file over the size
 * limit is refused before it is read.
 */
import { useEffect, useId, useRef, useState, type DragEvent, type SubmitEvent } from 'react';
import { CheckerClient, CheckerGoneError, startCheckerWorker } from '../../checker/checker-client.ts';
import { headText } from '../../checker/classify.ts';
import { fromDomain } from '../../checker/from-domain.ts';
import { effectiveDomain, formatSize, isDomainInput, refuseBySize, textToBytes } from '../../checker/input.ts';
import { goneWording, READ_FAILED, refusalWording } from '../../checker/messages.ts';
import { checkedView } from '../../checker/result-view.ts';
import CheckerResult, { type Outcome } from './CheckerResult.tsx';

/** What gets checked: the text box, or a file opened or dropped. */
type Source = { kind: 'text' } | { kind: 'file'; file: File };

export default function MessageChecker() {
  const id = useId();
  const client = useRef<CheckerClient | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'text' });
  const [domain, setDomain] = useState('');
  /** The domain field follows the From header until the reader types in it. */
  const [followFrom, setFollowFrom] = useState(true);
  const [messageDomain, setMessageDomain] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [status, setStatus] = useState('');

  const resultRef = useRef<HTMLDivElement>(null);
  const [checks, setChecks] = useState(0);

  useEffect(() => () => client.current?.dispose(), []);

  // A file dropped beside the form would make the browser leave the page to show it.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  // The result is below the form, off screen on a phone: bring it into view after each check.
  useEffect(() => {
    if (checks > 0) resultRef.current?.scrollIntoView({ block: 'start' });
  }, [checks]);

  const noteFromDomain = (found: string | null) => {
    setMessageDomain(found);
    if (followFrom) setDomain(found ?? '');
  };

  const refuse = (problem: Outcome) => {
    setOutcome(problem);
    setChecks((n) => n + 1);
    setStatus('Not checked: see the message below the form.');
  };

  /** Runs one check; `prepare` supplies the bytes (transferred) and the domain to check against. */
  const run = async (label: string, prepare: () => Promise<{ buffer: ArrayBuffer; domain: string }>) => {
    if (busy) return;
    setBusy(true);
    setStatus(`Checking ${label}…`);
    let read = false;
    try {
      const { buffer, domain: checkDomain } = await prepare();
      read = true;
      client.current ??= new CheckerClient(startCheckerWorker);
      const result = await client.current.check(buffer, { domain: checkDomain });
      if (result.kind === 'refused') return refuse({ kind: 'problem', wording: refusalWording(result.refusal) });
      setOutcome({ kind: 'checked', view: checkedView(result), domain: result.domain, source: label });
      setChecks((n) => n + 1);
      setStatus(`Checked: MailPace would ${result.record.status === 'accepted' ? 'accept' : 'refuse'} this message.`);
    } catch (error) {
      // A file can fail to read (moved or changed since it was chosen); anything later is the worker's.
      const wording = !read ? READ_FAILED : goneWording(error instanceof CheckerGoneError ? error.reason : 'crashed');
      refuse({ kind: 'problem', wording });
    } finally {
      setBusy(false);
    }
  };

  /** Refuses by size first, so a huge file is never read; the From domain is known once it is. */
  const checkFile = (file: File) => {
    const refusal = refuseBySize(file.size);
    if (refusal) return refuse({ kind: 'problem', wording: refusalWording(refusal) });
    void run(`the file ${file.name}`, async () => {
      const buffer = await file.arrayBuffer();
      const found = fromDomain(headText(new Uint8Array(buffer)));
      noteFromDomain(found);
      return { buffer, domain: effectiveDomain(followFrom ? '' : domain, found) };
    });
  };

  const openFile = (file: File | undefined) => {
    if (!file) return;
    setSource({ kind: 'file', file });
    if (isDomainInput(domain)) checkFile(file);
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!isDomainInput(domain)) return;
    if (source.kind === 'file') return checkFile(source.file);
    const bytes = textToBytes(text);
    const refusal = refuseBySize(bytes.length);
    if (refusal) return refuse({ kind: 'problem', wording: refusalWording(refusal) });
    void run('the pasted message', async () => ({ buffer: bytes.buffer, domain: effectiveDomain(domain, messageDomain) }));
  };

  const onText = (value: string) => {
    setText(value);
    setSource({ kind: 'text' });
    noteFromDomain(fromDomain(value.replace(/^(?:[ \t]*\r?\n)+/, '')));
  };

  const onDomain = (value: string) => {
    setDomain(value);
    setFollowFrom(value.trim() === '');
  };

  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDragging(false);
    openFile(event.dataTransfer.files[0]);
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const clearFile = () => {
    setSource({ kind: 'text' });
    if (fileInput.current) fileInput.current.value = '';
    noteFromDomain(fromDomain(text));
  };

  const domainValid = isDomainInput(domain);
  return (
    <div className="smtp-terminal checker">
      <form
        className="checker-form"
        data-dragging={dragging}
        onSubmit={onSubmit}
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-label="Message checker"
      >
        <div className="checker-field">
          <label htmlFor={`${id}-raw`}>Raw message</label>
          <textarea
            id={`${id}-raw`}
            rows={12}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={text}
            onChange={(e) => onText(e.target.value)}
            aria-describedby={`${id}-raw-help`}
            placeholder={'From: App <hello@example.com>\nTo: you@example.net\nSubject: Hello\n\nHi there!'}
          />
          <p id={`${id}-raw-help`} className="smtp-muted">
            Headers, one empty line, then the body. CRLF or LF line ends both work.
          </p>
        </div>

        <div className="checker-drop">
          <label htmlFor={`${id}-file`}>Open an .eml file</label>
          <input ref={fileInput} id={`${id}-file`} type="file" accept=".eml,.txt,message/rfc822,text/plain" onChange={(e) => openFile(e.target.files?.[0])} />
          <p className="smtp-muted">or drop one anywhere on this form. It is read in this tab only.</p>
          {source.kind === 'file' && (
            <p className="checker-source">
              Using the file <code>{source.file.name}</code> ({formatSize(source.file.size)}), not the text box.{' '}
              <button type="button" className="smtp-button smtp-button--small" onClick={clearFile}>
                Use the text box instead
              </button>
            </p>
          )}
        </div>

        <div className="checker-field">
          <label htmlFor={`${id}-domain`}>Your sending domain</label>
          <input
            id={`${id}-domain`}
            type="text"
            inputMode="url"
            autoCapitalize="off"
            spellCheck={false}
            value={domain}
            onChange={(e) => onDomain(e.target.value)}
            aria-describedby={`${id}-domain-help${domainValid ? '' : ` ${id}-domain-error`}`}
            aria-invalid={!domainValid}
          />
          <p id={`${id}-domain-help`} className="smtp-muted">
            MailPace sends a message only when its From domain is the domain your API token belongs to. Until you type here, this
            follows the From header{messageDomain ? <> (<code>{messageDomain}</code>)</> : null}, so that check passes. Empty means the
            demo domain, <code>example.com</code>.
          </p>
          {!domainValid && (
            <p id={`${id}-domain-error`} className="checker-error">
              Type a domain name such as example.com, without a user name or @.
            </p>
          )}
        </div>

        <div className="smtp-actions">
          <button type="submit" className="smtp-button smtp-button--primary" disabled={busy}>
            Check
          </button>
        </div>
      </form>
      <p role="status" className="smtp-muted checker-status">
        {status}
      </p>
      <div ref={resultRef} className="checker-anchor">
        <CheckerResult outcome={outcome} />
      </div>
    </div>
  );
}
