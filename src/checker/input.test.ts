import { describe, expect, it } from 'vitest';
import { SEND_API } from '../../simulator/mailpace-facts.ts';
import { effectiveDomain, formatSize, isDomainInput, MAX_MESSAGE_BYTES, refuseBySize, textToBytes } from './input.ts';

describe('page-side input', () => {
  it('reads the size limit from the facts module', () => {
    expect(MAX_MESSAGE_BYTES).toBe(SEND_API.maxSizeBytes);
  });

  it('refuses a file on its size alone', () => {
    expect(refuseBySize(0)).toEqual({ kind: 'empty' });
    expect(refuseBySize(MAX_MESSAGE_BYTES)).toBeNull();
    expect(refuseBySize(MAX_MESSAGE_BYTES + 1)).toEqual({ kind: 'too-big', size: MAX_MESSAGE_BYTES + 1, max: MAX_MESSAGE_BYTES });
  });

  it('drops leading empty lines from pasted text and encodes UTF-8', () => {
    expect(new TextDecoder().decode(textToBytes('\n  \r\nFrom: é@x.io\n'))).toBe('From: é@x.io\n');
  });

  it('follows the From domain until the reader types one', () => {
    expect(effectiveDomain('', 'shop.example')).toBe('shop.example');
    expect(effectiveDomain(' Mine.Example ', 'shop.example')).toBe('mine.example');
    expect(effectiveDomain('', null)).toBe('');
  });

  it('tells a domain from other text', () => {
    expect(isDomainInput('')).toBe(true);
    expect(isDomainInput('example.com')).toBe(true);
    expect(isDomainInput('@mail.example.co.uk')).toBe(true);
    expect(isDomainInput('not a domain')).toBe(false);
    expect(isDomainInput('me@example.com')).toBe(false);
  });

  it('formats sizes', () => {
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(31 * 1024 * 1024)).toBe('31.0 MB');
  });
});
