import type { EntityName, Ledger } from '../../store/index.js';
import type { InvoiceLine, UsageEvent } from '../../usage-event.js';

/** What one synced page did to the stored rows. */
export interface PutCounts {
  inserted: number;
  /** A stored row with the same key but other facts (a late correction, today's growing bucket). */
  replaced: number;
  /** A stored row with the same key and the same facts: nothing written. */
  unchanged: number;
}

export type { EntityName };

/** The rows of one fetched page and where the endpoint got to, committed together. */
export interface SyncedPage {
  /** The endpoint's cursor name ("openai:completions", "openai:costs"). */
  source: string;
  events: readonly UsageEvent[];
  invoices: readonly InvoiceLine[];
  /** Start of the newest bucket on this page (epoch ms), or undefined for an empty page. */
  lastBucketMs: number | undefined;
}

/** What `sync` needs from the ledger (a subset of the Ledger interface). */
export interface SyncStore {
  /** The newest bucket start synced for `source`, or undefined when never synced. */
  syncCursor(source: string): Promise<number | undefined>;
  /** Upserts a page's rows by key (replacing changed ones) and advances the cursor, in one transaction. */
  putSynced(page: SyncedPage): Promise<{ events: PutCounts; invoices: PutCounts }>;
  /** Stores names (replacing older names of the same id). */
  putNames(names: readonly EntityName[]): Promise<void>;
}

export const NO_COUNTS: PutCounts = { inserted: 0, replaced: 0, unchanged: 0 };

/** The ledger as a SyncStore: each page is one `append` in sync mode (replace changed rows, advance the cursor). */
export function ledgerSyncStore(ledger: Ledger): SyncStore {
  return {
    syncCursor: (source) => ledger.syncCursor(source),
    async putSynced(page) {
      const r = await ledger.append({
        events: page.events,
        invoices: page.invoices,
        replace: true,
        ...(page.lastBucketMs === undefined
          ? {}
          : { syncCursor: { source: page.source, lastBucketMs: page.lastBucketMs } }),
      });
      const invoicesUnchanged = page.invoices.length - r.invoicesInserted - r.invoicesReplaced;
      return {
        events: { inserted: r.inserted + r.updated, replaced: r.replaced, unchanged: r.duplicates },
        invoices: {
          inserted: r.invoicesInserted,
          replaced: r.invoicesReplaced,
          unchanged: invoicesUnchanged,
        },
      };
    },
    putNames: (names) => ledger.putNames(names),
  };
}
