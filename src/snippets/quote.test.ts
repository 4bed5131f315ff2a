import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireProgram } from '../../sandbox/test/programs.ts';
import { doubleQuoted, dotenvValue, elixirString, propertiesValue, shellQuoted, singleQuoted, yamlQuoted } from './quote';
import { urlEncode } from './urlencode';

const NASTY = `a/b+c=d"e'f\\g#{h}$i`;

describe('quoting', () => {
  it('single-quoted literals read back as the original in JavaScript', () => {
    expect(new Function(`return ${singleQuoted(NASTY)};`)()).toBe(NASTY);
  });

  it('double-quoted literals read back as the original in JavaScript (same rules as Java, C#, Go, Rust)', () => {
    expect(new Function(`return ${doubleQuoted(NASTY)};`)()).toBe(NASTY);
  });

  it('single-quoted literals read back as the original in Python', () => {
    requireProgram('python3', 'python3');
    const out = execFileSync('python3', ['-c', `import sys; sys.stdout.write(${singleQuoted(NASTY)})`]);
    expect(out.toString()).toBe(NASTY);
  });

  it('shell words read back as the original in bash', () => {
    requireProgram('bash', 'bash');
    expect(execFileSync('bash', ['-c', `printf %s ${shellQuoted(NASTY)}`]).toString()).toBe(NASTY);
  });

  it('escapes interpolation markers where the language has them', () => {
    expect(elixirString('#{x}')).toBe('"\\#{x}"');
    expect(dotenvValue('${X}')).toBe('"\\${X}"');
  });

  it('handles YAML and .properties rules', () => {
    expect(yamlQuoted("it's")).toBe("'it''s'");
    expect(propertiesValue('a\\b')).toBe('a\\\\b');
  });
});

describe('urlEncode', () => {
  it('encodes every reserved character, including the ones encodeURIComponent keeps', () => {
    expect(urlEncode(`a/b+c=d"e'f`)).toBe('a%2Fb%2Bc%3Dd%22e%27f');
    expect(urlEncode("!'()*@:")).toBe('%21%27%28%29%2A%40%3A');
    expect(decodeURIComponent(urlEncode(NASTY))).toBe(NASTY);
  });
});
