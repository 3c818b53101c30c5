import type { InvoiceLine, UsageEvent } from '../usage-event.js';

export type { InvoiceLine };

/**
 * Where a record sits: `line` is 1-based in the file; `offset` is the byte offset just AFTER the
 * record's last line, so a checkpoint at `offset` resumes after it. `tail` marks a record of an
 * unterminated last line: its offset is the line's START (a live log may still be writing it, so
 * the next run reads it again), and a checkpoint there has passed `line - 1` lines.
 */
interface At {
  line: number;
  offset: number;
  tail?: true;
}

/** What a reader yields for each line (or row, or document element) of a usage file. */
export type IngestRecord =
  | ({ type: 'event'; event: UsageEvent } & At)
  | ({ type: 'invoice'; invoice: InvoiceLine } & At)
  /** Valid input without usage: batch input line, stream delta, in_progress snapshot, header. */
  | ({ type: 'skip'; reason: string } & At)
  /** Bad input; `raw` is truncated to 2 KB. */
  | ({ type: 'reject'; reason: string; raw: string } & At)
  /** A live log's last line, unterminated and not yet valid JSON: read once it is complete. */
  | ({ type: 'pending' } & At);

/** Lines a checkpoint at `record.offset` has passed (see `At.tail`). */
export function linesBefore(record: IngestRecord): number {
  return record.tail ? record.line - 1 : record.line;
}

/** Longest raw text kept with a reject. */
export const REJECT_RAW_MAX = 2048;

/** Truncates a rejected line's text for storage. */
export function truncateRaw(raw: string): string {
  return raw.length > REJECT_RAW_MAX ? raw.slice(0, REJECT_RAW_MAX) : raw;
}
