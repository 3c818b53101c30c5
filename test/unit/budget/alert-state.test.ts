import { describe, expect, it } from 'vitest';
import { pendingAnnouncements, recordAnnouncements } from '../../../src/budget/alert-state.js';
import { parseBudgets } from '../../../src/budget/budget.js';
import { checkBudgets, type DaySpend, type SpendSource } from '../../../src/budget/check.js';
import { resolveAsOf } from '../../../src/budget/period.js';
import { parseUsd } from '../../../src/money.js';
import { openLedger } from '../../../src/store/open-ledger.js';

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
  it('announces each threshold once per budget and period', async () => {
    const ledger = await openLedger(':memory:');
    const keys = async (date: string, perDay: string, notifyAlways = false) => {
      const a = await pendingAnnouncements(ledger, await run(date, perDay), { notifyAlways });
      expect(await recordAnnouncements(ledger, a, 0)).toBe(true);
      return a.flatMap((x) => x.keys);
    };
    // Aug 15 at $40/day: $600 spent (50% reached), forecast $1,240 (over).
    expect(await keys('2026-08-15', '40')).toEqual(['0.5', 'forecast']);
    // An hour later nothing new is announced.
    expect(await keys('2026-08-15', '40')).toEqual([]);
    // Aug 21: $840 → 80% is new; 50% and the forecast were announced already.
    expect(await keys('2026-08-21', '40')).toEqual(['0.8']);
    // --notify-always repeats everything that is raised.
    expect(await keys('2026-08-21', '40', true)).toEqual(['0.5', '0.8', 'forecast']);
    // A new period starts quiet and announces again.
    expect(await keys('2026-09-15', '40')).toEqual(['0.5', 'forecast']);
    expect(await ledger.alertKeys('org', '2026-08')).toEqual(['0.5', '0.8', 'forecast']);
    expect(await ledger.alertKeys('org', '2026-09')).toEqual(['0.5', 'forecast']);
    await ledger.close();
  });

  it('does not record anything until told to (a failed webhook retries next time)', async () => {
    const ledger = await openLedger(':memory:');
    expect((await pendingAnnouncements(ledger, await run('2026-08-15', '40'))).length).toBe(1);
    expect((await pendingAnnouncements(ledger, await run('2026-08-15', '40'))).length).toBe(1);
    await ledger.close();
  });
});
