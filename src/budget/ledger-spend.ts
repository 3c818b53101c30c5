import type { Money } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { aggregateSpend } from '../report/aggregate.js';
import type { Ledger } from '../store/ledger.js';
import type { DaySpend, SpendSource } from './check.js';
import type { Budget } from './budget.js';
import type { ScopeKey } from './schema.js';
import type { SeenValues } from './scope-check.js';

/**
 * Daily spend from the ledger through the report's `aggregateSpend` (rollup, effective-dated
 * prices, reported costs, fees). Without `includeFees`, gateway fees are left out of the amount.
 */
export function ledgerSpendSource(ledger: Ledger, book: PriceBook): SpendSource {
  return async (q) => {
    const result = await aggregateSpend(ledger, book, {
      periodUnit: 'day',
      tz: q.zone,
      sinceMs: q.sinceMs,
      untilMs: q.untilMs,
      groupBy: [],
      filters: q.filters,
      basis: 'auto',
    });
    const days = new Map<number, DaySpend>();
    for (const row of result.rows) {
      const amount = (q.includeFees ? row.cost.total : row.cost.total - row.cost.fees) as Money;
      days.set(row.periodStartMs, {
        amount,
        unpricedRequests: row.unpricedRequests,
        unpricedWhy: row.unpricedWhy,
      });
    }
    return days;
  };
}

/**
 * The values the ledger has ever recorded for each scope key the budgets use (one grouped report
 * query per key, over all time), for `unmatchedScopes`.
 */
export async function ledgerSeenValues(
  ledger: Ledger,
  book: PriceBook,
  budgets: readonly Budget[],
): Promise<SeenValues> {
  const keys = new Set(budgets.flatMap((b) => Object.keys(b.scope) as ScopeKey[]));
  const seen = new Map<ScopeKey, ReadonlySet<string>>();
  for (const key of keys) {
    if (key === 'tier' || key === 'effort') continue;
    const result = await aggregateSpend(ledger, book, {
      periodUnit: 'total',
      tz: 'UTC',
      groupBy: [key],
      filters: {},
      basis: 'auto',
    });
    const values = result.rows.map((r) => r.keys[key]);
    seen.set(key, new Set(values.filter((v): v is string => typeof v === 'string' && v !== '')));
  }
  return (key) => seen.get(key) ?? new Set();
}
