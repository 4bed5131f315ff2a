/**
 * The rows of the simulator page's helper list, straight from the terminal's
 * helper table: a new helper appears there with no edit to the page.
 */
import { HELPERS, type Helper } from '../../terminal/helpers.ts';

export interface HelperListRow {
  usage: string;
  summary: string;
  /** Documented here, but /help and Tab leave it out. */
  debugging: boolean;
}

export function helperListRows(table: readonly Helper[] = HELPERS): HelperListRow[] {
  return table.map((h) => ({ usage: h.usage, summary: h.summary, debugging: h.debugging === true }));
}
