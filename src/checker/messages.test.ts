import { describe, expect, it } from 'vitest';
import { SEND_API } from '../../simulator/mailpace-facts.ts';
import { bareLfNotice, refusalWording } from './messages.ts';

describe('the words for refused input', () => {
  it('names the published size limit', () => {
    const w = refusalWording({ kind: 'too-big', size: SEND_API.maxSizeBytes + 1, max: SEND_API.maxSizeBytes });
    expect(w.detail).toContain(`${SEND_API.maxSizeMB} MB`);
  });

  it('has a title and a detail for every kind of refusal', () => {
    const all = [
      refusalWording({ kind: 'empty' }),
      refusalWording({ kind: 'binary', nulAt: 4 }),
      refusalWording({ kind: 'binary', nulAt: null }),
      refusalWording({ kind: 'not-mime', problem: { kind: 'mbox', line: 1 } }),
      refusalWording({ kind: 'not-mime', problem: { kind: 'json', line: 1 } }),
      refusalWording({ kind: 'not-mime', problem: { kind: 'no-headers', line: 1 } }),
      refusalWording({ kind: 'not-mime', problem: { kind: 'bad-line', line: 3, text: 'oops' } }),
    ];
    for (const w of all) expect(w.title && w.detail).toBeTruthy();
    expect(all[1]!.detail).toContain('byte 5');
    expect(all[6]!.detail).toContain('Line 3 ("oops")');
  });

  it('counts bare LFs in the notice', () => {
    expect(bareLfNotice(1)).toContain('one line');
    expect(bareLfNotice(7)).toContain('7 lines');
  });
});
