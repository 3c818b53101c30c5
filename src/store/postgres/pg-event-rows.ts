import { EVENT_COLUMN_COUNT } from '../columns.js';
import { canonicalTags } from '../tags.js';
import type { Batch } from '../types.js';
import type { UsageEvent } from '../../usage-event.js';

const N = EVENT_COLUMN_COUNT;

/** One event's column values in EVENT_COLUMNS order (facts only; tags as canonical JSON). */
export function eventValues(e: UsageEvent): unknown[] {
  return [
    e.key,
    e.kind,
    e.tsMs,
    e.endMs ?? null,
    e.model,
    e.tier,
    e.effort ?? null,
    e.requests,
    e.inputTokens,
    e.cachedInputTokens,
    e.cacheWriteTokens,
    e.outputTokens,
    e.reasoningTokens,
    e.billed ? 1 : 0,
    e.regional ? 1 : 0,
    e.reportedCostNano ?? null,
    e.project ?? null,
    e.user ?? null,
    e.apiKeyId ?? null,
    e.gateway ?? null,
    e.byok ? 1 : 0,
    canonicalTags(e.tags),
    e.format,
    e.sourceFile ?? null,
    e.sourceLine ?? null,
  ];
}

/** The batch's events as rows of column values: the flat `rows` first, then `events` (as written). */
export function eventRows(batch: Batch): unknown[][] {
  const out: unknown[][] = [];
  const flat = batch.rows ?? [];
  for (let at = 0; at + N <= flat.length; at += N) out.push(flat.slice(at, at + N) as unknown[]);
  for (const e of batch.events) out.push(eventValues(e));
  return out;
}
