import type { Ledger, UsageGroup, UsageQuery } from '../store/ledger.js';
import type { BasisRun } from './basis.js';
import type { Segment } from './segments.js';

/** A provider aggregate that is storage only (vector stores): no requests, tokens or other units. */
function isStorageOnly(g: UsageGroup): boolean {
  return g.vector_store_byte_hours > 0 && g.requests === 0 && g.input === 0 && g.output === 0;
}

/**
 * Adds vector-store storage from provider aggregates to the days read from request logs. Request
 * logs and aggregates describe the same traffic and are never added together, but storage is no
 * request's usage: no log holds it, so leaving it out of a logs-basis day would lose it. One
 * `hasUsage` probe per run keeps ledgers without aggregates at their old cost.
 */
export async function addStorageAggregates(
  ledger: Ledger,
  base: Omit<UsageQuery, 'fromMs' | 'toMs' | 'kind'>,
  runs: readonly BasisRun[],
  segments: readonly Segment[],
): Promise<void> {
  for (const run of runs) {
    if (run.kind !== 'request' || !(await ledger.hasUsage('bucket', run.from, run.to))) continue;
    for (const s of segments) {
      if (s.from < run.from || s.from >= run.to) continue;
      const groups = await ledger.sumUsage({ ...base, kind: 'bucket', fromMs: s.from, toMs: s.to });
      s.groups.push(...groups.filter(isStorageOnly));
    }
  }
}
