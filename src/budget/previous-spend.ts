import { addMoney, type Money, ZERO } from '../money.js';
import type { BudgetResult, SpendSource } from './check.js';
import type { AsOf } from './period.js';
import { periodWindow } from './period.js';

/**
 * Each budget's spend over the same stretch of its previous period ("this month so far" against
 * last month up to the same elapsed time), keyed by budget name: the PR comment's change figure.
 */
export async function previousPeriodSpend(
  results: readonly BudgetResult[],
  asOf: AsOf,
  zone: string,
  spend: SpendSource,
): Promise<Map<string, Money>> {
  const out = new Map<string, Money>();
  for (const r of results) {
    const previous = periodWindow(r.budget.period, r.period.startMs - 1, zone);
    const elapsed = Math.min(asOf.ms, r.period.endMs) - r.period.startMs;
    const untilMs = Math.min(previous.startMs + elapsed, previous.endMs);
    const days = await spend({
      sinceMs: previous.startMs,
      untilMs,
      zone,
      filters: r.budget.scope,
      includeFees: r.budget.includeFees,
    });
    let total = ZERO;
    for (const d of days.values()) total = addMoney(total, d.amount);
    out.set(r.budget.name, total);
  }
  return out;
}
