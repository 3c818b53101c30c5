import { describe, expect, it } from 'vitest';
import { pendingAnnouncements, recordAnnouncements } from '../../../src/budget/alert-state.js';
import { parseBudgets } from '../../../src/budget/budget.js';
import { checkBudgets, type DaySpend, type SpendSource } from '../../../src/budget/check.js';
import { resolveAsOf } from '../../../src/budget/period.js';
import { parseUsd } from '../../../src/money.js';
import { openSqliteFile } from '../../../src/store/sqlite-file.js';

const usd = (v: string) => parseUsd(v)!;
const flat =
  (amount: string): SpendSource =>
  (q) => {
    const m = new Map<number, DaySpend>();
    for (let d = q.sinceMs; d < q.untilMs; d += 86_400_000)
      m.set(d, { amount: usd(amount), unpricedRequests: 0 });
    return m;
  };

const budgets = parseBudgets([{ name: 'org', period: 'month', limit_usd: 1000 }]);
const run = (date: string, perDay: string) =>
  checkBudgets({ budgets, asOf: resolveAsOf(date, 'UTC', 0), zone: 'UTC', spend: flat(perDay) });

describe('alert state', () => {
  it('announces each threshold once per budget and period', () => {
    const ledger = openSqliteFile(':memory:');
    const keys = (date: string, perDay: string, notifyAlways = false) => {
      const a = pendingAnnouncements(ledger.db, run(date, perDay), { notifyAlways });
      recordAnnouncements(ledger.db, a, 0);
      return a.flatMap((x) => x.keys);
    };
    // Aug 15 at $40/day: $600 spent (50% reached), forecast $1,240 (over).
    expect(keys('2026-08-15', '40')).toEqual(['0.5', 'forecast']);
    // An hour later nothing new is announced.
    expect(keys('2026-08-15', '40')).toEqual([]);
    // Aug 21: $840 → 80% is new; 50% and the forecast were announced already.
    expect(keys('2026-08-21', '40')).toEqual(['0.8']);
    // --notify-always repeats everything that is raised.
    expect(keys('2026-08-21', '40', true)).toEqual(['0.5', '0.8', 'forecast']);
    // A new period starts quiet and announces again.
    expect(keys('2026-09-15', '40')).toEqual(['0.5', 'forecast']);
    const rows = ledger.db
      .prepare('SELECT budget, period, threshold FROM alert_state ORDER BY period, threshold')
      .all();
    expect(rows).toEqual([
      { budget: 'org', period: '2026-08', threshold: '0.5' },
      { budget: 'org', period: '2026-08', threshold: '0.8' },
      { budget: 'org', period: '2026-08', threshold: 'forecast' },
      { budget: 'org', period: '2026-09', threshold: '0.5' },
      { budget: 'org', period: '2026-09', threshold: 'forecast' },
    ]);
    ledger.close();
  });

  it('does not record anything until told to (a failed webhook retries next time)', () => {
    const ledger = openSqliteFile(':memory:');
    expect(pendingAnnouncements(ledger.db, run('2026-08-15', '40')).length).toBe(1);
    expect(pendingAnnouncements(ledger.db, run('2026-08-15', '40')).length).toBe(1);
    ledger.close();
  });
});
