import { usd } from '../json.js';
import { tokensCost, whatIfDelta } from './columns.js';
import type { SpendResult, SpendRow, UnpricedTally } from './types.js';

/** The `report --json` shape (DESIGN.md), with money as exact JSON numbers; fields are only ever added. */
export function reportJson(result: SpendResult) {
  const q = result.query;
  return {
    period_unit: q.periodUnit,
    tz: q.tz,
    since: new Date(result.sinceMs).toISOString(),
    until: new Date(result.untilMs).toISOString(),
    basis: result.basis,
    ...(result.basisDays ? { basis_days: result.basisDays } : {}),
    ...(result.notes?.length ? { notes: result.notes } : {}),
    group_by: q.groupBy,
    incomplete: result.incomplete,
    ...(result.total.whatIf
      ? { what_if: { model: q.asModel ?? null, tier: q.asTier ?? null, incomplete: result.whatIfIncomplete } }
      : {}),
    rows: result.rows.map((r) => rowJson(r, false)),
    total: rowJson(result.total, true),
  };
}

/** `unpriced_reasons` (added field): on the total always, on a row when it has any. */
function rowJson(r: SpendRow, isTotal: boolean) {
  return {
    period: r.period,
    period_start: new Date(r.periodStartMs).toISOString(),
    period_end: new Date(r.periodEndMs).toISOString(),
    ...r.keys,
    requests: r.requests,
    input_tokens: r.inputTokens,
    cached_input_tokens: r.cachedInputTokens,
    cache_write_tokens: r.cacheWriteTokens,
    output_tokens: r.outputTokens,
    reasoning_tokens: r.reasoningTokens,
    cost_usd: usd(tokensCost(r)),
    input_usd: usd(r.cost.input),
    cached_input_usd: usd(r.cost.cachedInput),
    cache_write_usd: usd(r.cost.cacheWrite),
    output_usd: usd(r.cost.output),
    media_usd: usd(r.cost.media),
    tools_usd: usd(r.cost.tools),
    reported_usd: usd(r.cost.reported),
    fees_usd: usd(r.cost.fees),
    total_usd: usd(r.cost.total),
    cost_source: r.costSource,
    unpriced_requests: r.unpricedRequests,
    ...(isTotal || r.unpricedWhy.length > 0 ? { unpriced_reasons: r.unpricedWhy.map(reasonJson) } : {}),
    ...(r.whatIf
      ? {
          what_if: {
            cost_usd: usd(r.whatIf.cost.total - r.whatIf.cost.fees),
            fees_usd: usd(r.whatIf.cost.fees),
            total_usd: usd(r.whatIf.cost.total),
            delta_usd: usd(whatIfDelta(r)),
            unpriced_requests: r.whatIf.unpricedRequests,
          },
        }
      : {}),
  };
}

function reasonJson(t: UnpricedTally) {
  return {
    kind: t.kind,
    ...(t.usageClass ? { class: t.usageClass } : {}),
    reason: t.reason,
    requests: t.requests,
  };
}
