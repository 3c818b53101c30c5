import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { invalidValue } from '../errors.js';

/** What a zone setting accepts, for help and errors. */
export const ZONE_ACCEPTED = 'an IANA zone such as UTC, Europe/Berlin, Asia/Kolkata';
import type { PeriodUnit } from './types.js';

export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Throws unless `tz` is an IANA zone name (or UTC) the runtime knows. */
export function checkZone(tz: string, origin = '--tz'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw invalidValue(origin, `unknown time zone "${tz}"`, ZONE_ACCEPTED);
  }
  return tz;
}

/**
 * The start (epoch ms) of the period containing `ms`, cut at local midnights of `tz`. Built from
 * local calendar fields, so a Europe/Berlin day on a DST change is 23 or 25 hours long and zones
 * with :30/:45 offsets start their days at the right instant.
 */
export function periodStartOf(
  ms: number,
  unit: Exclude<PeriodUnit, 'total'>,
  tz: string,
  weekStartsOn: WeekStart = 1,
): number {
  const d = new TZDate(ms, tz);
  const y = d.getFullYear();
  const m = d.getMonth();
  if (unit === 'month') return new TZDate(y, m, 1, tz).getTime();
  if (unit === 'day') return new TZDate(y, m, d.getDate(), tz).getTime();
  const back = (d.getDay() - weekStartsOn + 7) % 7;
  return new TZDate(y, m, d.getDate() - back, tz).getTime();
}

/** The start of the period after the one starting at `startMs`. */
export function nextPeriodStart(startMs: number, unit: Exclude<PeriodUnit, 'total'>, tz: string): number {
  const d = new TZDate(startMs, tz);
  const y = d.getFullYear();
  const m = d.getMonth();
  if (unit === 'month') return new TZDate(y, m + 1, 1, tz).getTime();
  return new TZDate(y, m, d.getDate() + (unit === 'week' ? 7 : 1), tz).getTime();
}

/** Shifts a period start by `n` periods (negative: back). */
export function shiftPeriod(
  startMs: number,
  n: number,
  unit: Exclude<PeriodUnit, 'total'>,
  tz: string,
): number {
  const d = new TZDate(startMs, tz);
  const y = d.getFullYear();
  const m = d.getMonth();
  if (unit === 'month') return new TZDate(y, m + n, 1, tz).getTime();
  return new TZDate(y, m, d.getDate() + n * (unit === 'week' ? 7 : 1), tz).getTime();
}

/**
 * 'YYYY-MM', 'YYYY-MM-DD', or 'YYYY-Www' (ISO week-numbering year). A week that does not start on
 * Monday takes the ISO week of its fourth day, which is the ISO rule for Monday weeks.
 */
export function periodLabel(startMs: number, unit: PeriodUnit, tz: string): string {
  if (unit === 'total') return 'total';
  const d = new TZDate(startMs, tz);
  const ym = `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
  if (unit === 'month') return ym;
  if (unit === 'day') return `${ym}-${pad(d.getDate())}`;
  const mid = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + 3, tz);
  return `${getISOWeekYear(mid)}-W${pad(getISOWeek(mid))}`;
}

/** Period starts covering [fromMs, toMs): the first is the start of the period holding fromMs. */
export function periodStarts(
  fromMs: number,
  toMs: number,
  unit: Exclude<PeriodUnit, 'total'>,
  tz: string,
  weekStartsOn: WeekStart = 1,
): number[] {
  const starts: number[] = [];
  for (let s = periodStartOf(fromMs, unit, tz, weekStartsOn); s < toMs; s = nextPeriodStart(s, unit, tz))
    starts.push(s);
  return starts;
}

/** Local calendar date (YYYY-MM-DD) of an instant in `tz`. */
export function localDate(ms: number, tz: string): string {
  const d = new TZDate(ms, tz);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a calendar date in `tz` (month is 1-based here). */
export function zonedMidnight(year: number, month: number, day: number, tz: string): number {
  return new TZDate(year, month - 1, day, tz).getTime();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
