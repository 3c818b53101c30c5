import { addMoney, type Money, money } from '../money.js';
import type { SpendResult, SpendRow } from './types.js';
import { describeUnpriced } from './unpriced-summary.js';

/** One report column: its stable id (CSV/JSON name), a short table header, and how to read a row. */
export interface ReportColumn {
  id: string;
  header: string;
  kind: 'text' | 'count' | 'usd';
  value(row: SpendRow): string | number | Money;
}

const usdCol = (id: string, header: string, pick: (r: SpendRow) => Money): ReportColumn => ({
  id,
  header,
  kind: 'usd',
  value: pick,
});
const countCol = (id: string, header: string, pick: (r: SpendRow) => number): ReportColumn => ({
  id,
  header,
  kind: 'count',
  value: pick,
});

/** Usage cost without fees (token lines, media tokens, tool fees, reported costs). */
export function tokensCost(r: SpendRow): Money {
  const c = r.cost;
  return addMoney(c.input, c.cachedInput, c.cacheWrite, c.output, c.media, c.tools, c.reported);
}

/** What-if minus actual, over the usage both could price (negative: the what-if saves). */
export function whatIfDelta(r: SpendRow): Money {
  return r.whatIf?.delta ?? money(0n);
}

/**
 * The report's columns in a stable order: period, one per group-by key, token counts, cost lines,
 * then the what-if columns when a what-if was asked. `compact` (tables) drops columns that are
 * empty for the whole result (reported costs, cost source).
 */
export function reportColumns(result: SpendResult, compact = false): ReportColumn[] {
  const cols: ReportColumn[] = [{ id: 'period', header: 'period', kind: 'text', value: (r) => r.period }];
  for (const d of result.query.groupBy)
    cols.push({ id: d, header: d, kind: 'text', value: (r) => r.keys[d] ?? '' });
  cols.push(
    countCol('requests', 'requests', (r) => r.requests),
    countCol('input_tokens', 'input', (r) => r.inputTokens),
    countCol('cached_input_tokens', 'cached', (r) => r.cachedInputTokens),
    countCol('cache_write_tokens', 'cache wr', (r) => r.cacheWriteTokens),
    countCol('output_tokens', 'output', (r) => r.outputTokens),
    countCol('reasoning_tokens', 'reasoning', (r) => r.reasoningTokens),
    usdCol('input_usd', '$ input', (r) => r.cost.input),
    usdCol('cached_input_usd', '$ cached', (r) => r.cost.cachedInput),
    usdCol('cache_write_usd', '$ cache wr', (r) => r.cost.cacheWrite),
    usdCol('output_usd', '$ output', (r) => r.cost.output),
  );
  // Audio/image tokens and tool fees: always in CSV and JSON, in tables only when there are any.
  if (!compact || result.total.cost.media !== 0n)
    cols.push(usdCol('media_usd', '$ media', (r) => r.cost.media));
  if (!compact || result.total.cost.tools !== 0n)
    cols.push(usdCol('tools_usd', '$ tools', (r) => r.cost.tools));
  if (!compact || result.total.cost.reported !== 0n)
    cols.push(usdCol('reported_usd', '$ reported', (r) => r.cost.reported));
  cols.push(
    usdCol('fees_usd', '$ fees', (r) => r.cost.fees),
    usdCol('total_usd', '$ total', (r) => r.cost.total),
  );
  if (!compact) cols.push({ id: 'cost_source', header: 'source', kind: 'text', value: (r) => r.costSource });
  cols.push(countCol('unpriced_requests', 'unpriced', (r) => r.unpricedRequests));
  if (result.total.whatIf) {
    cols.push(
      usdCol('what_if_total_usd', '$ what-if', (r) => r.whatIf?.cost.total ?? money(0n)),
      usdCol('what_if_delta_usd', '$ Δ what-if', whatIfDelta),
      countCol('what_if_unpriced_requests', 'what-if unpriced', (r) => r.whatIf?.unpricedRequests ?? 0),
    );
  }
  return cols;
}

/** "month · zone Europe/Berlin · 2026-10-01 → 2026-10-31 · per-request usage" (the heading of every format). */
export function describeResult(result: SpendResult, localDate: (ms: number) => string): string {
  const q = result.query;
  const unit = q.periodUnit === 'total' ? 'whole range' : `by ${q.periodUnit}`;
  const range =
    result.rows.length === 0 ? 'no usage' : `${localDate(result.sinceMs)} → ${localDate(result.untilMs - 1)}`;
  const days = result.basisDays;
  const basis =
    result.basis === 'requests'
      ? 'per-request logs'
      : result.basis === 'aggregates'
        ? 'provider aggregates'
        : `per-request logs (${days?.requests} UTC days) + provider aggregates (${days?.aggregates} days without logs)`;
  const whatIf =
    q.asModel || q.asTier ? ` · what-if: ${[q.asModel, q.asTier].filter(Boolean).join(' ')}` : '';
  return `Spend ${unit} · zone ${q.tz} · ${range} · ${basis}${whatIf}`;
}

export function incompleteNote(result: SpendResult): string[] {
  const notes: string[] = (result.notes ?? []).map((n) => `* ${n}`);
  if (result.incomplete) {
    notes.push(
      `* incomplete: ${describeUnpriced(result.total.unpricedRequests, result.total.unpricedWhy)}; totals are a lower bound. --strict exits 2.`,
    );
  }
  if (result.whatIfIncomplete) {
    notes.push(
      `* what-if incomplete: ${result.total.whatIf?.unpricedRequests} request(s) are not offered by the what-if target.`,
    );
  }
  return notes;
}
