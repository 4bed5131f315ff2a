/**
 * The SMTP server session: MailPace's SMTP service as a sans-I/O state machine.
 *
 * How it works: the adapter calls `start()` once connected and writes the greeting;
 * then it hands every received chunk to `receive()`, in any chunking, and carries
 * out the returned actions in order (write, start TLS, report a message, close).
 * The session never touches a socket, a timer or the clock; the adapter tells it
 * when TLS is up, when the peer went idle or away.
 *
 * State lives in two places, as in aiosmtpd: the session (EHLO name, TLS, the
 * authenticated token) and the envelope (one transaction). RSET and EHLO replace
 * only the envelope; a TLS upgrade forgets both (RFC 3207 §4.2).
 */
import { toBytes } from './bytes.ts';
import { CommandReader, type CommandLine } from './command-reader.ts';
import { resolveConfig, type SessionConfig, type SessionOptions } from './config.ts';
import { DataReader, smallBuffer } from './data-reader.ts';
import { isAscii, parsePathArgument } from './envelope-args.ts';
import { checkGuards, isHttpRequest } from './guards.ts';
import { chosenFailure } from './failure-rules.ts';
import { evaluateMessage } from './message-policy.ts';
import { smtpReplyFor, type PolicyProblem } from './policy-rules.ts';
import { OutputBuilder, type SessionOutput } from './output.ts';
import { makeReply, type ReplyName, type ReplyParams } from './replies.ts';
import { MECHANISMS, isMechanism, SaslExchange, type SaslStep } from './sasl.ts';
import { NOT_IMPLEMENTED_VERBS, VERBS, nextState, type SessionState, type Trigger, type Verb } from './states.ts';

/** One mail transaction (RFC 5321 §3.3). */
export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
  smtputf8: boolean;
  declaredSize: number | null;
}

/** What a UI may show about the session at any moment. */
export interface SessionSnapshot {
  state: SessionState;
  tls: boolean;
  authenticated: boolean;
  /** The authenticated token's domain. */
  domain: string | null;
  heloName: string | null;
  envelope: Envelope | null;
  /** Octets of message text received so far while in DATA. */
  dataBytes: number;
}

/** Replies that count towards the bad-command limit (RFC 5321 §4.2.4 family). */
const ERROR_CODES: ReadonlySet<number> = new Set([500, 501, 502, 503, 504, 555]);

