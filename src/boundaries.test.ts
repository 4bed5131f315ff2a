/**
 * The import boundaries the design relies on, checked rather than trusted:
 *
 * 1. `simulator/` (the core) imports nothing from `src/` or `sandbox/`.
 * 2. The page never builds a session outside the worker: only a `*.worker.ts`
 *    file loads `session-host.ts`, the one page-side module that creates sessions.
 * 3. Code that runs on the page's main thread loads from the core only data and
 *    types: the modules in `MAIN_THREAD_CORE` below. Everything else of the core
 *    (the session, the parsers, the message policy) runs in the worker.
 *
 * Imports are read from the source text: `import type` and all-`type` specifier
 * lists are erased by the compiler and load nothing, so they are allowed anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** The core modules the main thread may load, and why each is only data. */
const MAIN_THREAD_CORE: Record<string, string> = {
  'simulator/mailpace-facts.ts': "MailPace's published facts: host, ports and TLS modes, limits, header names",
  'simulator/replies.ts': 'the reply catalogue (codes, texts, RFC references)',
  'simulator/states.ts': 'the state table that also draws the diagram',
  'simulator/config.ts': 'the demo account and the list of failure knobs',
};

/** Page-side modules that only the session worker may load. */
const WORKER_ONLY = ['src/terminal/session-host.ts'];

interface Import {
  from: string;
  /** Resolved file, relative to the repository; null for packages. */
  file: string | null;
  typeOnly: boolean;
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...walk(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

const isTest = (file: string) => /\.(test|fixture)\.tsx?$/.test(file) || file.includes('/test/');
const isWorker = (file: string) => /\.worker\.ts$/.test(file);

function resolveFile(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = join(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate;
    } catch {
      // try the next spelling
    }
  }
  return base;
}

/** The code of a file that runs in the browser: for `.astro`, only its `<script>` blocks (the frontmatter runs at build time). */
function clientCode(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!file.endsWith('.astro')) return text;
  return [...text.matchAll(/<script(?![^>]*is:inline)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

const STATIC = /^[ \t]*(import|export)[ \t]+(type[ \t]+)?((?:[\w$*\s,]|\{[^}]*\})+?)\s+from\s+['"]([^'"]+)['"]/gm;
const BARE = /^[ \t]*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(file: string, code = clientCode(file)): Import[] {
  const found: Import[] = [];
  const add = (from: string, typeOnly: boolean) => found.push({ from, file: resolveFile(file, from), typeOnly });
  for (const m of code.matchAll(STATIC)) {
    const clause = m[3]!.trim();
    const braces = /^\{([^}]*)\}$/.exec(clause);
    const names = braces ? braces[1]!.split(',').map((s) => s.trim()).filter(Boolean) : null;
    const allTypes = names !== null && names.length > 0 && names.every((n) => n.startsWith('type '));
    add(m[4]!, Boolean(m[2]) || allTypes);
  }
  for (const m of code.matchAll(BARE)) add(m[1]!, false);
  for (const m of code.matchAll(DYNAMIC)) add(m[1]!, false);
  return found;
}

/** Every file the main thread loads from `roots`, following value imports (workers start their own graph). */
function mainThreadGraph(roots: string[]): Set<string> {
  const reached = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (!/\.(tsx?|astro)$/.test(file)) continue;
    for (const imp of importsOf(file)) {
      if (imp.typeOnly || imp.file === null || reached.has(imp.file)) continue;
      reached.add(imp.file);
      queue.push(imp.file);
    }
  }
  return reached;
}

const pageRoots = () =>
  [
    ...walk('src/components', (f) => /\.(tsx?|astro)$/.test(f)),
    ...walk('src/terminal', (f) => /\.tsx?$/.test(f)),
  ].filter((f) => !isTest(f) && !isWorker(f) && !WORKER_ONLY.includes(f));

describe('import boundaries', () => {
  it('reads type-only imports as loading nothing', () => {
    const code = [
      "import type { A } from './a.ts';",
      "import { type B, type C } from './b.ts';",
      "import { D, type E } from './d.ts';",
      "export * from './f.ts';",
      "export type { G } from './g.ts';",
      "const H = () => import('./h.ts');",
      'import {\n  I,\n  type J,\n} from "./i.ts";',
    ].join('\n');
    const found = importsOf('src/x.ts', code).map((i) => `${i.from}:${i.typeOnly ? 'type' : 'value'}`);
    expect(found.sort()).toEqual(['./a.ts:type', './b.ts:type', './d.ts:value', './f.ts:value', './g.ts:type', './h.ts:value', './i.ts:value']);
  });

  it('simulator/ imports nothing from src/ or sandbox/', () => {
    const bad = walk('simulator', (f) => f.endsWith('.ts')).flatMap((file) =>
      importsOf(file)
        .filter((i) => i.file !== null && /^(src|sandbox)\//.test(i.file))
        .map((i) => `${file} imports ${i.from}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the worker builds a session: session-host.ts is loaded by *.worker.ts files alone', () => {
    const files = walk('src', (f) => /\.(tsx?|astro)$/.test(f)).filter((f) => !isTest(f));
    const bad = files.flatMap((file) =>
      importsOf(file)
        .filter((i) => !i.typeOnly && i.file !== null && WORKER_ONLY.includes(i.file) && !isWorker(file))
        .map((i) => `${file} loads ${i.file}`),
    );
    expect(bad).toEqual([]);
  });

  it('the main thread loads from the core only data and types', () => {
    const graph = mainThreadGraph(pageRoots());
    const forbidden = (f: string) => (f.startsWith('simulator/') && !(f in MAIN_THREAD_CORE)) || WORKER_ONLY.includes(f) || isWorker(f);
    // Each offending import, named by the main-thread file that makes it.
    const bad = [...graph.keys()]
      .filter((f) => !f.startsWith('simulator/') && /\.(tsx?|astro)$/.test(f))
      .flatMap((file) => importsOf(file).filter((i) => !i.typeOnly && i.file !== null && forbidden(i.file)).map((i) => `${file} loads ${i.file}`));
    expect(bad).toEqual([]);
    // The scan really covers the terminal (a guard against a scan that finds nothing).
    expect(graph.has('src/terminal/controller.ts')).toBe(true);
    expect(graph.has('simulator/replies.ts')).toBe(true);
  });

  it('every allowed core module is data: it loads no other core code', () => {
    for (const file of Object.keys(MAIN_THREAD_CORE)) {
      const loads = importsOf(file).filter((i) => !i.typeOnly && i.file !== null).map((i) => i.file!);
      expect(loads.filter((f) => !(f in MAIN_THREAD_CORE)), file).toEqual([]);
    }
  });
});
