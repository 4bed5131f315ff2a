/**
 * The reply-code reference covers the whole catalogue: every reply has a stage,
 * every stage has a heading and its entries on the page, and every "reproduce"
 * link lands on a page that really embeds that preset. (Anchors are checked by
 * the build's link validator.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPLIES, type ReplyName } from '../../../simulator/replies.ts';
import { PRESETS, PRESET_IDS, type PresetId } from '../../terminal/presets.ts';
import { PRESET_HOMES, explainedBy, reproducedBy } from './reply-links.ts';
import { REPLY_STAGES, STAGES, repliesIn } from './reply-stages.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const NAMES = Object.keys(REPLIES) as ReplyName[];

/** The MDX source behind a site path such as `/errors/mailpace-failures/#anchor`. */
function pageSource(href: string): string {
  const path = href.split('#')[0]!.replace(/^\/|\/$/g, '');
  return read(`src/content/docs/${path}.mdx`);
}

describe('reply stages', () => {
  it('gives every catalogue entry a known stage', () => {
    for (const name of NAMES) expect(STAGES, name).toContain(REPLY_STAGES[name]);
  });

  it('names nothing the catalogue does not have', () => {
    expect(Object.keys(REPLY_STAGES).sort()).toEqual([...NAMES].sort());
  });

  it('puts each reply in exactly one group, and no group is empty', () => {
    const grouped = STAGES.flatMap((stage) => repliesIn(stage));
    expect(grouped.sort()).toEqual([...NAMES].sort());
    for (const stage of STAGES) expect(repliesIn(stage).length, stage).toBeGreaterThan(0);
  });
});

describe('the reference page', () => {
  const page = read('src/content/docs/errors/reference.mdx');

  it('has an h2 heading followed by its entries for every stage, in session order', () => {
    const blocks = [...page.matchAll(/^## (.+)\n[\s\S]*?<ReplyReference stage="([\w-]+)" \/>/gm)];
    expect(blocks.map((m) => m[2])).toEqual([...STAGES]);
  });
});

describe('reference links', () => {
  it('explains every reply with a site path', () => {
    for (const name of NAMES) expect(explainedBy(name).href, name).toMatch(/^\/[\w/-]*\/(#[\w-]+)?$/);
  });

  it('sends each reproduce link to a page that embeds that preset', () => {
    for (const [id, href] of Object.entries(PRESET_HOMES) as [PresetId, string][]) {
      expect(pageSource(href), `${id} at ${href}`).toMatch(new RegExp(`preset="${id}"`));
    }
  });

  it('reproduces a reply with the embedded preset whose goal it is', () => {
    for (const id of Object.keys(PRESET_HOMES) as PresetId[]) {
      const preset = PRESETS[id];
      if (!('goal' in preset)) continue;
      expect(reproducedBy(preset.goal.reply).preset, id).toBe(id);
    }
  });

  it('lists the presets with a goal that no page embeds yet', () => {
    // These can only be linked once a page embeds them or the simulator page takes a preset from its URL.
    const homeless = PRESET_IDS.filter((id) => 'goal' in PRESETS[id] && !(id in PRESET_HOMES));
    expect(homeless.sort()).toEqual(['implicit-tls', 'service-down', 'starttls-first']);
  });
});
