/**
 * The caption of an example transcript. Every server line in it comes from the
 * simulator, so the caption always says so, whatever title a page gives it.
 */
const LABEL = 'simulated server';

export function transcriptCaption(port: number, title?: string): string {
  if (!title) return `Port ${port}, ${LABEL}`;
  // A title that already says "simulated" is not labelled twice.
  return /\bsimulated\b/i.test(title) ? title : `${title} (${LABEL})`;
}
