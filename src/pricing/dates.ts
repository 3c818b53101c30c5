import { DATE_FORMS, parseDateText } from '../dates.js';
import { invalidValue } from '../errors.js';

/**
 * Parses a date (YYYY-MM-DD, taken as UTC midnight) or an ISO 8601 instant with an offset into
 * epoch ms (syntax: src/dates.ts). `origin` names the flag or key for the error message.
 */
export function parseInstant(value: string, origin: string): number {
  const parsed = parseDateText(value);
  if (parsed === undefined) throw invalidValue(origin, `invalid date "${value}"`, DATE_FORMS);
  if ('instantMs' in parsed) return parsed.instantMs;
  const [y, m, d] = parsed.date;
  return Date.UTC(y, m - 1, d);
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
