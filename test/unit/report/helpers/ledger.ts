import { BAND_FLOOR } from '../../../../src/store/columns.js';
import type { Ledger } from '../../../../src/store/ledger.js';
import { openLedger } from '../../../../src/store/open-ledger.js';
import type { UsageEvent } from '../../../../src/usage-event.js';

/** A rollup-like fixture row: `requests` requests whose token sums are given; everything else has a default. */
export interface RollupRow {
  ts: string | number;
  model?: string;
  kind?: 'request' | 'bucket';
  tier?: string;
  regional?: number;
  billed?: number;
  reported?: number;
  effort?: string;
  project?: string;
  user?: string;
  api_key?: string;
  gateway?: string;
  byok?: number;
  source?: string;
  tags?: Record<string, string>;
  requests?: number;
  input?: number;
  cached?: number;
  cache_write?: number;
  output?: number;
  reasoning?: number;
  reported_cost_nano?: number;
}

/** A fresh ledger at `path`, or in memory. */
export function testLedger(path = ':memory:'): Promise<Ledger> {
  return openLedger(path);
}

let counter = 0;

/**
 * The events a fixture row stands for, appended through the Ledger interface, the token sums split
 * evenly (the remainder on the first). A row whose mean input per request is above the band floor
 * becomes one event per request (each of the mean size: long context is decided from it); others
 * become as few events as keep each one at or below the floor (a bucket row is one event).
 */
export function rowEvents(r: RollupRow): UsageEvent[] {
  const kind = r.kind ?? 'request';
  const requests = r.requests ?? 1;
  const input = r.input ?? 0;
  const n =
    kind === 'bucket' || requests <= 1 ? 1 : Math.min(requests, Math.max(1, Math.ceil(input / BAND_FLOOR)));
  const tsMs = typeof r.ts === 'number' ? r.ts : Date.parse(r.ts);
  const share = (total: number, i: number) => Math.floor(total / n) + (i === 0 ? total % n : 0);
  const cost = BigInt(r.reported_cost_nano ?? 0);
  const costShare = (i: number) => cost / BigInt(n) + (i === 0 ? cost % BigInt(n) : 0n);
  return Array.from({ length: n }, (_, i) => ({
    key: `fixture:${counter++}`,
    kind,
    tsMs,
    model: r.model ?? 'gpt-5.5',
    tier: (r.tier ?? 'standard') as UsageEvent['tier'],
    requests: share(requests, i),
    inputTokens: share(r.input ?? 0, i),
    cachedInputTokens: share(r.cached ?? 0, i),
    cacheWriteTokens: share(r.cache_write ?? 0, i),
    outputTokens: share(r.output ?? 0, i),
    reasoningTokens: share(r.reasoning ?? 0, i),
    billed: (r.billed ?? 1) === 1,
    ...(r.reported ? { reportedCostNano: costShare(i) } : {}),
    ...(r.regional ? { regional: true } : {}),
    ...(r.effort ? { effort: r.effort as UsageEvent['effort'] & string } : {}),
    ...(r.project ? { project: r.project } : {}),
    ...(r.user ? { user: r.user } : {}),
    ...(r.api_key ? { apiKeyId: r.api_key } : {}),
    ...(r.gateway ? { gateway: r.gateway } : {}),
    ...(r.byok ? { byok: true } : {}),
    ...(r.tags ? { tags: r.tags } : {}),
    format: r.source ?? 'responses',
  }));
}

/** Adds fixture rows to the ledger the way ingest would (Ledger.append, exactly once by key). */
export async function insertRollup(ledger: Ledger, rows: readonly RollupRow[]): Promise<void> {
  await ledger.append({ events: rows.flatMap(rowEvents) });
}