export class SmtpSession {
  readonly config: SessionConfig;
  private state: SessionState = 'new';
  private tls: boolean;
  private heloName: string | null = null;
  private auth: { token: string; domain: string } | null = null;
  private envelope: Envelope | null = null;
  private sasl: SaslExchange | null = null;
  private data: DataReader | null = null;
  /** Lent to each message's reader in turn: one first buffer per session, not per message. */
  private dataBuffer: ArrayBuffer | null = null;
  private errors = 0;
  private authFailures = 0;
  private readonly commands: CommandReader;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SessionOptions = {}) {
    this.config = resolveConfig(options);
    this.tls = this.config.portMode === 'implicit-tls';
    this.commands = new CommandReader(this.config.limits.maxCommandLineBytes, this.config.limits.maxUnterminatedBytes);
  }

  /** The greeting (or a 421 when the service is down). Call once, right after connecting. */
  start(): SessionOutput {
    const out = new OutputBuilder();
    if (this.state !== 'new') throw new Error('SmtpSession.start() called twice');
    if (this.config.failures.has('down')) {
      this.closeWith(out, 'serviceDown');
    } else {
      this.move('greeting');
      out.send(makeReply('greeting', { host: this.config.hostname }));
    }
    return out.build();
  }

  /** Feeds bytes or text from the peer. Calls are processed one after another, in order. */
  receive(chunk: string | Uint8Array): Promise<SessionOutput> {
    const run = this.queue.then(() => this.process(toBytes(chunk)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The adapter finished the TLS handshake after a STARTTLS. */
  tlsEstablished(): void {
    if (this.state !== 'tls-handshake') throw new Error('tlsEstablished() without a pending STARTTLS');
    this.tls = true;
    // RFC 3207 §4.2: forget everything learned before TLS.
    this.heloName = null;
    this.auth = null;
    this.envelope = null;
    this.move('tls-ready');
  }

  /** The adapter's idle timer fired: 421 4.4.2 and close. */
  idleTimeout(): SessionOutput {
    return this.refuse('idleTimeout');
  }

  /** Ends the session with a 421 (connection limit, shutdown). */
  refuse(reply: 'tooManyConnections' | 'shuttingDown' | 'idleTimeout' | 'tooSlow'): SessionOutput {
    const out = new OutputBuilder();
    if (this.state !== 'closed') this.closeWith(out, reply);
    return out.build();
  }

  /** The peer went away. Whatever was in flight (DATA, AUTH) is dropped unrecorded. */
  connectionLost(): void {
    this.state = 'closed';
    this.data = null;
    this.sasl = null;
    this.commands.discard();
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Octets of a command line received but not ended yet (0 while reading message text). */
  get partialLineBytes(): number {
    return this.state === 'data' ? 0 : this.commands.partialLineBytes;
  }

  /** Bytes held in memory for the peer: a partial command line or the message so far. */
  get bufferedBytes(): number {
    return this.commands.bufferedBytes + (this.data?.bufferedBytes ?? 0);
  }

  snapshot(): SessionSnapshot {
    return {
      state: this.state,
      tls: this.tls,
      authenticated: this.auth !== null,
      domain: this.auth?.domain ?? null,
      heloName: this.heloName,
      envelope: this.envelope && { ...this.envelope, rcptTo: [...this.envelope.rcptTo] },
      dataBytes: this.data?.bufferedBytes ?? 0,
    };
  }

  // ---- input processing ----

  private async process(bytes: Uint8Array): Promise<SessionOutput> {
    const out = new OutputBuilder();
    if (this.state === 'new') {
      // RFC 5321 §4.3.1: a client must wait for the greeting.
      this.closeWith(out, 'spokeTooEarly');
      return out.build();
    }
    if (this.state === 'closed' || this.state === 'tls-handshake') return out.build();
    if (this.state === 'data') await this.feedData(bytes, out);
    else this.commands.push(bytes);
    await this.drainCommands(out);
    return out.build();
  }

  private async drainCommands(out: OutputBuilder): Promise<void> {
    for (;;) {
      if (this.state === 'closed' || this.state === 'tls-handshake') {
        // Plaintext pipelined after STARTTLS is never answered (CVE-2011-0411).
        this.commands.discard();
        return;
      }
      if (this.state === 'data') {
        const rest = this.commands.takeRest();
        if (!rest.length) return;
        await this.feedData(rest, out);
        continue;
      }
      const line = this.commands.next();
      if (!line) return;
      this.handleLine(line, out);
    }
  }

  private async feedData(bytes: Uint8Array, out: OutputBuilder): Promise<void> {
    const done = this.data!.push(bytes);
    if (!done) return;
    this.data = null;
    this.commands.push(done.rest);
    const envelope = this.envelope!;
    const { reply, record } = await evaluateMessage(done.bytes, {
      config: this.config,
      source: 'smtp',
      token: this.auth!.token,
      domain: this.auth!.domain,
      mailFrom: envelope.mailFrom,
      rcptTo: envelope.rcptTo,
      size: done.size,
      flags: done.flags,
    });
    // The adapter may have ended the session while the message was being read
    // (shutdown, idle timer, peer gone): then nothing is answered or recorded.
    if (this.state !== 'data') return;
    out.send(reply);
    out.push({ type: 'message', record, raw: done.bytes });
    this.envelope = null;
    this.move('end-of-data');
  }

  private handleLine(line: CommandLine, out: OutputBuilder): void {
    // The cap, not the count seen: the reply must not depend on how the input was chunked.
    if (line.kind === 'overflow') return this.closeWith(out, 'inputTooLong', { bytes: this.config.limits.maxUnterminatedBytes });
    if (line.kind === 'invalid') {
      if (this.state === 'auth') this.endSasl();
      const params: ReplyParams =
        line.reply === 'bareNewline' ? { which: line.which } : line.reply === 'lineTooLong' ? { max: this.config.limits.maxCommandLineBytes } : {};
      return this.reply(out, line.reply, params);
    }
    if (this.state === 'auth') return this.onSaslStep(this.sasl!.answer(line.text), out);
    if (isHttpRequest(line.text)) return this.closeWith(out, 'httpRequest');

    const space = line.text.indexOf(' ');
    const word = (space === -1 ? line.text : line.text.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : line.text.slice(space + 1).trim();
    if (!(VERBS as readonly string[]).includes(word)) {
      const known = (NOT_IMPLEMENTED_VERBS as readonly string[]).includes(word);
      return this.reply(out, known ? 'notImplemented' : 'unknownCommand', { verb: word });
    }
    const verb = word as Verb;
    const refused = checkGuards(
      {
        state: this.state,
        tls: this.tls,
        tlsRequired: this.config.portMode === 'starttls',
        implicitTls: this.config.portMode === 'implicit-tls',
        port: this.config.port,
        authenticated: this.auth !== null,
      },
      verb,
    );
    if (refused) return this.reply(out, refused.reply, refused.params);
    this.handlers[verb](args, out);
  }

  // ---- command handlers: guards have already passed ----

  private readonly handlers: Record<Verb, (args: string, out: OutputBuilder) => void> = {
    EHLO: (args, out) => this.onHello('EHLO', args, out),
    HELO: (args, out) => this.onHello('HELO', args, out),
    STARTTLS: (args, out) => {
      if (args) return this.reply(out, 'syntax', { usage: 'STARTTLS (no arguments)' });
      // RFC 3207 §4: 454 when TLS cannot be started; the session stays in plaintext.
      if (!this.config.tlsAvailable) return out.send(makeReply('tlsUnavailable'));
      this.move('STARTTLS');
      out.send(makeReply('startTls'));
      out.push({ type: 'start-tls' });
    },
    AUTH: (args, out) => {
      const [mechanism, initial, extra] = args.split(' ');
      if (!mechanism || extra !== undefined) return this.reply(out, 'syntax', { usage: `AUTH ${MECHANISMS.join('|')} [initial-response]` });
      const name = mechanism.toUpperCase();
      if (!isMechanism(name)) return this.reply(out, 'unknownMechanism', { mechanism });
      this.sasl = new SaslExchange(name);
      this.move('AUTH');
      this.onSaslStep(this.sasl.start(initial), out);
    },
    MAIL: (args, out) => this.onMail(args, out),
    RCPT: (args, out) => this.onRcpt(args, out),
    DATA: (args, out) => {
      if (args) return this.reply(out, 'syntax', { usage: 'DATA (no arguments)' });
      this.data = new DataReader(this.config.limits.maxMessageBytes, this.config.limits.maxTextLineBytes, (this.dataBuffer ??= smallBuffer(this.config.limits.maxMessageBytes)));
      this.move('DATA');
      out.send(makeReply('dataStart'));
    },
    RSET: (args, out) => {
      if (args) return this.reply(out, 'syntax', { usage: 'RSET (no arguments)' });
      this.envelope = null;
      this.move('RSET');
      out.send(makeReply('resetOk'));
    },
    NOOP: (_args, out) => out.send(makeReply('ok')),
    HELP: (_args, out) => out.send(makeReply('help')),
    VRFY: (args, out) => {
      if (!args) return this.reply(out, 'syntax', { usage: 'VRFY <address>' });
      out.send(makeReply('vrfy'));
    },
    QUIT: (args, out) => {
      if (args) return this.reply(out, 'syntax', { usage: 'QUIT (no arguments)' });
      this.closeWith(out, 'bye');
    },
  };

  private onHello(verb: 'EHLO' | 'HELO', args: string, out: OutputBuilder): void {
    if (!args || args.includes(' ')) return this.reply(out, 'syntax', { usage: `${verb} your.hostname` });
    this.heloName = args;
    this.envelope = null;
    this.move(verb);
    const params = { host: this.config.hostname, client: args };
    if (verb === 'HELO') return out.send(makeReply('helo', params));
    const extensions = ['PIPELINING', `SIZE ${this.config.limits.maxMessageBytes}`, '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES'];
    // Offer STARTTLS until TLS is up, and AUTH only once it is (credentials never travel in plaintext).
    // STARTTLS is not offered when the adapter cannot start TLS (RFC 3207 §4).
    if (this.config.portMode === 'starttls' && !this.tls && this.config.tlsAvailable) extensions.push('STARTTLS');
    if (this.tls) extensions.push(`AUTH ${MECHANISMS.join(' ')}`);
    out.send(makeReply('ehlo', params, extensions));
  }

  private onSaslStep(step: SaslStep, out: OutputBuilder): void {
    if (step.kind === 'challenge') return out.send(makeReply(step.reply));
    this.endSasl();
    if (step.kind === 'error') return this.reply(out, step.reply);
    const domain = this.config.tokens[step.username];
    if (domain !== undefined && step.username === step.password) {
      this.auth = { token: step.username, domain };
      out.send(makeReply('authOk', { domain }));
      out.push({ type: 'authenticated', domain });
      return;
    }
    this.authFailures++;
    out.send(makeReply('authFailed'));
    if (this.authFailures >= this.config.limits.maxAuthFailures) this.closeWith(out, 'tooManyAuthFailures');
  }

  private endSasl(): void {
    this.sasl = null;
    this.move('auth-response');
  }

  private onMail(args: string, out: OutputBuilder): void {
    const parsed = parsePathArgument(args, 'FROM', 'badSender');
    if (!parsed.ok) return this.reply(out, parsed.reply, parsed.params);
    const { address, params } = parsed.value;
    let smtputf8 = false;
    let declaredSize: number | null = null;
    for (const [name, value] of params) {
      if (name === 'SIZE') {
        if (value === true || !/^\d{1,20}$/.test(value)) return this.reply(out, 'badParameterValue', { param: 'SIZE' });
        declaredSize = Number(value);
        const max = this.config.limits.maxMessageBytes;
        if (declaredSize > max) return this.reply(out, 'sizeDeclaredTooBig', { size: value, max });
      } else if (name === 'BODY') {
        if (value === true || !/^(7BIT|8BITMIME)$/i.test(value)) return this.reply(out, 'badParameterValue', { param: 'BODY' });
      } else if (name === 'SMTPUTF8') {
        if (value !== true) return this.reply(out, 'badParameterValue', { param: 'SMTPUTF8' });
        smtputf8 = true;
      } else if (name === 'AUTH') {
        // RFC 4954 §5: accepted and ignored; the session's own AUTH decides.
      } else {
        return this.reply(out, 'unknownParameter', { param: name });
      }
    }
    if (!smtputf8 && !isAscii(address)) return this.reply(out, 'needsSmtpUtf8', { address });
    const chosen = chosenFailure(this.config.failureRules, 'mail', [address], this.auth!.domain);
    if (chosen) return this.refuseProblem(out, chosen);
    this.envelope = { mailFrom: address, rcptTo: [], smtputf8, declaredSize };
    this.move('MAIL');
    out.send(makeReply('senderOk', { address }));
  }

  private onRcpt(args: string, out: OutputBuilder): void {
    const parsed = parsePathArgument(args, 'TO', 'badRecipient');
    if (!parsed.ok) return this.reply(out, parsed.reply, parsed.params);
    const { address, params } = parsed.value;
    const envelope = this.envelope!;
    const [param] = params.keys();
    if (param !== undefined) return this.reply(out, 'unknownParameter', { param });
    if (!envelope.smtputf8 && !isAscii(address)) return this.reply(out, 'needsSmtpUtf8', { address });
    const max = this.config.limits.maxRecipients;
    if (envelope.rcptTo.length >= max) return out.send(makeReply('tooManyRecipients', { max }));
    const chosen = chosenFailure(this.config.failureRules, 'rcpt', [address], this.auth!.domain);
    if (chosen) return this.refuseProblem(out, chosen);
    const blocked = this.config.failures.has('blocked') || this.config.blockedRecipients.includes(address.toLowerCase());
    if (blocked) return out.send(makeReply('blockedRecipient', { address }));
    if (!envelope.rcptTo.some((r) => r.toLowerCase() === address.toLowerCase())) envelope.rcptTo.push(address);
    this.move('RCPT');
    out.send(makeReply('recipientOk', { address }));
  }

  // ---- helpers ----

  private move(trigger: Trigger): void {
    const to = nextState(this.state, trigger);
    if (to === undefined) throw new Error(`No transition from ${this.state} on ${trigger}`);
    this.state = to;
  }

  /** Refuses a sender or a recipient for a policy problem, with the reply its table gives. */
  private refuseProblem(out: OutputBuilder, problem: PolicyProblem): void {
    const { name, params } = smtpReplyFor(problem);
    out.send(makeReply(name, params));
  }

  /** Sends a refusal; bad commands count towards the limit that ends the session. */
  private reply(out: OutputBuilder, name: ReplyName, params: ReplyParams = {}): void {
    const reply = makeReply(name, params);
    out.send(reply);
    if (ERROR_CODES.has(reply.code) && ++this.errors >= this.config.limits.maxErrors) {
      this.closeWith(out, 'tooManyErrors');
    }
  }

  private closeWith(out: OutputBuilder, name: ReplyName, params: ReplyParams = {}): void {
    out.send(makeReply(name, params));
    out.push({ type: 'close' });
    this.state = 'closed';
    this.data = null;
    this.sasl = null;
    this.commands.discard();
  }
}
