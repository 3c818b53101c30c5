import type { InvoiceLine, UsageEvent } from '../usage-event.js';

/** One event as the store persists it: the parser's event plus what the orchestrator derived from prices. */
export interface StoredEvent {
  event: UsageEvent;
  /** Price-book id, null when the model is unknown (stored, reported as unpriced). */
  canonicalModel: string | null;
  /** Whole-request long-context flag at the event's time (false for unknown models and buckets). */
  longContext: boolean;
  /** Canonical JSON of the tags (keys sorted) or null; see `canonicalTags`. */
  tags: string | null;
}

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

/** Everything one transaction commits. */
export interface Batch {
  events: readonly StoredEvent[];
  /**
   * More events as one flat array of column values, EVENT_COLUMN_COUNT per event in EVENT_COLUMNS
   * order (see event-rows.ts): what the parse worker hands over. Written before `events`.
   */
  rows?: readonly unknown[];
  invoices?: readonly StoredInvoice[];
  rejects?: readonly RejectRow[];
  /** Delete this file's stored rejects first: it is being read again from the start. */
  clearRejectsOf?: string;
  checkpoint?: Checkpoint;
}

export interface BatchResult {
  inserted: number;
  duplicates: number;
  /** Events that replaced a stored unbilled snapshot of the same key (failed stream, then completed). */
  updated: number;
  /** Inserted billed events whose model is unknown to the price book. */
  unpriced: number;
  invoicesInserted: number;
}
