import { describe, expect, it } from 'vitest';
import { transcriptCaption } from './transcript-caption.ts';

describe('transcriptCaption', () => {
  it('names the port and the simulated server when there is no title', () => {
    expect(transcriptCaption(587)).toBe('Port 587, simulated server');
  });

  it('keeps the simulated label when a page gives its own title', () => {
    expect(transcriptCaption(587, 'AUTH LOGIN, step by step')).toBe('AUTH LOGIN, step by step (simulated server)');
  });

  it('does not repeat the label a title already carries', () => {
    expect(transcriptCaption(465, 'Port 465 (simulated server)')).toBe('Port 465 (simulated server)');
  });
});
