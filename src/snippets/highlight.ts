// highlight.js core plus only the grammars the targets use, to keep the island small.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import csharp from 'highlight.js/lib/languages/csharp';
import elixir from 'highlight.js/lib/languages/elixir';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import php from 'highlight.js/lib/languages/php';
import properties from 'highlight.js/lib/languages/properties';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import yaml from 'highlight.js/lib/languages/yaml';
import type { SnippetLanguage } from './target';

const GRAMMARS = { bash, csharp, elixir, go, ini, java, javascript, php, properties, python, ruby, rust, yaml };
for (const [name, grammar] of Object.entries(GRAMMARS)) hljs.registerLanguage(name, grammar);

/**
 * HTML for a snippet. highlight.js escapes every character of the source it wraps in
 * spans, so user-typed values inside the code come out as text, never as markup.
 */
export function highlight(code: string, language: SnippetLanguage): string {
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
