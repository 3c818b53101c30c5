import type { InvoiceLine, UsageEvent } from '../../usage-event.js';

/** What one synced page did to the stored rows. */
export interface PutCounts {
  inserted: number;
  /** A stored row with the same key but other facts (a late correction, today's growing bucket). */
  replaced: number;
  /** A stored row with the same key and the same facts: nothing written. */
  unchanged: number;
}

/** A project, user or API key name from the admin list endpoints. */
export interface EntityName {
  kind: 'project' | 'user' | 'api_key';
  id: string;
  name: string;
}

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
