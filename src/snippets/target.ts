import { SMTP } from '../../simulator/mailpace-facts.ts';
import { resolveInputs, type SnippetInputs } from './inputs';
import { TOKEN_ENV } from './token';

/** Languages the highlighter knows; see highlight.ts. */
export type SnippetLanguage =
  | 'javascript'
  | 'python'
  | 'ruby'
  | 'php'
  | 'ini'
  | 'properties'
  | 'yaml'
  | 'bash'
  | 'csharp'
  | 'go'
  | 'elixir'
  | 'java'
  | 'rust';

/** A further file some targets need, e.g. the code that adds headers next to a .env file. */
export interface SnippetFile {
  filename?: string;
  language: SnippetLanguage;
  code: string;
}

export interface SnippetOutput {
  /** The main file. */
  code: string;
  filename?: string;
  /** Usually the target's language; a target may switch it (Symfony: YAML or .env). */
  language: SnippetLanguage;
  /** Further files, in order, each with its own language. */
  extra: SnippetFile[];
  /** Known traps for this framework; shown prominently. */
  warnings: string[];
  /** Helpful context (where the file goes, how to run it). */
  notes: string[];
}

export interface SnippetTarget {
  id: string;
  label: string;
  language: SnippetLanguage;
  /** Pure: the same inputs always give the same output, with no I/O. Missing inputs take defaults. */
  render(inputs?: Partial<SnippetInputs>): SnippetOutput;
}

type Build = (inputs: SnippetInputs) => Partial<SnippetOutput> & {
  code: string;
  /** Where a non-inline token comes from, when it is not the environment variable (WordPress: a wp-config.php constant). */
  tokenNote?: string;
};

const ENV_NOTE = `The snippet reads the token from the ${TOKEN_ENV} environment variable; set it where the code runs.`;
const INLINE_WARNING =
  'The token is written into this snippet. Keep the file out of version control and out of anything you share.';

/** Wraps a target's builder so it always sees complete, cleaned inputs. */
export function defineTarget(spec: Omit<SnippetTarget, 'render'> & { build: Build }): SnippetTarget {
  const { build, ...meta } = spec;
  return {
    ...meta,
    render(partial) {
      const inputs = resolveInputs(partial);
      const { tokenNote, ...out } = build(inputs);
      const notes = [...(out.notes ?? [])];
      const warnings = [...(out.warnings ?? [])];
      if (inputs.inlineToken) warnings.push(INLINE_WARNING);
      else notes.unshift(tokenNote ?? ENV_NOTE);
      if (inputs.port === 25) {
        const others = SMTP.ports.filter((p) => p.tls === 'starttls' && p.port !== 25).map((p) => p.port);
        notes.push(`Many cloud providers block outgoing port 25; if the connection times out, use ${others.join(' or ')}.`);
      }
      return { language: meta.language, extra: [], ...out, notes, warnings };
    },
  };
}
