/**
 * Benchmark of the in-browser SMTP terminal (prints figures; not a test).
 *
 *   npm run bench:terminal            # uses dist/ (runs `astro build` if it is missing)
 *   npm run bench:terminal -- --build # rebuild first
 *   npm run bench:terminal -- --only=greeting|latency|js
 *
 * In headless Chromium against the built site it measures:
 *   - time from navigation to the 220 greeting shown, beside the page's load event (ratio);
 *   - keypress-to-reply latency (Enter to the reply in the transcript, and to the next
 *     painted frame), p50/p95 over 200 commands;
 *   - gzip bytes of the JS the simulator page loads, and of a plain docs page.
 * Targets: greeting within 1.5x the load event; p95 under 16 ms; no project JS on pages
 * without a widget; the simulator page under 200 KB gzip of JS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

const args = new Set(process.argv.slice(2));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const wanted = (part: 'greeting' | 'latency' | 'js') => only === null || only === part;
const HOST = '127.0.0.1';
const PORT = Number(process.env.BENCH_PORT ?? 4321);
const SIMULATOR_PATH = '/simulator/';
const PLAIN_PATH = process.env.BENCH_PLAIN_PAGE ?? '/connecting/authentication/';
const GREETING_RUNS = 7;
const COMMANDS = 200;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Files only the terminal brings (its island, worker, React, xterm): a leak if a plain page loads one. */
const WIDGET_JS = /SmtpTerminal|session\.worker|XtermView|Inspector|prewarm|client\.[\w-]+\.js|react\.[\w-]+\.js|jsx-runtime|xterm/i;

