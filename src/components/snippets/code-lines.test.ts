import { describe, expect, it } from 'vitest';
import { highlight } from '../../snippets/highlight';
import { linesContaining, splitHighlightedLines } from './code-lines.ts';

describe('splitHighlightedLines', () => {
  it('gives one balanced piece of HTML per source line', () => {
    const code = '/* a\n   b */\nconst token = process.env.MAILPACE_API_TOKEN;\n';
    const lines = splitHighlightedLines(highlight(code, 'javascript'));
    expect(lines).toHaveLength(code.split('\n').length);
    for (const line of lines) {
      expect(line.match(/<span/g)?.length ?? 0).toBe(line.match(/<\/span>/g)?.length ?? 0);
    }
    // The comment's span is reopened on its second line.
    expect(lines[1]).toMatch(/^<span class="hljs-comment">/);
    const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");
    expect(lines.map(text)).toEqual(code.split('\n'));
  });

  it('keeps typed markup escaped', () => {
    const [line] = splitHighlightedLines(highlight("token = '<img src=x>'", 'python'));
    expect(line).not.toContain('<img');
  });
});

describe('linesContaining', () => {
  it('finds every line that mentions the needle', () => {
    expect([...linesContaining('a\nMAILPACE_API_TOKEN x\nb\ny MAILPACE_API_TOKEN', 'MAILPACE_API_TOKEN')]).toEqual([
      1, 3,
    ]);
  });

  it('marks nothing for an empty needle', () => {
    expect(linesContaining('a\nb', '').size).toBe(0);
  });
});
