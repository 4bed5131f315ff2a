import { describe, expect, it } from 'vitest';
import { highlight } from './highlight';
import { TARGETS } from './targets';

describe('highlight', () => {
  it('escapes markup typed into a snippet', () => {
    const html = highlight(`const from = '<img src=x onerror=alert(1)>';`, 'javascript');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });

  it('knows every language the targets emit', () => {
    for (const target of TARGETS) {
      for (const inputs of [{}, { inlineToken: true }]) {
        const out = target.render(inputs);
        for (const file of [{ code: out.code, language: out.language }, ...out.extra]) {
          expect(() => highlight(file.code, file.language)).not.toThrow();
        }
      }
    }
  });
});
