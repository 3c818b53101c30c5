import { usd } from '../json.js';
import { displayUsd } from '../money.js';
import { formatCount, formatTable } from '../render/table.js';
import type { BatchLineRow } from './batch.js';
import { inputDetailJson, isUncertain } from './explain.js';
import type { EstimateRow, sumRows } from './estimate.js';

type Total = ReturnType<typeof sumRows>;

/**
 * One row in the DESIGN.md `estimate` JSON shape (plus sources, notes and offered). Added fields:
 * `priced: false` for a model the book lacks; the input breakdown with --explain; and the input
 * range and uncertain parts whenever the count is not exact.
 */
export function estimateRowJson(r: EstimateRow | BatchLineRow, explain = false) {
  const detail = r.input && (explain || isUncertain(r.input)) ? inputDetailJson(r.input) : undefined;
  return {
    ...('line' in r ? { line: r.line, custom_id: r.customId } : {}),
    model: r.model,
    tier: r.tier,
    effort: r.effort,
    requests: r.requests,
    input_tokens: r.inputTokens,
    output_tokens: r.output,
    reasoning_tokens: r.reasoning,
    cost_usd: r.cost ? { p50: usd(r.cost.p50), p90: usd(r.cost.p90), max: usd(r.cost.max) } : null,
    long_context: r.longContext,
    context_window: r.contextWindow,
    fits: r.fits,
    offered: r.offered,
    sources: r.sources,
    ...(r.priceEffectiveFrom ? { price_effective_from: r.priceEffectiveFrom } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(r.priced ? {} : { priced: false }),
    ...(detail && explain ? { input_breakdown: detail.input_breakdown } : {}),
    ...(detail ? { input_range: detail.input_range, input_uncertain: detail.input_uncertain } : {}),
  };
}

export function totalJson(t: Total) {
  return {
    requests: t.requests,
    input_tokens: t.inputTokens,
    output_tokens: t.output,
    reasoning_tokens: t.reasoning,
    cost_usd: { p50: usd(t.cost!.p50), p90: usd(t.cost!.p90), max: usd(t.cost!.max) },
    long_context: t.longContext,
    fits: t.fits,
  };
}

const range = (r: { p50: number; p90: number; max: number }) =>
  `${formatCount(r.p50)} / ${formatCount(r.p90)} / ${formatCount(r.max)}`;

/** The readable table: one line per row, costs as p50 / p90 / max. */
export function renderEstimateTable(
  rows: readonly (EstimateRow | BatchLineRow)[],
  total?: Total,
  shownLimit = 50,
): string {
  const batch = rows.length > 0 && 'line' in rows[0]!;
  const shown = rows.slice(0, shownLimit);
  const cells = shown.map((r) => [
    ...(batch ? [(r as BatchLineRow).customId ?? `line ${(r as BatchLineRow).line}`] : []),
    r.model,
    r.tier,
    r.effort ?? '–',
    formatCount(r.inputTokens),
    range(r.output),
    range(r.reasoning),
    r.cost ? displayUsd(r.cost.p50) : r.priced ? 'not offered' : 'unpriced',
    r.cost ? displayUsd(r.cost.p90) : '',
    r.cost ? displayUsd(r.cost.max) : '',
    [r.longContext ? 'LONG CONTEXT' : '', r.fits ? '' : 'DOES NOT FIT'].filter(Boolean).join(' '),
  ]);
  const columns = [
    ...(batch ? [{ header: 'request' }] : []),
    { header: 'model' },
    { header: 'tier' },
    { header: 'effort' },
    { header: 'input', align: 'right' as const },
    { header: 'output p50/p90/max', align: 'right' as const },
    { header: 'reasoning p50/p90/max', align: 'right' as const },
    { header: 'cost p50', align: 'right' as const },
    { header: 'p90', align: 'right' as const },
    { header: 'max', align: 'right' as const },
    { header: '' },
  ];
  const footer = total
    ? [
        batch ? `total (${formatCount(total.requests)} requests)` : 'total',
        ...(batch ? ['', '', ''] : ['', '']),
        formatCount(total.inputTokens),
        range(total.output),
        range(total.reasoning),
        displayUsd(total.cost!.p50),
        displayUsd(total.cost!.p90),
        displayUsd(total.cost!.max),
        '',
      ]
    : undefined;
  let text = formatTable(columns, cells, footer);
  if (rows.length > shown.length)
    text += `\n… ${formatCount(rows.length - shown.length)} more rows (use --json for all)`;
  return text;
}
