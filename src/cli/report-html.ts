import { parseBudgets } from '../budget/budget.js';
import { budgetBurnDowns } from '../budget/burn-down.js';
import { ledgerSpendSource } from '../budget/ledger-spend.js';
import type { PriceBook } from '../pricing/price-book.js';
import { aggregateSpend } from '../report/aggregate.js';
import type { HtmlReport } from '../report/html/render-html.js';
import { localDate, periodStarts, shiftPeriod } from '../report/periods.js';
import { shapeRows } from '../report/shape-rows.js';
import type { SpendQuery, SpendResult } from '../report/types.js';
import type { Ledger } from '../store/ledger.js';

const MAX_SERIES = 8;

/**
 * The extra report queries behind the HTML page: the same range and filters by day × model, by the
 * first group-by (else project), the range of the same length just before it, and each configured
 * budget's burn-down as of the range end (or now, when that is earlier).
 */
export async function gatherHtmlReport(
  ledger: Ledger,
  book: PriceBook,
  result: SpendResult,
  budgetsRaw: unknown,
  configPath: string | undefined,
): Promise<HtmlReport> {
  const q = result.query;
  const range = { sinceMs: result.sinceMs, untilMs: result.untilMs };
  const base: SpendQuery = { ...q, ...range };
  delete base.asModel;
  delete base.asTier;
  const daily = shapeRows(
    await aggregateSpend(ledger, book, { ...base, periodUnit: 'day', groupBy: ['model'] }),
    {
      top: MAX_SERIES,
    },
  );
  const dimension = q.groupBy[0] ?? 'project';
  const byGroup = shapeRows(
    await aggregateSpend(ledger, book, { ...base, periodUnit: 'total', groupBy: [dimension] }),
    {
      top: 20,
      sort: 'total',
    },
  );
  const previous = previousRange(result);
  const before =
    previous &&
    (await aggregateSpend(ledger, book, { ...base, ...previous, periodUnit: 'total', groupBy: [] }));
  const budgets = parseBudgets(budgetsRaw, configPath ?? 'config');
  const asOfMs = Math.min(Date.now(), result.untilMs);
  const burnDowns =
    budgets.length === 0
      ? []
      : await budgetBurnDowns(
          budgets,
          { ms: asOfMs, anchorMs: asOfMs - 1, text: localDate(asOfMs - 1, q.tz) },
          q.tz,
          ledgerSpendSource(ledger, book),
        );
  return {
    result,
    daily,
    byGroup: { dimension, result: byGroup },
    ...(before && before.rows.length > 0 ? { previous: before } : {}),
    burnDowns,
  };
}

/** As many whole periods before the range as it holds (or the same length, for --total). */
function previousRange(result: SpendResult): { sinceMs: number; untilMs: number } | undefined {
  if (result.rows.length === 0) return undefined;
  const q = result.query;
  if (q.periodUnit === 'total') {
    const length = result.untilMs - result.sinceMs;
    return { sinceMs: result.sinceMs - length, untilMs: result.sinceMs };
  }
  const n = periodStarts(result.sinceMs, result.untilMs, q.periodUnit, q.tz, q.weekStartsOn ?? 1).length;
  return { sinceMs: shiftPeriod(result.sinceMs, -n, q.periodUnit, q.tz), untilMs: result.sinceMs };
}
