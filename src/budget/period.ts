import { TZDate, tz } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import { parseDateText } from '../dates.js';
import { parseInstant } from '../pricing/dates.js';
import {
  checkZone as checkReportZone,
  nextPeriodStart,
  periodLabel,
  periodStartOf,
  zonedMidnight,
} from '../report/periods.js';
import type { BudgetPeriod } from './schema.js';

/** A calendar period in a zone: [startMs, endMs) and its label (YYYY-MM, YYYY-Www, YYYY-MM-DD). */
export interface PeriodWindow {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The period of `unit` containing `atMs` in `zone` (weeks start on Monday, labels are ISO weeks):
 * the report's period computation (report/periods.ts), so budgets and reports cut the same days.
 */
export function periodWindow(unit: BudgetPeriod, atMs: number, zone: string): PeriodWindow {
  const startMs = periodStartOf(atMs, unit, zone);
  return { label: periodLabel(startMs, unit, zone), startMs, endMs: nextPeriodStart(startMs, unit, zone) };
}

/** Day starts in `zone` from the day containing `fromMs` up to (excluding) `untilMs`. DST-safe. */
export function dayStarts(fromMs: number, untilMs: number, zone: string): number[] {
  const ctx = { in: tz(zone) };
  const out: number[] = [];
  for (let d = startOfDay(fromMs, ctx); d.getTime() < untilMs; d = addDays(d, 1, ctx)) out.push(d.getTime());
  return out;
}

export function dayStart(ms: number, zone: string): number {
  return startOfDay(ms, { in: tz(zone) }).getTime();
}

export function addDaysIn(ms: number, days: number, zone: string): number {
  return addDays(ms, days, { in: tz(zone) }).getTime();
}

/** 0 = Sunday … 6 = Saturday, in `zone`. */
export function weekdayOf(ms: number, zone: string): number {
  return new TZDate(ms, zone).getDay();
}

/** Throws unless `zone` is an IANA zone the runtime knows (the report's check). */
export function checkZone(zone: string, origin: string): string {
  return checkReportZone(zone, origin);
}

/**
 * The "as of" point of a check. A date (YYYY-MM-DD) means the END of that day in `zone`, and its
 * period is the one containing that day; an instant is taken as is.
 */
export interface AsOf {
  readonly ms: number;
  /** An instant inside the period to check (differs from `ms` when a date's end is a period end). */
  readonly anchorMs: number;
  readonly text: string;
}

export function resolveAsOf(
  value: string | undefined,
  zone: string,
  nowMs: number,
  origin = '--as-of',
): AsOf {
  if (value === undefined) return { ms: nowMs, anchorMs: nowMs, text: new Date(nowMs).toISOString() };
  const text = value.trim();
  const parsed = parseDateText(text);
  if (parsed && 'date' in parsed) {
    const start = zonedMidnight(...parsed.date, zone);
    return { ms: addDaysIn(start, 1, zone), anchorMs: start, text };
  }
  const ms = parseInstant(text, origin); // an instant, or the one "invalid date" error
  return { ms, anchorMs: ms, text: new Date(ms).toISOString() };
}
