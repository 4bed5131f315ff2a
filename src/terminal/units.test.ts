/**
 * The controller's units, each on its own: the transcript store, the command
 * history, the job queue, sharing, example playback, the goal and render batching.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { CommandHistory } from './command-history.ts';
import { plainArgument } from './encoding.ts';
import { ExamplePlayer } from './example-player.ts';
import { DEFAULT_SCRIPT_CONTEXT } from './examples.ts';
import { GoalTracker } from './goal-tracker.ts';
import { JobQueue, lineJobs, type Job } from './job-queue.ts';
import { ShareFlow, type ShareDeps } from './share-flow.ts';
import { decodeShare } from './share.ts';
import { TranscriptStore } from './transcript-store.ts';
import { ViewStore } from './view-store.ts';

describe('TranscriptStore', () => {
  it('numbers entries, tags server lines with their reply and mirrors new ones to the sink', () => {
    const store = new TranscriptStore(3);
    store.note('hello');
    const printed: string[] = [];
    store.attach({ print: (entries) => printed.push(...entries.map((e) => e.text)) });
    expect(printed).toEqual(['hello']);
    const [line] = store.add([['server', '250 OK']], { code: 250, name: 'ok' });
    expect(line).toMatchObject({ id: 2, kind: 'server', code: 250, reply: 'ok' });
    store.add([['client', 'a'], ['client', 'b']]);
    // Capped: the oldest entry went first.
    expect(store.entries.map((e) => e.text)).toEqual(['250 OK', 'a', 'b']);
    expect(printed).toEqual(['hello', '250 OK', 'a', 'b']);
    expect(store.text()).toBe('S: 250 OK\nC: a\nC: b\n');
  });
});

describe('CommandHistory', () => {
  it('keeps typed commands only: not message text, AUTH answers, or lines typed for the reader', () => {
    const h = new CommandHistory();
    h.record({ text: 'EHLO a', origin: 'typed', phase: 'command' });
    h.record({ text: 'Subject: hi', origin: 'typed', phase: 'data' });
    h.record({ text: 'dG9r', origin: 'typed', phase: 'auth' });
    h.record({ text: 'STARTTLS', origin: 'example', phase: 'command' });
    h.record({ text: '/plain', origin: 'typed', phase: 'command' });
    expect(h.entries).toEqual(['EHLO a', '/plain']);
  });

  it('browses back and forward, restoring the draft', () => {
    const h = new CommandHistory();
    h.add('EHLO a');
    h.add('NOOP');
    expect(h.back('dra')).toBe('NOOP');
    expect(h.back('NOOP')).toBe('EHLO a');
    expect(h.back('EHLO a')).toBeNull();
    expect(h.forward()).toBe('NOOP');
    expect(h.forward()).toBe('dra');
    expect(h.forward()).toBeNull();
  });
});

describe('JobQueue', () => {
  it('runs jobs one at a time, in order, with session lines ahead of typed ones', async () => {
    const ran: string[] = [];
    const queue = new JobQueue(async (job: Job) => {
      ran.push(job.kind === 'line' ? job.text : job.kind);
      if (job.kind === 'connect') queue.unshift(...lineJobs(['opening'], 'opening'));
      if (job.kind === 'line' && job.text === 'opening') queue.afterSessionLines(lineJobs(['example'], 'example'));
    });
    await queue.push({ kind: 'connect' }, ...lineJobs(['typed'], 'typed'));
    expect(ran).toEqual(['connect', 'opening', 'example', 'typed']);
  });

  it('takes message text up to the final dot as one batch', () => {
    const queue = new JobQueue(async () => undefined);
    queue.unshift(...lineJobs(['b', '.', 'QUIT'], 'typed'));
    expect(queue.messageBatch({ kind: 'line', text: 'a', origin: 'typed' }).map((j) => j.text)).toEqual(['a', 'b', '.']);
    expect(queue.hasLines('typed')).toBe(true);
  });
});

describe('ShareFlow', () => {
  const deps = (over: Partial<ShareDeps> = {}): ShareDeps & { notes: string[] } => {
    const notes: string[] = [];
    return {
      notes,
      note: (t) => notes.push(t),
      copy: async () => true,
      changed: () => undefined,
      pageUrl: () => 'https://docs.example/simulator/',
      port: () => 587,
      presetId: 'free',
      ...over,
    };
  };

  it('says there is nothing to share before any line', () => {
    const d = deps();
    new ShareFlow(d).request();
    expect(d.notes).toHaveLength(1);
  });

  it('leaves opening lines out and links the rest', async () => {
    const d = deps();
    const flow = new ShareFlow(d);
    flow.record({ text: 'EHLO preset', origin: 'opening', phase: 'command' });
    flow.record({ text: 'NOOP', origin: 'typed', phase: 'command' });
    await flow.confirm(false);
    expect(flow.state.status).toBe('ready');
    const url = flow.state.status === 'ready' ? flow.state.url : '';
    expect(decodeShare(new URL(url).hash)?.lines).toEqual(['NOOP']);
  });

  it('asks before sharing a real token, and can swap in the demo token', async () => {
    const flow = new ShareFlow(deps());
    flow.record({ text: `AUTH PLAIN ${plainArgument('real-token')}`, origin: 'typed', phase: 'command' });
    flow.request();
    expect(flow.state.status).toBe('confirm');
    await flow.confirm(true);
    const url = flow.state.status === 'ready' ? flow.state.url : '';
    expect(decodeShare(new URL(url).hash)?.lines).toEqual([`AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`]);
    flow.reset();
    expect(flow.state).toEqual({ status: 'idle' });
  });
});

describe('ExamplePlayer', () => {
  it('connects, then queues the example lines; an unknown name does nothing', async () => {
    const player = new ExamplePlayer(0);
    const queued: string[][] = [];
    const hooks = { connect: vi.fn(async () => true), enqueue: (lines: string[]) => void queued.push(lines) };
    await player.play('nope', DEFAULT_SCRIPT_CONTEXT, hooks);
    expect(hooks.connect).not.toHaveBeenCalled();
    await player.play('auth-login', DEFAULT_SCRIPT_CONTEXT, hooks);
    expect(player.active).toBe(true);
    expect(queued[0]![0]).toMatch(/^EHLO /);
  });

  it('skipping stops the typing animation', async () => {
    const player = new ExamplePlayer(0);
    player.start();
    player.skip();
    const typeLine = vi.fn(async () => undefined);
    await player.type('EHLO a', typeLine, () => false);
    expect(typeLine).not.toHaveBeenCalled();
    player.stop();
    expect(player.active).toBe(false);
  });
});

describe('GoalTracker', () => {
  it('is reached once, by the reply name', () => {
    const goal = new GoalTracker({ text: 'Get a 535', reply: 'authFailed' });
    expect(goal.onReply('authOk')).toBe(false);
    expect(goal.onReply('authFailed')).toBe(true);
    expect(goal.onReply('authFailed')).toBe(false);
    expect(goal.view()).toEqual({ text: 'Get a 535', reached: true });
    expect(new GoalTracker(undefined).view()).toBeNull();
  });
});

describe('ViewStore', () => {
  it('tells listeners once per task, however many changes', async () => {
    let n = 0;
    const store = new ViewStore(() => ++n, { delayMs: 5 });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get()));
    store.changed();
    store.changed();
    expect(seen).toEqual([]);
    // The current state is readable before listeners hear of it.
    expect(store.get()).toBe(2);
    await Promise.resolve();
    expect(seen).toEqual([2]);
    store.changed();
    store.changed();
    await Promise.resolve();
    expect(seen).toEqual([2, 3]);
  });

  it('holds changes until emit, or until the hold ends', async () => {
    let n = 0;
    const store = new ViewStore(() => ++n, { delayMs: 5 });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get()));
    store.hold();
    store.changed();
    await Promise.resolve();
    expect(seen).toEqual([]);
    store.emit();
    expect(seen).toEqual([2]);
    store.hold();
    store.changed();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([2, 3]);
    store.dispose();
    store.emit();
    store.changed();
    await Promise.resolve();
    expect(seen).toEqual([2, 3]);
  });

  it('ends a hold at once for a reply drawn first, and tells listeners after the paint', async () => {
    let n = 0;
    const paints: (() => void)[] = [];
    const store = new ViewStore(() => ++n, { delayMs: 5, afterPaint: (fn) => void paints.push(fn) });
    const seen: number[] = [];
    const ended: string[] = [];
    store.subscribe(() => seen.push(store.get()));
    store.hold(() => ended.push('screen'));
    store.changed();
    store.emitAfterPaint();
    expect(ended).toEqual(['screen']);
    store.changed();
    await Promise.resolve();
    // Not even a later change announces before the paint.
    expect(seen).toEqual([]);
    paints.shift()!();
    expect(seen).toEqual([2]);
    // A hold's end by its delay runs its callback too.
    store.hold(() => ended.push('slow'));
    store.changed();
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toEqual(['screen', 'slow']);
    expect(seen).toEqual([2, 3]);
  });
});
