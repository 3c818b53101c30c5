import type { UsageEvent } from '../usage-event.js';
import { reject } from './fields.js';
import type { InvoiceLine, IngestRecord } from './records.js';
import { truncateRaw } from './records.js';

/**
 * Per-file parse state shared by every parser: where the current record sits (line, byte offset
 * after it) and the output batch. One mutable object per file keeps the per-line path allocation-free.
 */
export class ParseContext {
  line = 0;
  offset = 0;
  out: IngestRecord[] = [];
  /** Formats detected so far, filled by the dispatchers (for the reader's `format`). */
  readonly seen = new Set<string>();

  constructor(
    /** The file as given, written to events' `sourceFile`. */
    readonly file: string,
    /** "Now" for the timestamp range check, fixed per file. */
    readonly nowMs: number,
    /** Timestamp for records that carry none when no earlier line had one: the file's mtime. */
    readonly fallbackTsMs: number,
  ) {}

  private readonly groupings = new Map<string, number>();

  /**
   * How many records with this natural key this file produced before (0 for the first). Two
   * aggregate rows of one export with equal groupings are two records: the ordinal keeps them
   * apart, while the same rows in an overlapping export (same ordinals) still dedupe.
   */
  ordinal(key: string): number {
    const n = this.groupings.get(key) ?? 0;
    this.groupings.set(key, n + 1);
    return n;
  }

  /** Time of the last event seen in this file: the best guess for a line that carries none. */
  lastTsMs: number | undefined;

  event(event: UsageEvent): void {
    this.lastTsMs = event.tsMs;
    this.out.push({ type: 'event', event, line: this.line, offset: this.offset });
  }

  invoice(invoice: InvoiceLine): void {
    this.out.push({ type: 'invoice', invoice, line: this.line, offset: this.offset });
  }

  skip(reason: string): void {
    this.out.push({ type: 'skip', line: this.line, offset: this.offset, reason });
  }

  reject(reason: string, raw: string): void {
    this.out.push({ type: 'reject', line: this.line, offset: this.offset, reason, raw: truncateRaw(raw) });
  }

  /** A live log's unterminated last line that is not JSON yet (see IngestRecord 'pending'). */
  pending(): void {
    this.out.push({ type: 'pending', line: this.line, offset: this.offset });
  }

  /** Takes the records produced since the last call. */
  drain(): IngestRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** Token counts of one record, OpenAI accounting (cached and cache-write ⊂ input, reasoning ⊂ output). */
export interface TokenFields {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** Field names used in reject reasons, as the source spells them. */
export interface TokenNames {
  input: string;
  cached: string;
  cacheWrite: string;
  output: string;
  reasoning: string;
}

/** Rejects impossible counts: cached + cache-write above input, reasoning above output. */
export function checkTokens(t: TokenFields, names: TokenNames): TokenFields {
  if (t.cachedInputTokens + t.cacheWriteTokens > t.inputTokens) {
    const parts =
      t.cacheWriteTokens === 0
        ? `${names.cached} ${t.cachedInputTokens}`
        : t.cachedInputTokens === 0
          ? `${names.cacheWrite} ${t.cacheWriteTokens}`
          : `${names.cached} ${t.cachedInputTokens} + ${names.cacheWrite} ${t.cacheWriteTokens}`;
    reject(`${parts} > ${names.input} ${t.inputTokens}`);
  }
  if (t.reasoningTokens > t.outputTokens) {
    reject(`${names.reasoning} ${t.reasoningTokens} > ${names.output} ${t.outputTokens}`);
  }
  return t;
}

/** All-zero counts, for unbilled records. */
export const NO_TOKENS: TokenFields = Object.freeze({
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
});