function run(command: string, argv: string[]): void {
  const result = spawnSync(command, argv, { stdio: 'inherit', shell: false });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed`);
}

async function reachable(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    return response.ok;
  } catch {
    return false;
  }
}

/** Uses a preview server already listening, or starts `astro preview` (or finds the one Astro says is running). */
async function ensureServer(): Promise<{ base: string; child: ChildProcess | null }> {
  const base = `http://${HOST}:${PORT}`;
  if (await reachable(`${base}${SIMULATOR_PATH}`)) return { base, child: null };
  // Its own process group, so stopping it also stops the node process npx starts.
  const child = spawn('npx', ['astro', 'preview', '--host', HOST, '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await reachable(`${base}${SIMULATOR_PATH}`)) return { base, child };
    // Astro refuses a second preview of the same project and names the running one.
    const running = /already running[\s\S]*?URL:\s+(http:\/\/\S+)/.exec(output);
    if (running && child.exitCode !== null) {
      const other = running[1]!.replace(/\/$/, '');
      if (await reachable(`${other}${SIMULATOR_PATH}`)) return { base: other, child: null };
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  stop(child);
  throw new Error(`astro preview did not start:\n${output}`);
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const median = (values: number[]) => percentile(values, 50);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Installed before the page's scripts: timestamps each Enter and the greeting and
 * replies as they reach the DOM, and the frame after. Plain JS in a string: tsx
 * would decorate a serialized function with helpers the page does not have.
 */
const INSTRUMENT = `(() => {
  const bench = { enterAt: [], replyDom: [], replyFrame: [], greetingDom: undefined, greetingFrame: undefined };
  window.__bench = bench;
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') bench.enterAt.push(event.timeStamp);
  }, true);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const text = node.textContent || '';
        if (!text.startsWith('S: ')) continue;
        const now = performance.now();
        if (bench.greetingDom === undefined && text.startsWith('S: 220 ')) {
          bench.greetingDom = now;
          requestAnimationFrame(() => { bench.greetingFrame = performance.now(); });
        }
        // A reply to the latest Enter: the first server line after it.
        if (bench.enterAt.length > bench.replyDom.length) {
          bench.replyDom.push(now);
          requestAnimationFrame(() => { bench.replyFrame.push(performance.now()); });
        }
      }
    }
  });
  const start = () => observer.observe(document.body, { childList: true, subtree: true });
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();`;

async function measureGreeting(browser: Browser, base: string) {
  const rows: { load: number; greeting: number; painted: number; xterm: number }[] = [];
  for (let i = 0; i < GREETING_RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript({ content: INSTRUMENT });
    await page.goto(`${base}${SIMULATOR_PATH}`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { __bench: { greetingFrame?: number } }).__bench.greetingFrame !== undefined, null, { timeout: 15_000 });
    await page.waitForFunction(() => performance.getEntriesByName('smtp-terminal:xterm-ready').length > 0, null, { timeout: 15_000 });
    const figures = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const bench = (window as unknown as { __bench: { greetingDom: number; greetingFrame: number } }).__bench;
      const xterm = performance.getEntriesByName('smtp-terminal:xterm-ready')[0]!.startTime;
      return { load: nav.loadEventStart, greeting: bench.greetingDom, painted: bench.greetingFrame, xterm };
    });
    rows.push(figures);
    await context.close();
  }
  return rows;
}

async function measureLatency(browser: Browser, base: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript({ content: INSTRUMENT });
  await page.goto(`${base}${SIMULATOR_PATH}`);
  await page.getByRole('log').filter({ hasText: 'S: 220 ' }).waitFor();
  await page.getByRole('textbox', { name: 'SMTP terminal input' }).focus();
  await page.keyboard.type('EHLO bench.test');
  await page.keyboard.press('Enter');
  await page.getByRole('log').filter({ hasText: 'Nice to meet you, bench.test' }).waitFor();
  const commands = ['NOOP', 'HELP', 'RSET', 'VRFY someone@example.net', 'EHLO bench.test'];
  const offset = await page.evaluate(() => (window as unknown as { __bench: { replyFrame: number[] } }).__bench.replyFrame.length);
  for (let i = 0; i < COMMANDS; i++) {
    await page.keyboard.type(commands[i % commands.length]!);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) => (window as unknown as { __bench: { replyFrame: number[] } }).__bench.replyFrame.length >= n,
      offset + i + 1,
      { timeout: 10_000 },
    );
  }
  const data = await page.evaluate(() => (window as unknown as { __bench: { enterAt: number[]; replyDom: number[]; replyFrame: number[] } }).__bench);
  await context.close();
  const dom: number[] = [];
  const frame: number[] = [];
  for (let i = offset; i < offset + COMMANDS; i++) {
    dom.push(data.replyDom[i]! - data.enterAt[i]!);
    frame.push(data.replyFrame[i]! - data.enterAt[i]!);
  }
  return { dom, frame };
}

interface Loaded {
  url: string;
  bytes: number;
  gzip: number;
}

