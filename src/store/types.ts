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
  /** sha256 (hex) of the first min(4 KiB, size) bytes, to notice rotation and truncation. */
  headHash: string;
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
  checkpoint?: Checkpoint;
}

export interface BatchResult {
  inserted: number;
  duplicates: number;
  /** Events that replaced a stored unbilled snapshot of the same key (failed stream, then completed). */
  updated: number;
  invoicesInserted: number;
  /** Inserted (or replacing) billed events per model id as logged: ingest names the ones the book cannot price. */
  billedByModel: Record<string, number>;
}
