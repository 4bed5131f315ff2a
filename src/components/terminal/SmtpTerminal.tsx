/**
 * The SMTP terminal island: a simulated MailPace server in a Web Worker, an
 * xterm.js screen (or a plain text box), the accessible transcript, the
 * connection bar, the hint line, the state diagram and the message inspector.
 *
 * Rendered only in the browser (`client:only="react"` in `SmtpTerminal.astro`).
 * The logic lives in `src/terminal/`; this file lays it out.
 */
import { Component, Suspense, lazy, useCallback, useEffect, useId, useLayoutEffect, useReducer, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { FAILURE_KNOBS, type FailureKnob } from '../../../simulator/config.ts';
import { TerminalController } from '../../terminal/controller.ts';
import { EXAMPLES } from '../../terminal/examples.ts';
import { isPort } from '../../terminal/ports.ts';
import { getPreset } from '../../terminal/presets.ts';
import { decodeShare, type SharedSession } from '../../terminal/share.ts';
import { takePrewarmed } from '../../terminal/prewarm.ts';
import { startSessionWorker } from '../../terminal/worker-client.ts';
import ConnectionBar from './ConnectionBar.tsx';
import { copyText } from './CopyButton.tsx';
import LessonPanel from './LessonPanel.tsx';
import ShareBox from './ShareBox.tsx';
import StateDiagram from './StateDiagram.tsx';
import TerminalScreen from './TerminalScreen.tsx';

// DOMPurify and the inspector load with the first message; xterm.js when the reader
// comes near the terminal (TerminalScreen).
const Inspector = lazy(() => import('./Inspector.tsx'));

export interface SmtpTerminalProps {
  /** A preset id from `src/terminal/presets.ts`; defaults to the free simulator. */
  preset?: string;
  /** Overrides the preset's port. */
  port?: number;
  /** Overrides the preset's failure knobs. */
  failures?: string[];
  /** Overrides the preset's title. */
  title?: string;
  /** `page`: the full-page simulator. `embed`: inside a docs page. Both connect once shown. */
  variant?: 'page' | 'embed';
  /** A lesson id from `src/lessons/lessons.ts`: shows its steps beside the terminal. */
  lesson?: string;
  /** The lines the page showed before the island ran (the build-time greeting). */
  firstScreen?: readonly string[];
}

let replayClaimed = false;

/** The share link in the address, for the first widget whose preset it names. */
function claimReplay(presetId: string): SharedSession | null {
  if (replayClaimed || typeof location === 'undefined') return null;
  const shared = decodeShare(location.hash);
  if (!shared || (shared.preset ?? 'free') !== presetId) return null;
  replayClaimed = true;
  return shared;
}

/** Laid out and not hidden (a closed <details> hides its content): the reader can reach it. */
function isShown(element: HTMLElement | null): boolean {
  return element !== null && (typeof element.checkVisibility !== 'function' || element.checkVisibility());
}

function knobs(values: readonly string[] | undefined): FailureKnob[] | undefined {
  return values?.filter((v): v is FailureKnob => (FAILURE_KNOBS as readonly string[]).includes(v));
}

/**
 * Builds the controller. Pure on purpose: React may call a state initializer more
 * than once (the island renders in a transition), so starting a session or claiming
 * the share link happens in an effect, once.
 */
function createController(props: SmtpTerminalProps): TerminalController {
  const preset = getPreset(props.preset);
  const port = isPort(props.port) ? props.port : undefined;
  const failures = knobs(props.failures);
  return new TerminalController({
    preset,
    ...(port !== undefined ? { port } : {}),
    ...(failures ? { failures } : {}),
    startSession: (onGone) => takePrewarmed(onGone) ?? startSessionWorker({ onGone }),
    clipboard: copyText,
    pageUrl: () => location.href.split('#')[0]!,
  });
}

function Widget(props: SmtpTerminalProps) {
  const [controller] = useState(() => createController(props));
  const view = useSyncExternalStore(controller.subscribe, controller.getView, controller.getView);
  const rootRef = useRef<HTMLElement>(null);
  const uid = useId().replace(/:/g, '');
  const preset = controller.preset;
  const variant = props.variant ?? 'embed';
  const title = props.title ?? preset.title;
  const [plain, setPlain] = useState(() => typeof matchMedia !== 'undefined' && matchMedia('(pointer: coarse)').matches);
  const [xtermFailed, setXtermFailed] = useState(false);
  const [example, setExample] = useState(EXAMPLES[0]!.name);
  const [transcriptShown, setTranscriptShown] = useState(false);
  // xterm.js waits for the reader to come near: a pointer, a touch, focus or a key in the widget.
  const [near, setNear] = useState(false);
  const comeNear = useCallback(() => setNear(true), []);

  const [, refresh] = useReducer((n: number) => n + 1, 0);
  useEffect(() => () => controller.dispose(), [controller]);

  // Once mounted: take a share link meant for this widget, and connect at once (before the
  // terminal's own setup runs) wherever the reader can see the terminal, so the greeting on
  // its screen and the status beside it agree from the first frame.
  useLayoutEffect(() => {
    const replay = claimReplay(preset.id);
    if (replay) controller.replayOnConnect(replay);
    if (variant === 'page' || isShown(rootRef.current)) {
      void controller.connect();
      // The store's subscription starts only after the first paint: render the new status before it.
      refresh();
    }
  }, [controller, preset.id, variant]);

  // An embedded terminal that starts hidden (in a closed <details>) connects once it is shown.
  useEffect(() => {
    const root = rootRef.current;
    if (variant === 'page' || controller.getView().status !== 'idle') return;
    if (!root || typeof IntersectionObserver === 'undefined') {
      void controller.connect();
      return;
    }
    const observer = new IntersectionObserver((items) => {
      if (items.some((i) => i.isIntersecting)) {
        observer.disconnect();
        if (controller.getView().status === 'idle') void controller.connect();
      }
    }, { rootMargin: '200px' });
    observer.observe(root);
    return () => observer.disconnect();
  }, [controller, variant]);

  const onXtermFailure = useCallback(() => setXtermFailed(true), []);
  const usePlain = plain || xtermFailed;
  const keysId = `${uid}-keys`;
  const logId = `${uid}-log`;
  const session = view.status === 'open' ? view.session : null;
  // On its own page the widget's sections sit right under the page title; in docs pages, under a section.
  const SectionHeading = variant === 'page' ? 'h2' : 'h3';

  return (
    <section
      ref={rootRef}
      className="smtp-terminal not-content"
      data-variant={variant}
      aria-label={title}
      onPointerEnter={comeNear}
      onPointerDown={comeNear}
      onTouchStart={comeNear}
      onFocus={comeNear}
      onKeyDown={comeNear}
    >
      <header className="smtp-head">
        <p className="smtp-title">{title}</p>
        <p className="smtp-tagline">Simulated MailPace server: nothing leaves your browser.</p>
      </header>
      {props.lesson ? <LessonPanel lessonId={props.lesson} view={view} controller={controller} /> : preset.intro && <p className="smtp-intro">{preset.intro}</p>}
      {view.goal && (
        <p className="smtp-goal" data-reached={view.goal.reached} aria-live="polite">
          <strong>Goal:</strong> {view.goal.text}. {view.goal.reached ? <strong>Reached ✓</strong> : <span>Not reached yet.</span>}
        </p>
      )}

      {view.status === 'dead' && (
        <div className="smtp-alert" role="alert">
          <p>
            <strong>The simulator stopped:</strong> {view.goneReason}. The rest of the page is fine and the transcript is kept.
          </p>
          <button type="button" className="smtp-button smtp-button--primary" onClick={() => void controller.connect()}>
            Reconnect
          </button>
        </div>
      )}

      <div className="smtp-work">
        <div className="smtp-screen-col">
          <TerminalScreen
            controller={controller}
            entries={view.entries}
            plain={usePlain}
            wantXterm={near}
            transcriptShown={transcriptShown}
            keysId={keysId}
            logId={logId}
            firstScreen={props.firstScreen ?? []}
            onXtermFailure={onXtermFailure}
          />
          <p className="smtp-hint">
            <span className="smtp-hint__label">Next:</span> {view.hint.text}
            {view.hint.command && !usePlain && (
              <>
                {' '}
                <span className="smtp-muted">
                  (Tab on an empty line types <code>{view.hint.command}</code>)
                </span>
              </>
            )}
          </p>
          <p id={keysId} className="smtp-keys">
            {usePlain
              ? 'Enter sends, Shift+Enter adds a line, Tab completes (on an empty line it types the suggested command), Up and Down recall commands. Press Escape then Tab, or Shift+Tab, to leave the box. Lines starting with / are helpers: /help lists them.'
              : 'Type SMTP commands and press Enter. Tab completes, Up and Down recall commands, Ctrl+C drops the line, Ctrl+L clears. Press Escape then Tab to leave the terminal. /help lists the helpers.'}
          </p>

          {/* After the screen and its hint in the DOM: the first Tab after the skip link reaches the terminal. */}
          <ConnectionBar
            id={uid}
            status={view.status}
            port={view.port}
            failures={view.failures}
            session={session}
            onConnect={() => void controller.connect()}
            onDisconnect={() => void controller.disconnect()}
            onPort={(port) => void controller.setPort(port)}
            onFailures={(failures) => void controller.setFailures(failures)}
          />

          <div className="smtp-tools" role="group" aria-label="Terminal tools">
            <label className="smtp-check">
              <input type="checkbox" checked={usePlain} disabled={xtermFailed} onChange={(e) => setPlain(e.currentTarget.checked)} />
              Plain text input
            </label>
            {!usePlain && (
              <button
                type="button"
                className="smtp-button smtp-button--small"
                aria-expanded={transcriptShown}
                aria-controls={logId}
                onClick={() => setTranscriptShown((shown) => !shown)}
              >
                {transcriptShown ? 'Hide the transcript text' : 'Show the transcript as text'}
              </button>
            )}
            <span className="smtp-field">
              <label htmlFor={`${uid}-example`}>Example</label>
              <select id={`${uid}-example`} value={example} onChange={(e) => setExample(e.currentTarget.value)}>
                {EXAMPLES.map((e) => (
                  <option key={e.name} value={e.name}>
                    {e.name}
                  </option>
                ))}
              </select>
              <button type="button" className="smtp-button smtp-button--small" disabled={view.playing} onClick={() => void controller.submit([`/example ${example}`])}>
                Play example
              </button>
            </span>
            <button type="button" className="smtp-button smtp-button--small" onClick={() => void controller.copyTranscript()}>
              Copy transcript
            </button>
            <button type="button" className="smtp-button smtp-button--small" onClick={() => controller.requestShare()}>
              Share link
            </button>
          </div>
          <ShareBox share={view.share} controller={controller} />
        </div>

        <section className="smtp-inspector" aria-labelledby={`${uid}-inspector`}>
          <SectionHeading id={`${uid}-inspector`}>Message inspector</SectionHeading>
          {view.messages.length === 0 ? (
            <p className="smtp-muted">
              After DATA and the final dot, the message shows up here: the API fields it turns into, the headers MailPace drops and why, and the
              same message as an HTTPS API request.
            </p>
          ) : (
            <Suspense fallback={<p className="smtp-muted">Loading the inspector…</p>}>
              <Inspector messages={view.messages} level={variant === 'page' ? 3 : 4} />
            </Suspense>
          )}
        </section>
        <section className="smtp-states" aria-labelledby={`${uid}-states`}>
          <SectionHeading id={`${uid}-states`}>Where the session is</SectionHeading>
          <StateDiagram current={session?.state ?? null} />
        </section>
      </div>
    </section>
  );
}

/** Keeps a rendering failure inside the widget: the page around it never breaks. */
class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="smtp-terminal smtp-alert not-content" role="alert">
          <p>
            <strong>The SMTP simulator hit a problem and stopped:</strong> {this.state.error.message}
          </p>
          <button type="button" className="smtp-button smtp-button--primary" onClick={() => this.setState({ error: null })}>
            Start it again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

export default function SmtpTerminal(props: SmtpTerminalProps) {
  return (
    <Boundary>
      <Widget {...props} />
    </Boundary>
  );
}
