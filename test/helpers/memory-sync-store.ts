import type { EntityName, PutCounts, SyncedPage, SyncStore } from '../../src/ingest/sync/sync-store.js';
import type { InvoiceLine, UsageEvent } from '../../src/usage-event.js';

/** A SyncStore in memory, with the ledger's upsert semantics (by key; same facts → unchanged). */
export class MemorySyncStore implements SyncStore {
  events = new Map<string, UsageEvent>();
  invoices = new Map<string, InvoiceLine>();
  cursors = new Map<string, number>();
  names: EntityName[] = [];

  async syncCursor(source: string) {
    return this.cursors.get(source);
  }

  async putSynced(page: SyncedPage) {
    const events = put(this.events, page.events, (e) => JSON.stringify({ ...e, sourceLine: 0 }));
    const invoices = put(this.invoices, page.invoices, (i) => `${i.amountNano}:${i.lineItem}:${i.project}`);
    if (page.lastBucketMs !== undefined)
      this.cursors.set(page.source, Math.max(this.cursors.get(page.source) ?? 0, page.lastBucketMs));
    return { events, invoices };
  }

  async putNames(names: readonly EntityName[]) {
    this.names.push(...names);
  }
}

function put<T extends { key: string }>(
  into: Map<string, T>,
  rows: readonly T[],
  facts: (row: T) => string,
): PutCounts {
  const counts = { inserted: 0, replaced: 0, unchanged: 0 };
  for (const row of rows) {
    const old = into.get(row.key);
    if (!old) counts.inserted++;
    else if (facts(old) === facts(row)) counts.unchanged++;
    else counts.replaced++;
    into.set(row.key, row);
  }
  return counts;
}
