/**
 * Page-side code stays in small files: "about 350 lines" at most, read here as no
 * more than 370, so that one concept per file is checked rather than hoped for.
 * Tests, pages' prose (.md, .mdx) and example files readers copy are not code
 * of the page and are not counted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const MAX_LINES = 370;
const CODE = /\.(ts|tsx|astro|css|mjs)$/;

function codeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'examples' ? [] : codeFiles(path);
    return CODE.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

it(`no page-side code file is over ${MAX_LINES} lines`, () => {
  const files = codeFiles(join(ROOT, 'src'));
  expect(files.length).toBeGreaterThan(50);
  const long = files
    .map((path) => ({ file: relative(ROOT, path), lines: readFileSync(path, 'utf8').split('\n').length }))
    .filter((f) => f.lines > MAX_LINES);
  expect(long).toEqual([]);
});
