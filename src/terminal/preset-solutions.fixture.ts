/**
 * Test fixture: for each preset with a goal, lines a reader could type after the
 * preset's opening to reach it. Shared by the controller tests and the reworded
 * catalogue test.
 */
import { DEMO_TOKEN } from '../../simulator/config.ts';
import { plainArgument } from './encoding.ts';
import { DEFAULT_SCRIPT_CONTEXT as ctx, envelopeLines, helloLines, textMessage } from './examples.ts';
import type { PresetId } from './presets.ts';

const login = [...helloLines(ctx), `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`];

export const PRESET_SOLUTIONS = {
  'first-send': [...login, ...envelopeLines(ctx), ...textMessage(ctx)],
  'implicit-tls': ['EHLO a.test', `AUTH PLAIN ${plainArgument(DEMO_TOKEN)}`],
  'starttls-first': ['AUTH LOGIN'],
  'wrong-token': [`AUTH PLAIN ${plainArgument('not-my-token')}`],
  'mail-before-auth': ['MAIL FROM:<a@example.com>'],
  'domain-mismatch': [...envelopeLines(ctx), 'From: me@other.test', 'To: b@example.net', '', 'Hi', '.'],
  dkim: [...envelopeLines(ctx), ...textMessage(ctx)],
  'no-plan': [...envelopeLines(ctx), ...textMessage(ctx)],
  disabled: [...envelopeLines(ctx), ...textMessage(ctx)],
  'blocked-recipient': ['RCPT TO:<blocked@example.net>'],
  'too-many-recipients': ['.'],
  'blocked-attachment': ['.'],
  'rate-limit': [...envelopeLines(ctx), ...textMessage(ctx)],
  'service-down': [],
} satisfies Partial<Record<PresetId, string[]>>;
