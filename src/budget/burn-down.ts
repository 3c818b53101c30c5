import { addMoney, type Money, money } from '../money.js';
import type { BurnDown } from '../report/html/chart-specs.js';
import type { Budget } from './budget.js';
import { checkBudgets, type SpendSource } from './check.js';
import type { AsOf } from './period.js';

/**
 * Each budget's period as of `asOf`: cumulative spend per day from the period start, with the
 * limit, the status and the forecast `budget check` would give (same spend source, same forecast).
 */
export async function budgetBurnDowns(
  budgets: readonly Budget[],
  asOf: AsOf,
  zone: string,
  spend: SpendSource,
): Promise<BurnDown[]> {
  const results = await checkBudgets({ budgets, asOf, zone, spend });
  const out: BurnDown[] = [];
  for (const r of results) {
    const untilMs = Math.min(asOf.ms, r.period.endMs);
    const days = await spend({
      sinceMs: r.period.startMs,
      untilMs,
      zone,
      filters: r.budget.scope,
      includeFees: r.budget.includeFees,
    });
    let cumulative = money(0n);
    const points: BurnDown['days'] = [];
    for (const [dayMs, s] of [...days.entries()].sort(([a], [b]) => a - b)) {
      cumulative = addMoney(cumulative, s.amount as Money);
      points.push({ dayMs, cumulative });
    }
    out.push({
      name: r.budget.name,
      period: r.period.label,
      limit: r.budget.limit,
      spent: r.spent,
      forecast: r.forecast,
      status: r.evaluation.status,
      days: points,
      asOfMs: untilMs,
      periodEndMs: r.period.endMs,
    });
  }
  return out;
}
