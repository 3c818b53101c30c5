import type { IngestRecord } from '../../../src/ingest/records.js';
import { type ReadOptions, openUsageFile } from '../../../src/ingest/read-usage-file.js';
import type { UsageEvent } from '../../../src/usage-event.js';

/** Copies of shared/reference/examples (see that folder's README), so tests run from any clone. */
export const EXAMPLES = new URL('../../fixtures/reference-examples/', import.meta.url).pathname;
export const FIXTURES = new URL('../../fixtures/ingest/', import.meta.url).pathname;
/** A fixed "now" so the timestamp range check does not depend on the clock. */
export const NOW = Date.UTC(2026, 10, 22);

export interface ReadResult {
  format: string;
  resumable: boolean;
  records: IngestRecord[];
  events: UsageEvent[];
  skips: Extract<IngestRecord, { type: 'skip' }>[];
  rejects: Extract<IngestRecord, { type: 'reject' }>[];
  invoices: Extract<IngestRecord, { type: 'invoice' }>[];
  pending: Extract<IngestRecord, { type: 'pending' }>[];
}

/** Reads a whole file through openUsageFile and sorts the records by type. */
export async function readAll(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const reader = await openUsageFile(path, { nowMs: NOW, ...options });
  const records: IngestRecord[] = [];
  for await (const r of reader.records) records.push(r);
  return {
    format: reader.format,
    resumable: reader.resumable,
    records,
    events: records.flatMap((r) => (r.type === 'event' ? [r.event] : [])),
    skips: records.filter((r) => r.type === 'skip'),
    rejects: records.filter((r) => r.type === 'reject'),
    invoices: records.filter((r) => r.type === 'invoice'),
    pending: records.filter((r) => r.type === 'pending'),
  };
}

/** Token sums over events. */
export function totals(events: readonly UsageEvent[]) {
  const t = { requests: 0, input: 0, cached: 0, cacheWrite: 0, output: 0, reasoning: 0 };
  for (const e of events) {
    t.requests += e.requests;
    t.input += e.inputTokens;
    t.cached += e.cachedInputTokens;
    t.cacheWrite += e.cacheWriteTokens;
    t.output += e.outputTokens;
    t.reasoning += e.reasoningTokens;
  }
  return t;
}
