import { parseUsd } from '../money.js';
import { parseInstant } from '../pricing/dates.js';
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

/** Any non-empty text (ids, paths). */
export const textValue: FlagValue<string> = parsedValue(
  '',
  (text) => (text.trim() === '' ? undefined : text),
  () => 'is empty',
);