/** Every JS response of a page (and its workers), after it settled and idle-time loads had their chance. */
async function measureJs(context: BrowserContext, url: string, waitForGreeting: boolean): Promise<{ files: Loaded[]; islands: number }> {
  const seen = new Map<string, Promise<Loaded | null>>();
  context.on('response', (response) => {
    const u = response.url();
    const type = response.request().resourceType();
    if (!(type === 'script' || /\.m?js(\?|$)/.test(u)) || seen.has(u)) return;
    seen.set(
      u,
      response.body().then(
        (body) => ({ url: u, bytes: body.length, gzip: gzipSync(body).length }),
        () => null,
      ),
    );
  });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (waitForGreeting) await page.getByRole('log').filter({ hasText: 'S: 220 ' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2500); // requestIdleCallback loads (search UI) happen here
  await page.waitForLoadState('networkidle');
  const islands = await page.locator('astro-island').count();
  const files = (await Promise.all(seen.values())).filter((f): f is Loaded => f !== null);
  return { files, islands };
}

function short(url: string): string {
  return new URL(url).pathname;
}

async function main() {
  if (args.has('--build') || !existsSync('dist/simulator/index.html')) run('npx', ['astro', 'build']);
  const { base, child } = await ensureServer();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    console.log(`SMTP terminal benchmark: ${base}${SIMULATOR_PATH}, headless Chromium (${browser.version()})\n`);

    if (wanted('greeting')) {
    const greeting = await measureGreeting(browser, base);
    const loadMedian = median(greeting.map((r) => r.load));
    const greetMedian = median(greeting.map((r) => r.greeting));
    const paintMedian = median(greeting.map((r) => r.painted));
    const ratios = greeting.map((r) => r.painted / r.load);
    console.log(`Greeting (${GREETING_RUNS} cold loads, medians)`);
    console.log(`  load event            ${ms(loadMedian)}`);
    console.log(`  220 in the transcript ${ms(greetMedian)}`);
    console.log(`  220 painted           ${ms(paintMedian)}`);
    console.log(`  xterm ready (shows it) ${ms(median(greeting.map((r) => r.xterm)))}`);
    console.log(`  ratio greeting/load   ${median(ratios).toFixed(2)}x (per run: ${ratios.map((r) => r.toFixed(2)).join(', ')})  target <= 1.5x ${median(ratios) <= 1.5 ? 'met' : 'MISSED'}\n`);

    }

    if (wanted('latency')) {
    const latency = await measureLatency(browser, base);
    const p95 = percentile(latency.frame, 95);
    console.log(`Keypress (Enter) to reply, ${COMMANDS} commands`);
    console.log(`  reply in transcript   p50 ${ms(percentile(latency.dom, 50))}  p95 ${ms(percentile(latency.dom, 95))}  max ${ms(Math.max(...latency.dom))}`);
    console.log(`  reply painted         p50 ${ms(percentile(latency.frame, 50))}  p95 ${ms(p95)}  max ${ms(Math.max(...latency.frame))}  target p95 < 16 ms ${p95 < 16 ? 'met' : 'MISSED'}\n`);

    }

    if (!wanted('js')) return;
    const simContext = await browser.newContext();
    const sim = await measureJs(simContext, `${base}${SIMULATOR_PATH}`, true);
    await simContext.close();
    const plainContext = await browser.newContext();
    const plain = await measureJs(plainContext, `${base}${PLAIN_PATH}`, false);
    await plainContext.close();

    const total = (files: Loaded[]) => files.reduce((n, f) => n + f.gzip, 0);
    // Whatever a plain docs page loads too is Starlight's; the rest came with the terminal.
    const everyPage = new Set(plain.files.map((f) => short(f.url)));
    const isShared = (f: Loaded) => everyPage.has(short(f.url));
    console.log(`JS loaded by ${SIMULATOR_PATH} (gzip, zlib default level), after the greeting and idle time`);
    for (const f of [...sim.files].sort((a, b) => b.gzip - a.gzip)) {
      console.log(`  ${kb(f.gzip).padStart(9)}  (${kb(f.bytes).padStart(9)} raw)  ${short(f.url)}${isShared(f) ? '  [every page]' : ''}`);
    }
    const simTotal = total(sim.files);
    const widgetOnly = total(sim.files.filter((f) => !isShared(f)));
    console.log(`  total ${kb(simTotal)}: the terminal's ${kb(widgetOnly)}, every page's ${kb(simTotal - widgetOnly)}  target < 200 KB ${simTotal < 200 * 1024 ? 'met' : 'MISSED'}\n`);

    console.log(`JS loaded by ${PLAIN_PATH} (a docs page without a widget${plain.islands ? `; WARNING: it has ${plain.islands} island(s)` : ''})`);
    for (const f of [...plain.files].sort((a, b) => b.gzip - a.gzip)) {
      console.log(`  ${kb(f.gzip).padStart(9)}  (${kb(f.bytes).padStart(9)} raw)  ${short(f.url)}`);
    }
    const leaked = plain.files.filter((f) => WIDGET_JS.test(f.url));
    console.log(`  total ${kb(total(plain.files))}; terminal JS on this page: ${leaked.length ? leaked.map((f) => short(f.url)).join(', ') : 'none'}  target none ${leaked.length ? 'MISSED' : 'met'}`);
  } finally {
    await browser.close();
    if (child) stop(child);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
