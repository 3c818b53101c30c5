import { z } from 'zod';
import { parseUsd } from '../money.js';
import { parseDateText } from '../dates.js';
import { parseInstant } from '../pricing/dates.js';
import { checkZone, ZONE_ACCEPTED } from '../report/periods.js';
import { httpUrl, URL_ACCEPTED } from '../budget/webhook.js';
import { isRangeBound, RANGE_ACCEPTED } from '../report/range.js';
import { EFFORTS, type Effort, TIERS, type Tier } from '../usage-event.js';
import { type FlagValue, oneOf, parsedValue } from './options.js';

/** The value kinds flags share: each says once what it accepts. */

/** A whole token count ≥ 0; "1_200" is read as 1200. */
export const countValue: FlagValue<number> = parsedValue(
  'a whole number ≥ 0, e.g. 1200',
  (text) => {
    const digits = text.trim().replace(/_/g, '');
    return /^\d+$/.test(digits) && Number.isSafeInteger(Number(digits)) ? Number(digits) : undefined;
  },
  (text) => `"${text}" is not a token count`,
);

/** A whole count ≥ 0 of something other than tokens ("characters", "images", "calls"). */
export function wholeValue(noun: string): FlagValue<number> {
  return parsedValue(
    'a whole number ≥ 0',
    (text) => {
      const n = countValue.schema.safeParse(text);
      return n.success ? n.data : undefined;
    },
    (text) => `"${text}" is not a number of ${noun}`,
  );
}

/** A whole token count ≥ 1 (a cap of 0 tokens is a mistake). */
export const positiveCountValue: FlagValue<number> = parsedValue(
  'a whole number ≥ 1, e.g. 1200',
  (text) => {
    const n = countValue.schema.safeParse(text);
    return n.success && n.data >= 1 ? n.data : undefined;
  },
  (text) => `"${text}" is not a token count ≥ 1`,
);

/** A service tier; `default`/`auto` mean standard (as the API reports them), `fast` is priority. */
export const tierValue: FlagValue<Tier> = oneOf('tier', TIERS, {
  default: 'standard',
  auto: 'standard',
  fast: 'priority',
});

export const effortValue: FlagValue<Effort> = oneOf('effort', EFFORTS);

/** A USD amount ≥ 0, with or without a leading "$"; atto-dollars. */
export const usdValue: FlagValue<bigint> = parsedValue(
  'a number ≥ 0, e.g. 25 or 0.50',
  (text) => {
    const amount = parseUsd(text.trim().replace(/^\$/, ''));
    return amount === undefined || amount < 0n ? undefined : amount;
  },
  (text) => `"${text}" is not an amount in USD`,
);

export const DATE_ACCEPTED = 'YYYY-MM-DD or an ISO 8601 instant such as 2026-05-01T12:00:00Z';

/** A date or instant → epoch ms (the one date parser, pricing/dates.ts). */
export const dateValue: FlagValue<number> = parsedValue(
  DATE_ACCEPTED,
  (text) => {
    try {
      return parseInstant(text, '');
    } catch {
      return undefined;
    }
  },
  (text) => `invalid date "${text}"`,
);

/** A date or instant kept as text: its meaning (end of day in a zone) is the command's, the syntax is checked here. */
export const dateTextValue: FlagValue<string> = parsedValue(
  DATE_ACCEPTED,
  (text) => (parseDateText(text) === undefined ? undefined : text),
  (text) => `invalid date "${text}"`,
);

/** Seconds > 0 and ≤ 600 (a network timeout) → milliseconds. */
export const timeoutValue: FlagValue<number> = parsedValue(
  'seconds > 0 and ≤ 600, e.g. 5',
  (text) => {
    const seconds = Number(text);
    return /^\d+(\.\d+)?$/.test(text.trim()) && seconds > 0 && seconds <= 600
      ? Math.round(seconds * 1000)
      : undefined;
  },
  (text) => `"${text}" is not a timeout`,
);

/** Any non-empty text (ids, paths). */
export const textValue: FlagValue<string> = parsedValue(
  '',
  (text) => (text.trim() === '' ? undefined : text),
  () => 'is empty',
);

/** A whole number ≥ 1 of something ("periods", "groups"). */
export function positiveWholeValue(noun: string): FlagValue<number> {
  return parsedValue(
    'a whole number ≥ 1',
    (text) => {
      const t = text.trim();
      return /^\d+$/.test(t) && Number(t) >= 1 && Number.isSafeInteger(Number(t)) ? Number(t) : undefined;
    },
    (text) => `"${text}" is not a number of ${noun}`,
  );
}

/** A comma list of one kind of value, each checked on its own; the first bad one is named. */
export function listOf<T>(
  kind: FlagValue<T>,
  accepted = `${kind.accepted}, or a comma list`,
): FlagValue<T[]> {
  const schema = z.string().transform((text, ctx) => {
    const out: T[] = [];
    for (const item of splitItems(text)) {
      const one = kind.schema.safeParse(item);
      if (!one.success) {
        ctx.addIssue({ code: 'custom', message: one.error.issues[0]?.message ?? `unknown value "${item}"` });
        return z.NEVER;
      }
      if (!out.includes(one.data)) out.push(one.data);
    }
    return out;
  });
  return { accepted, schema: schema as unknown as z.ZodType<T[]> };
}

/** A comma list of tiers, or `all`. */
export const tierListValue: FlagValue<Tier[]> = parsedValue<Tier[]>(
  `${TIERS.join(', ')}, a comma list, or all`,
  (text) => {
    if (text.trim().toLowerCase() === 'all') return [...TIERS];
    const parsed = listOf(tierValue).schema.safeParse(text);
    return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
  },
  (text) => {
    const bad = splitItems(text).find((t) => !tierValue.schema.safeParse(t).success);
    return bad === undefined ? `"${text}" names no tier` : `unknown tier "${bad}"`;
  },
);

/** An IANA time zone the runtime knows. */
export const zoneValue: FlagValue<string> = parsedValue(
  ZONE_ACCEPTED,
  (text) => (isZone(text) ? text : undefined),
  (text) => `unknown time zone "${text}"`,
);

function isZone(zone: string): boolean {
  try {
    checkZone(zone);
    return true;
  } catch {
    return false;
  }
}

/** A --since/--until bound: a date or instant (read in the report zone later), or a word such as today. */
export const rangeBoundValue: FlagValue<string> = parsedValue(
  RANGE_ACCEPTED,
  (text) => (isRangeBound(text) ? text : undefined),
  (text) => `invalid date "${text}"`,
);

/** An http(s) URL. */
export const urlValue: FlagValue<URL> = parsedValue(
  URL_ACCEPTED,
  httpUrl,
  (text) => `"${text}" is not a URL`,
);

/** An http(s) URL kept as typed (a source to record, a base URL to append paths to). */
export const urlTextValue: FlagValue<string> = parsedValue(
  URL_ACCEPTED,
  (text) => (httpUrl(text) ? text.trim() : undefined),
  (text) => `"${text}" is not a URL`,
);

function splitItems(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
