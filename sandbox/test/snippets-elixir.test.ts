/**
 * The Phoenix/Swoosh snippet has no runtime here (Swoosh and gen_smtp are not packaged
 * in Debian), so Elixir itself judges what it can: every rendered file of every variant
 * must parse (Code.string_to_quoted!), and the certificate options must be where gen_smtp
 * reads them. The option names themselves are pinned in src/snippets/targets/pinned-apis.test.ts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPECIAL_TOKEN, TAGS_TYPED, targets, UNSUBSCRIBE_TYPED, type Runner } from './snippet-harness.ts';
import { requireRuntime, runIn, succeeds } from './programs.ts';

const { phoenixSwoosh } = targets as Record<string, Runner['target']>;

/** Defaults, both TLS modes, and every value that needs escaping (#{…} above all). */
const VARIANTS: Record<string, unknown>[] = [
  {},
  { port: 465 },
  { port: 2525, inlineToken: true, token: SPECIAL_TOKEN, tags: TAGS_TYPED, listUnsubscribe: UNSUBSCRIBE_TYPED },
  { port: 465, inlineToken: true, token: '#{System.halt(1)}', host: 'smtp.#{x}.test', from: 'A "B" <a@b.test>' },
];

/**
 * Parses each file given on the command line and prints, per file, the keyword keys of
 * the `config` call it holds (none for other files) and, when the username is a string
 * literal, that string in Base64: an unescaped #{…} would parse as interpolation instead.
 */
const PARSE = `
for f <- System.argv() do
  ast = Code.string_to_quoted!(File.read!(f), file: f)
  {_, opts} =
    Macro.prewalk(ast, [], fn
      {:config, _, [_, _, opts]} = node, acc when is_list(opts) -> {node, acc ++ opts}
      node, acc -> {node, acc}
    end)
  user = if is_binary(opts[:username]), do: Base.encode64(opts[:username]), else: "-"
  IO.puts(Enum.join([Path.basename(f), Enum.join(Keyword.keys(opts), ","), user], " "))
end
`;

let dir = '';
beforeAll(async () => {
  requireRuntime(succeeds('elixir', ['--version']), 'Elixir', 'elixir');
  dir = await mkdtemp(join(tmpdir(), 'snippets-elixir-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Phoenix (Swoosh) snippet: Elixir parses every rendered file', () => {
  VARIANTS.forEach((variant, n) => {
    it(`variant ${n}: ${JSON.stringify(variant)}`, async () => {
      const out = phoenixSwoosh!.render(variant);
      const files = [out.code, ...out.extra.map((f) => f.code)].map((code, k) => ({ name: `v${n}-${k}.exs`, code }));
      for (const f of files) await writeFile(join(dir, f.name), `${f.code}\n`);
      const r = await runIn('elixir', ['-e', PARSE, ...files.map((f) => join(dir, f.name))], dir, process.env, 60_000);
      expect(r.code, `${r.output}\n--- config ---\n${out.code}`).toBe(0);
      const parsed = Object.fromEntries(
        r.output
          .trim()
          .split('\n')
          .map((line) => {
            const [file, keys, user] = line.split(' ');
            return [file, { keys: (keys ?? '').split(','), user }];
          }),
      );
      const config = parsed[`v${n}-0.exs`]!;
      const configKeys = config.keys;
      const tls = variant.port === 465;
      expect(configKeys).toEqual(
        expect.arrayContaining(['adapter', 'relay', 'port', 'username', 'password', 'auth', 'ssl', 'tls', tls ? 'sockopts' : 'tls_options']),
      );
      if (variant.inlineToken) expect(Buffer.from(config.user!, 'base64').toString()).toBe(variant.token);
      else expect(config.user).toBe('-'); // System.fetch_env!(…), a call
      expect(configKeys).not.toContain(tls ? 'tls_options' : 'sockopts');
    });
  });
});
