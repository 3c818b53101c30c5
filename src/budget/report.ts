import { usd } from '../json.js';
import type { Money } from '../money.js';
import type { Announcement } from './alert-state.js';
import type { BudgetResult } from './check.js';
import { type FailOn, fails } from './evaluate.js';
import type { AsOf } from './period.js';

/** Everything a renderer needs about one `budget check` run. */
export interface CheckReport {
  readonly asOf: AsOf;
  readonly zone: string;
  readonly failOn: FailOn;
  readonly results: readonly BudgetResult[];
  /** Alerts announced for the first time in this run (all raised ones with --notify-always). */
  readonly announcements: readonly Announcement[];
  /** The planned run added with --plus. */
  readonly plus?: { readonly source: string; readonly figure?: string; readonly total: Money };
  /** Spend over the same stretch of each budget's previous period, by name (the PR comment's change). */
  readonly previous?: ReadonlyMap<string, Money>;
}

/** Exit code of a check: 3 when any budget fails under `failOn`, else 0. */
export function checkExitCode(report: Pick<CheckReport, 'results' | 'failOn'>): 0 | 3 {
  return report.results.some((r) => fails(r.evaluation, report.failOn)) ? 3 : 0;
}

export function newKeysOf(report: CheckReport, result: BudgetResult): readonly string[] {
  return report.announcements.find((a) => a.result === result)?.keys ?? [];
}

/** The `budget check --json` shape (DESIGN.md), with extra fields. */
export function budgetCheckJson(report: CheckReport) {
  return {
    as_of: report.asOf.text,
    as_of_instant: new Date(report.asOf.ms).toISOString(),
    tz: report.zone,
    fail_on: report.failOn,
    exit_code: checkExitCode(report),
    ...(report.plus
      ? {
          plus: {
            source: report.plus.source,
            figure: report.plus.figure ?? null,
            total_usd: usd(report.plus.total),
          },
        }
      : {}),
    budgets: report.results.map((r) => ({
      name: r.budget.name,
      period: r.budget.period,
      period_label: r.period.label,
      period_start: new Date(r.period.startMs).toISOString(),
      period_end: new Date(r.period.endMs).toISOString(),
      limit_usd: usd(r.budget.limit),
      spent_usd: usd(r.spent),
      forecast_usd: usd(r.forecast),
      status: r.evaluation.status,
      crossed: r.evaluation.crossed.map((t) => Number(t.text)),
      forecast_over: r.evaluation.forecastOver,
      forecast_method: r.projection.method,
      forecast_basis_days: r.projection.basisDays,
      daily_rate_usd: usd(r.projection.dailyRate),
      planned_usd: usd(r.planned),
      new_alerts: newKeysOf(report, r),
      fails: fails(r.evaluation, report.failOn),
      scope: r.budget.scope,
      include_fees: r.budget.includeFees,
      unpriced_requests: r.unpricedRequests,
      unpriced_reasons: r.unpricedWhy.map((t) => ({ kind: t.kind, reason: t.reason, requests: t.requests })),
      spent_until: new Date(r.spentUntilMs).toISOString(),
      incomplete: r.unpricedRequests > 0 || r.unpricedWhy.length > 0,
    })),
  };
}
