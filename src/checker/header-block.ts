/**
 * Reads the header block at the top of a message: the lines before the first empty
 * line (RFC 5322 §2.1). The checker uses it to tell a message from other text, to
 * find the From domain, and to take the envelope from the headers as mail libraries do.
 *
 * Only the start of the text is needed; the body is never read here.
 */

export interface HeaderField {
  /** As written, e.g. `Content-Type`. */
  name: string;
  /** Unfolded: continuation lines joined with their leading whitespace kept. */
  value: string;
}

/** Why text is not a message: what the first offending line looks like. */
export type HeaderProblem =
  /** The text starts with an mbox separator line (`From sender date`), not a header. */
  | { kind: 'mbox'; line: number }
  /** The text starts like JSON, such as the sandbox's `.json` record. */
  | { kind: 'json'; line: number }
  /** The text starts with an empty line: a body with no headers. */
  | { kind: 'no-headers'; line: number }
  /** A line in the header block is neither `Name: value` nor a continuation. */
  | { kind: 'bad-line'; line: number; text: string };

export type HeaderBlock = { ok: true; fields: HeaderField[] } | { ok: false; problem: HeaderProblem };

/** A field name is printable ASCII without a colon (RFC 5322 §3.6.8); obsolete syntax allows spaces before the colon. */
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/;
const CONTINUATION = /^[ \t]/;
const MAX_SHOWN_LINE = 80;

/** Parses the header block of `text` (lines end in CRLF or LF). */
export function readHeaderBlock(text: string): HeaderBlock {
  const fields: HeaderField[] = [];
  // Line by line, stopping at the block's end: the body of a big message is never split.
  for (let at = 0, number = 1; at <= text.length; number++) {
    const lf = text.indexOf('\n', at);
    const end = lf < 0 ? text.length : lf;
    const line = text.slice(at, end > at && text[end - 1] === '\r' ? end - 1 : end);
    at = lf < 0 ? text.length + 1 : lf + 1;
    if (line === '') {
      if (fields.length === 0) return { ok: false, problem: { kind: 'no-headers', line: number } };
      break;
    }
    // JSON's first line can look like a field name (`{"a":1}`), so it is named first.
    if (fields.length === 0 && /^\s*[[{]/.test(line)) return { ok: false, problem: { kind: 'json', line: number } };
    const field = FIELD.exec(line);
    if (field) {
      fields.push({ name: field[1]!, value: field[2]!.trim() });
      continue;
    }
    const last = fields[fields.length - 1];
    if (last && CONTINUATION.test(line)) {
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    if (fields.length === 0 && /^From /.test(line)) return { ok: false, problem: { kind: 'mbox', line: number } };
    const shown = line.length > MAX_SHOWN_LINE ? `${line.slice(0, MAX_SHOWN_LINE)}…` : line;
    return { ok: false, problem: { kind: 'bad-line', line: number, text: shown } };
  }
  return { ok: true, fields };
}

/** Every value of one header, matched without regard to case. */
export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
}
