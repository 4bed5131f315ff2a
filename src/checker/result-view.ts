/**
 * Turns a checked message into what the terminal's inspector shows, the way the
 * terminal builds its own views: the record, the raw text and the equivalent curl
 * call, plus the notes only the checker has (line endings normalised, values shortened).
 */
import { curlCommand, tokenForDomain } from '../terminal/api-request.ts';
import type { CheckResult } from './checker-host.ts';
import { curlPayload } from './display-payload.ts';
import { ATTACHMENTS_SHORTENED, CURL_SHORTENED, RAW_SHORTENED, bareLfNotice } from './messages.ts';

type Checked = Extract<CheckResult, { kind: 'checked' }>;

export interface CheckedView {
  /** The inspector's message view (same shape as the terminal's). */
  message: { n: number; record: Checked['record']; raw: string; curl: string };
  /** Notes to show above the inspector, warnings first. */
  warnings: string[];
  notes: string[];
}

export function checkedView(result: Checked, n = 1): CheckedView {
  const curl = curlPayload(result.record.payload);
  const warnings = result.bareLf > 0 ? [bareLfNotice(result.bareLf)] : [];
  const notes: string[] = [];
  if (result.attachmentsShortened) notes.push(ATTACHMENTS_SHORTENED);
  if (curl.shortened) notes.push(CURL_SHORTENED);
  if (result.rawShortened) notes.push(RAW_SHORTENED);
  return {
    message: { n, record: result.record, raw: result.raw, curl: curlCommand(curl.payload, tokenForDomain(result.domain)) },
    warnings,
    notes,
  };
}
