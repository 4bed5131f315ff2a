/** Joins lines, skipping false/undefined so optional lines can be written inline. */
export function lines(...parts: (string | readonly string[] | false | undefined)[]): string {
  return parts
    .flatMap((part) => (part === false || part === undefined ? [] : part))
    .join('\n');
}

/** Prefixes every line of a block (used to indent header lists). */
export function indent(prefix: string, block: readonly string[]): string[] {
  return block.map((line) => prefix + line);
}
