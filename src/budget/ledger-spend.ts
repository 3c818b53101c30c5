import type { Money } from '../money.js';
import type { PriceBook } from '../pricing/price-book.js';
import { aggregateSpend } from '../report/aggregate.js';
import type { Ledger } from '../store/ledger.js';
import type { DaySpend, SpendSource } from './check.js';

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
      days.set(row.periodStartMs, { amount, unpricedRequests: row.unpricedRequests });
    }
    return days;
  };
}
