/**
 * xterm.js draws inside a shadow root of its host element.
 *
 * Why: the docs theme styles lists with `:has()` rules (and the simulator page widens
 * its column with one). With those in the page, every node xterm inserts while it
 * redraws a row made Chromium re-match them over the whole document and restyle it:
 * 20 to 50 ms of style and layout per frame, the bulk of Enter-to-reply latency.
 * The page's selectors never see into a shadow tree, so xterm's redraws stay local.
 *
 * Only XtermView imports this file: xterm's stylesheet comes as a string with it.
 */
import xtermCss from '@xterm/xterm/css/xterm.css?inline';

/** The xterm screen fills its host; the host's size is set by terminal.css. */
const OWN_CSS = ':host { display: block; } .smtp-xterm__mount { height: 100%; width: 100%; }';

let sheet: CSSStyleSheet | null = null;

/** One constructed sheet shared by every terminal on the page. */
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`${xtermCss}\n${OWN_CSS}`);
  }
  return sheet;
}

/** The element to open xterm in, inside `host`'s shadow root; remove it to clean up. */
export function shadowMount(host: HTMLElement): HTMLElement {
  // React runs effects twice in development: the shadow root outlives the first run.
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [styles()];
  const mount = document.createElement('div');
  mount.className = 'smtp-xterm__mount';
  root.append(mount);
  return mount;
}
