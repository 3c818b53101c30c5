import { addMoney, type Money, ZERO } from '../money.js';
import type { Budget } from './budget.js';
import { type Evaluation, evaluateBudget } from './evaluate.js';
import { type Forecast, forecastSpend } from './forecast.js';
import { type AsOf, addDaysIn, dayStart, type PeriodWindow, periodWindow } from './period.js';
import { type PlannedRun, plannedCostIn } from './planned-run.js';
import type { ScopeKey } from './schema.js';
import { addTallies } from '../report/rows.js';
import type { UnpricedTally } from '../report/types.js';

/** One day of spend in a budget's scope. */
export interface DaySpend {
  readonly amount: Money;
  readonly unpricedRequests: number;
  /** Why (the report's reason tallies); may list usage of no requests. */
  readonly unpricedWhy?: readonly UnpricedTally[];
}

export interface SpendQueryForBudget {
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly zone: string;
  readonly filters: Partial<Record<ScopeKey, string[]>>;
  readonly includeFees: boolean;
}

/** Daily spend in [sinceMs, untilMs), keyed by day start in the zone; days without usage are absent. */
export type SpendSource = (
  query: SpendQueryForBudget,
) => ReadonlyMap<number, DaySpend> | Promise<ReadonlyMap<number, DaySpend>>;

export interface BudgetResult {
  readonly budget: Budget;
  readonly period: PeriodWindow;
  /** Actual spend in the period up to as-of (plus the planned run, when given). */
  readonly spent: Money;
  /** The planned run's cost added to spent and forecast (`--plus`), zero otherwise. */
  readonly planned: Money;
  /** Expected spend at the period end: spent + projection. */
  readonly forecast: Money;
  readonly projection: Forecast;
  readonly evaluation: Evaluation;
  /** Requests in the period up to as-of the price book could not price (spend is then a lower bound). */
  readonly unpricedRequests: number;
  /** Why, per reason; not empty whenever something in the period up to as-of is unpriced. */
  readonly unpricedWhy: readonly UnpricedTally[];
  /** The end of what `spent` and the unpriced counts cover: as-of, or the period end if earlier. */
  readonly spentUntilMs: number;
}

export interface CheckOptions {
  readonly budgets: readonly Budget[];
  readonly asOf: AsOf;
  readonly zone: string;
  readonly spend: SpendSource;
  readonly plus?: PlannedRun;
}

const LOOKBACK_DAYS = 28;

/** Evaluates every budget for the period containing as-of. Pure apart from `spend`. */
export async function checkBudgets(options: CheckOptions): Promise<BudgetResult[]> {
  const { asOf, zone } = options;
  const results: BudgetResult[] = [];
  for (const budget of options.budgets) {
    const period = periodWindow(budget.period, asOf.anchorMs, zone);
    const untilMs = Math.min(asOf.ms, period.endMs);
    const sinceMs = Math.min(period.startMs, addDaysIn(dayStart(untilMs, zone), -LOOKBACK_DAYS, zone));
    const days = await options.spend({
      sinceMs,
      untilMs,
      zone,
      filters: budget.scope,
      includeFees: budget.includeFees,
    });
    let actual = 0n;
    let unpricedRequests = 0;
    let unpricedWhy: UnpricedTally[] = [];
    let firstDayMs: number | undefined;
    const daily = new Map<number, Money>();
    for (const [day, s] of days) {
      daily.set(day, s.amount);
      if (firstDayMs === undefined || day < firstDayMs) firstDayMs = day;
      if (day >= period.startMs) {
        actual += s.amount;
        unpricedRequests += s.unpricedRequests;
        if (s.unpricedWhy?.length) unpricedWhy = addTallies(unpricedWhy, s.unpricedWhy);
      }
    }
    const projection = forecastSpend({ daily, firstDayMs, asOfMs: untilMs, periodEndMs: period.endMs, zone });
    const planned = options.plus ? plannedCostIn(options.plus, budget.scope) : ZERO;
    const spent = addMoney(actual as Money, planned);
    const forecast = addMoney(spent, projection.projection);
    const evaluation = evaluateBudget(budget.limit, budget.thresholds, spent, forecast);
    results.push({
      budget,
      period,
      spent,
      planned,
      forecast,
      projection,
      evaluation,
      unpricedRequests,
      unpricedWhy,
      spentUntilMs: untilMs,
    });
  }
  return results;
}
