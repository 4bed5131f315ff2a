import { describe, expect, it } from 'vitest';
import { cleanDomain, domainOfAddress, fromAddress, fromDomain } from './from-domain.ts';

describe('the From domain default', () => {
  it('takes the address in angle brackets, or the bare address', () => {
    expect(fromAddress('Example App <hello@Example.com>')).toBe('hello@Example.com');
    expect(fromAddress('hello@example.com')).toBe('hello@example.com');
    expect(fromAddress('"Ops @ night <x@evil.test>" <ops@example.org>')).toBe('ops@example.org');
    expect(fromAddress('hello@example.com (Hello team)')).toBe('hello@example.com');
    expect(fromAddress('no address here')).toBeNull();
  });

  it('lower-cases the domain and refuses what is not one', () => {
    expect(domainOfAddress('a@Mail.Example.COM')).toBe('mail.example.com');
    expect(domainOfAddress('a@localhost')).toBeNull();
    expect(domainOfAddress('nobody')).toBeNull();
  });

  it('reads the From header of a message', () => {
    expect(fromDomain('Subject: hi\r\nFrom: App <app@shop.example>\r\n\r\nbody')).toBe('shop.example');
    expect(fromDomain('Subject: hi\n\nbody')).toBeNull();
    expect(fromDomain('not a message')).toBeNull();
  });

  it('cleans what the reader types', () => {
    expect(cleanDomain('  @Example.COM. ')).toBe('example.com');
  });
});
