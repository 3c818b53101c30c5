import { parseDateText } from '../dates.js';
import { InvalidInputError, invalidValue } from '../errors.js';
import { nextPeriodStart, periodStartOf, shiftPeriod, type WeekStart, zonedMidnight } from './periods.js';
import type { PeriodUnit } from './types.js';

/** Words --since/--until take besides dates and instants. */
export const RANGE_WORDS = ['today', 'yesterday', 'this-month', 'last-month'] as const;
/** What --since/--until accept, for help and errors. */
export const RANGE_ACCEPTED = `YYYY-MM-DD, an ISO 8601 instant, ${RANGE_WORDS.join(', ')}`;

/** Whether `value` is a form --since/--until accept (what it means depends on the zone: resolveRange). */
export function isRangeBound(value: string): boolean {
  return (
    (RANGE_WORDS as readonly string[]).includes(value.trim().toLowerCase()) ||
    parseDateText(value) !== undefined
  );
}

export interface RangeFlags {
  since?: string;
  until?: string;
  /** The last N periods, the current one included (relative to --until when given). */
  last?: number;
}

/**
 * Turns --since/--until/--last into a half-open [sinceMs, untilMs). Dates are read in the report
 * zone and both ends are inclusive (--until 2026-10-31 means up to the end of that local day); an
 * ISO instant is taken as is; today, yesterday, this-month and last-month name local days/months.
 */
export function resolveRange(
  flags: RangeFlags,
  unit: PeriodUnit,
  tz: string,
  nowMs: number,
  weekStartsOn: WeekStart = 1,
): { sinceMs?: number; untilMs?: number } {
  const since =
    flags.since === undefined ? undefined : parseBound(flags.since, 'start', tz, nowMs, '--since');
  let until = flags.until === undefined ? undefined : parseBound(flags.until, 'end', tz, nowMs, '--until');
  if (flags.last !== undefined) {
    if (since !== undefined) throw new InvalidInputError('--last cannot be combined with --since', '--last');
    if (unit === 'total')
      throw new InvalidInputError('--last counts periods; use it with --period month|week|day', '--last');
    if (!Number.isInteger(flags.last) || flags.last < 1) {
      throw invalidValue('--last', `"${flags.last}" is not a number of periods`, 'a whole number ≥ 1');
    }
    const current = periodStartOf((until ?? nowMs) - 1, unit, tz, weekStartsOn);
    until ??= nextPeriodStart(current, unit, tz);
    return { sinceMs: shiftPeriod(current, -(flags.last - 1), unit, tz), untilMs: until };
  }
  if (since !== undefined && until !== undefined && until <= since) {
    throw new InvalidInputError(
      `the range is empty: --until ${flags.until} is not after --since ${flags.since}`,
      '--until',
    );
  }
  return {
    ...(since === undefined ? {} : { sinceMs: since }),
    ...(until === undefined ? {} : { untilMs: until }),
  };
}

function parseBound(value: string, side: 'start' | 'end', tz: string, nowMs: number, flag: string): number {
  const text = value.trim().toLowerCase();
  const today = periodStartOf(nowMs, 'day', tz);
  const thisMonth = periodStartOf(nowMs, 'month', tz);
  const span = (start: number, unit: 'day' | 'month') =>
    side === 'start' ? start : nextPeriodStart(start, unit, tz);
  if (text === 'today') return span(today, 'day');
  if (text === 'yesterday') return span(shiftPeriod(today, -1, 'day', tz), 'day');
  if (text === 'this-month') return span(thisMonth, 'month');
  if (text === 'last-month') return span(shiftPeriod(thisMonth, -1, 'month', tz), 'month');
  const parsed = parseDateText(value);
  if (parsed && 'instantMs' in parsed) return parsed.instantMs;
  if (parsed) return span(zonedMidnight(...parsed.date, tz), 'day');
  throw invalidValue(flag, `invalid date "${value}"`, RANGE_ACCEPTED);
}
