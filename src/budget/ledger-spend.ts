import type { Money } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { aggregateSpend } from '../report/aggregate.js';
import type { Ledger } from '../store/ledger.js';
import type { DaySpend, SpendSource } from './check.js';
import type { SeenValues } from './scope-check.js';

/**
 * Daily spend from the ledger through the report's `aggregateSpend` (rollup, effective-dated
 * prices, reported costs, fees). Without `includeFees`, gateway fees are left out of the amount.
 */
export function ledgerSpendSource(ledger: Ledger, book: PriceBook): SpendSource {
  return (q) => {
    const result = aggregateSpend(ledger, book, {
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
      days.set(row.periodStartMs, { amount, unpricedRequests: row.unpricedRequests });
    }
    return days;
  };
}

/** Every value the ledger holds for a scope key, over all time (one grouped report query per key). */
export function ledgerSeenValues(ledger: Ledger, book: PriceBook): SeenValues {
  return (key) => {
    const result = aggregateSpend(ledger, book, {
      periodUnit: 'total',
      tz: 'UTC',
      groupBy: [key],
      filters: {},
      basis: 'auto',
    });
    return new Set(
      result.rows.map((r) => r.keys[key]).filter((v): v is string => typeof v === 'string' && v !== ''),
    );
  };
}
