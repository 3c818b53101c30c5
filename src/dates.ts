/**
 * The one reader of dates users type (flags, config, price data): `YYYY-MM-DD` (a calendar date
 * that must exist — Date.parse would roll 2026-02-30 over to March) or an ISO 8601 instant with
 * an offset. What a date means (UTC midnight, a local day in a report zone, the end of a day) is
 * the caller's choice; the syntax is decided here once.
 */
export type DateText =
  | { readonly date: readonly [year: number, month: number, day: number] }
  | { readonly instantMs: number };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The accepted forms, for error messages. */
export const DATE_FORMS = 'YYYY-MM-DD or an ISO 8601 instant such as 2026-05-01T12:00:00Z';

/** Reads a date or an instant; undefined when the text is neither (or names a day that does not exist). */
export function parseDateText(value: string): DateText | undefined {
  const text = value.trim();
  const date = DATE_ONLY.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d)
      return undefined;
    return { date: [y, m, d] };
  }
  if (!INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : { instantMs: ms };
}
