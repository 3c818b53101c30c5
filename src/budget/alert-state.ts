import type { Ledger } from '../store/ledger.js';
import type { BudgetResult } from './check.js';

/** The alert key for "the forecast is over the limit", next to threshold keys such as "0.8". */
export const FORECAST_KEY = 'forecast';

/** A budget's alerts that have not been announced yet in its period. */
export interface Announcement {
  readonly result: BudgetResult;
  /** Threshold texts ("0.5", "0.8") and possibly "forecast", in ascending order. */
  readonly keys: readonly string[];
}

/** Alert keys a result raises now: every crossed threshold, and "forecast" when it is over. */
export function alertKeys(result: BudgetResult): string[] {
  const keys = result.evaluation.crossed.map((t) => t.text);
  if (result.evaluation.forecastOver) keys.push(FORECAST_KEY);
  return keys;
}

/**
 * Alerts not yet announced for each budget's period (all raised alerts with `notifyAlways`).
 * Reads the ledger's alert state; writes nothing.
 */
export async function pendingAnnouncements(
  ledger: Ledger,
  results: readonly BudgetResult[],
  options: { notifyAlways?: boolean } = {},
): Promise<Announcement[]> {
  const out: Announcement[] = [];
  for (const result of results) {
    const raised = alertKeys(result);
    if (raised.length === 0) continue;
    const seen = options.notifyAlways
      ? new Set<string>()
      : new Set(await ledger.alertKeys(result.budget.name, result.period.label));
    const keys = raised.filter((k) => !seen.has(k));
    if (keys.length > 0) out.push({ result, keys });
  }
  return out;
}

/**
 * Marks announcements as made, so later checks in the same period stay quiet. Idempotent. Returns
 * false when the ledger cannot be written (a read-only file): the caller warns, nothing crashes.
 */
export async function recordAnnouncements(
  ledger: Ledger,
  announcements: readonly Announcement[],
  atMs: number,
): Promise<boolean> {
  const alerts = announcements.flatMap((a) =>
    a.keys.map((key) => ({ budget: a.result.budget.name, period: a.result.period.label, key, atMs })),
  );
  if (alerts.length === 0) return true;
  return ledger.recordAlerts(alerts);
}
