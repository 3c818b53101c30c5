import { type Money, money, ZERO } from '../money.js';
import type { SpendResult, SpendRow } from './types.js';

export interface Mover {
  /** The group's values joined with " · " ("gpt-5.5 · search"). */
  label: string;
  current: Money;
  previous: Money;
  delta: Money;
}

export interface PeriodChange {
  /** The latest period in the report and its spend. */
  period: string;
  total: Money;
  /** The period before it, when the report has one. */
  previous?: { period: string; total: Money };
  /** Groups whose spend changed most between the two, largest change first. */
  movers: Mover[];
}

/**
 * The headline of a report as a person reads a bill: the latest period's spend, the change from
 * the period before it, and the groups that moved most. A report over one period (or `--total`)
 * has no previous period to compare with.
 */
export function periodChange(result: SpendResult, maxMovers = 5): PeriodChange | undefined {
  const starts = [...new Set(result.rows.map((r) => r.periodStartMs))].sort((a, b) => a - b);
  const last = starts.at(-1);
  if (last === undefined) return undefined;
  const before = starts.at(-2);
  const rowsAt = (start: number) => result.rows.filter((r) => r.periodStartMs === start);
  const sum = (rows: SpendRow[]) => money(rows.reduce((s, r) => s + r.cost.total, 0n));
  const current = rowsAt(last);
  const change: PeriodChange = { period: current[0]!.period, total: sum(current), movers: [] };
  if (before === undefined) return change;
  const previous = rowsAt(before);
  change.previous = { period: previous[0]!.period, total: sum(previous) };
  if (result.query.groupBy.length === 0) return change;
  const byLabel = new Map<string, Mover>();
  const entry = (r: SpendRow) => {
    const label = result.query.groupBy.map((d) => r.keys[d] ?? '').join(' · ');
    let m = byLabel.get(label);
    if (!m) {
      m = { label, current: ZERO, previous: ZERO, delta: ZERO };
      byLabel.set(label, m);
    }
    return m;
  };
  for (const r of current) entry(r).current = money(entry(r).current + r.cost.total);
  for (const r of previous) entry(r).previous = money(entry(r).previous + r.cost.total);
  const abs = (m: Mover) => (m.delta < 0n ? -m.delta : m.delta);
  change.movers = [...byLabel.values()]
    .map((m) => ({ ...m, delta: money(m.current - m.previous) }))
    .filter((m) => m.delta !== 0n)
    .sort((a, b) => (abs(a) === abs(b) ? (a.label < b.label ? -1 : 1) : abs(a) > abs(b) ? -1 : 1))
    .slice(0, maxMovers);
  return change;
}

/** "+12.5%" / "−3.0%" / "new" (nothing before) / "0.0%"; one decimal, rounded half away from zero. */
export function percentChange(current: Money, previous: Money): string {
  if (previous === 0n) return current === 0n ? '0.0%' : 'new';
  const delta = current - previous;
  const base = previous < 0n ? -previous : previous;
  const tenths = (delta * 1000n + (delta < 0n ? -base / 2n : base / 2n)) / base;
  const abs = tenths < 0n ? -tenths : tenths;
  const text = `${abs / 10n}.${abs % 10n}%`;
  return tenths > 0n ? `+${text}` : tenths < 0n ? `−${text}` : text;
}
