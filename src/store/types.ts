import type { InvoiceLine, UsageEvent } from '../usage-event.js';

/** An invoice line as stored: the parser's, unchanged (kept for reconciliation, never added to usage). */
export type StoredInvoice = InvoiceLine;

export interface RejectRow {
  file: string;
  line: number;
  reason: string;
  raw?: string;
}

/** Where reading a file got to, written in the same transaction as the records before it. */
export interface Checkpoint {
  file: string;
  size: number;
  mtimeMs: number;
  /** Byte offset to resume from; equal to `size` once the file was read to its end. */
  offset: number;
  /** Lines before `offset` (the next line read is `line + 1`). */
  line: number;
  /** `fingerprint(file, size)`: the consumed region, to notice rotation, rewrites and in-place fixes. */
  headHash: string;
  /** The `--format` the file was read with, or `auto` (a different one next time re-reads it). */
  format?: string;
}

/**
 * Everything one `Ledger.append` commits in one transaction. Events are facts as parsed (tags are
 * stored as canonical JSON by the driver); `rows` are more events as one flat array of column
 * values, EVENT_COLUMN_COUNT per event in EVENT_COLUMNS order (columns.ts; tags already canonical
 * JSON, booleans 0/1, absent values null): what the parse worker hands over. Written before `events`.
 */
export interface Batch {
  events: readonly UsageEvent[];
  rows?: readonly unknown[];
  invoices?: readonly StoredInvoice[];
  rejects?: readonly RejectRow[];
  /** Delete this file's stored rejects first: it is being read again from the start. */
  clearRejectsOf?: string;
  checkpoint?: Checkpoint;
  /**
   * Sync mode: an event or invoice line whose key is stored with other facts replaces the stored
   * one (a provider bucket that changed since the last sync); same facts count as duplicates.
   */
  replace?: boolean;
  /** Where a remote endpoint got to, committed with the rows it fetched. */
  syncCursor?: { source: string; lastBucketMs: number };
}

/** A project, user or API-key name from a provider's admin lists. */
export interface EntityName {
  kind: 'project' | 'user' | 'api_key';
  id: string;
  name: string;
}

export interface BatchResult {
  inserted: number;
  duplicates: number;
  /** Events that replaced a stored unbilled snapshot of the same key (failed stream, then completed). */
  updated: number;
  invoicesInserted: number;
  /** With `replace`: stored events / invoice lines whose facts changed and were replaced. */
  replaced: number;
  invoicesReplaced: number;
  /**
   * Positions of the batch's events that were not added (duplicates), counting `rows` first, then
   * `events`; one that replaced a stored event counts as added. Ingest tallies the new usage the
   * book cannot price from the rest.
   */
  notAdded: number[];
}
