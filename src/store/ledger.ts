import type { ColumnDimension, UsageClassSums } from './columns.js';
import type { Batch, BatchResult, Checkpoint, EntityName } from './types.js';

/**
 * The ledger: the one boundary between tokenledger and its database. Everything outside store/
 * talks to this interface; only the drivers (SQLite via better-sqlite3, PostgreSQL via pg) know SQL.
 * Methods are async so a networked driver can implement them; the SQLite driver answers at once.
 * Like kysely's Driver/DatabaseConnection: callers never see a driver handle.
 */
export interface Ledger {
  /** Where the ledger lives: a file path, or a URL with any password masked (safe to print). */
  readonly location: string;
  /** True when opened read-only: nothing is created, migrated or appended. */
  readonly readonly: boolean;

  /**
   * Commits one batch in one transaction: events (exactly once by `key`; a stored unbilled snapshot
   * is replaced by a billed event with the same key, never the reverse), invoice lines (once by
   * `key`), rejects (once by file, line, reason) and the file's checkpoint. All of it or none.
   */
  append(batch: Batch): Promise<BatchResult>;

  /** Token sums of [fromMs, toMs) (15-minute aligned) for one kind, grouped by the price keys and `groupBy`. */
  sumUsage(query: UsageQuery): Promise<UsageGroup[]>;
  /** First and last 15-minute bucket with usage (any kind), or undefined for an empty ledger. */
  usageSpan(): Promise<{ minMs: number; maxMs: number } | undefined>;
  /** Whether any usage of `kind` lies in [fromMs, toMs). */
  hasUsage(kind: string, fromMs: number, toMs: number): Promise<boolean>;
  /** BYOK requests per 15-minute bucket and raw gateway of [fromMs, toMs), in bucket order. */
  byokRequests(query: ByokQuery): Promise<ByokBucket[]>;
  /** Every distinct model id as logged, with its request count and time span (for `pricing check`). */
  modelsSeen(): Promise<ModelSeen[]>;

  /** Where reading `file` got to, or undefined when it was never read. */
  readCheckpoint(file: string): Promise<Checkpoint | undefined>;
  /** Rejected lines, oldest first, at most `limit`. */
  listRejects(limit?: number): Promise<StoredReject[]>;
  /** Invoice lines starting in [fromMs, toMs) (all when omitted), by start then key. */
  invoiceLines(range?: { fromMs?: number; toMs?: number }): Promise<StoredInvoiceLine[]>;

  /** The newest bucket start (epoch ms) a remote endpoint was synced to (`Batch.syncCursor`), or undefined. */
  syncCursor(source: string): Promise<number | undefined>;
  /** Stores project, user and API-key names (a newer name for the same id replaces the older). */
  putNames(names: readonly EntityName[]): Promise<void>;
  /** Every stored name, by kind then id. */
  entityNames(): Promise<EntityName[]>;

  /** Alert keys ("0.8", "forecast") already announced for a budget's period. */
  alertKeys(budget: string, period: string): Promise<string[]>;
  /**
   * Records announced alerts (idempotent). Alert state is the one thing written through a
   * read-only ledger when the storage allows it; returns false (nothing written) when it cannot be.
   */
  recordAlerts(alerts: readonly AlertRecord[]): Promise<boolean>;

  /**
   * Output and reasoning tokens of the most recent billed requests with output, for estimate
   * calibration: `models` are raw ids as logged (the caller resolves which ids mean one model).
   */
  calibrationSamples(query: CalibrationQuery): Promise<CalibrationSample[]>;

  /** Counts and token sums per kind, from the events and from the rollup (they agree; tests check it). */
  stats(): Promise<LedgerStats>;
  /** Releases the connection (and on SQLite leaves the file readable without its WAL side files). */
  close(): Promise<void>;
}

/** Column filters: values as stored, '' for absent ('(none)' in the CLI). */
export type UsageFilters = Partial<Record<ColumnDimension, readonly string[]>>;

export interface UsageQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: 'request' | 'bucket';
  /** Grouping beyond the price keys: dimension columns and/or 'tags' (the canonical JSON). */
  readonly groupBy: readonly (ColumnDimension | 'tags')[];
  readonly filters: UsageFilters;
  /** Tag filters: the tag KEY must have one of `values` ('' = no such tag). */
  readonly tagFilters?: readonly { readonly key: string; readonly values: readonly string[] }[];
}

/**
 * One group of summed usage: the price keys always, the requested dimensions when grouped by
 * (absent text is ''), and the sums. Field names are the rollup's column names; the non-text sums
 * (audio_input_tokens, web_search_calls_medium, …: columns.ts USAGE_CLASSES) are 0 when absent.
 */
export interface UsageGroup extends UsageClassSums {
  model: string;
  tier: string;
  /** Input-size band (columns.ts inputBand): long context is decided from it when priced. */
  input_band: number;
  regional: number;
  billed: number;
  reported: number;
  gateway: string;
  byok: number;
  effort?: string;
  project?: string;
  user?: string;
  api_key?: string;
  source?: string;
  tags?: string;
  requests: number;
  input: number;
  cached: number;
  cache_write: number;
  output: number;
  reasoning: number;
  /** Sum of source-reported costs, nano-dollars (0 when `reported` is 0). */
  reported_nano: bigint;
}

export interface ByokQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: string;
  /** Raw gateway values as stored. */
  readonly gateways: readonly string[];
}

export interface ByokBucket {
  bucketMs: number;
  gateway: string;
  requests: number;
}

export interface ModelSeen {
  /** As logged. */
  model: string;
  requests: number;
  /** Start of the first and of the last UTC day with usage of it. */
  firstMs: number;
  lastMs: number;
}

export interface StoredReject {
  file: string;
  line: number;
  reason: string;
  raw: string | null;
}

/** An invoice line as stored (amounts exact, nano-dollars). */
export interface StoredInvoiceLine {
  key: string;
  startMs: number;
  endMs: number | null;
  amountNano: bigint;
  currency: string;
  lineItem: string | null;
  project: string | null;
  format: string;
  sourceFile: string | null;
  sourceLine: number | null;
}

export interface AlertRecord {
  readonly budget: string;
  readonly period: string;
  /** "0.8", "forecast", … */
  readonly key: string;
  readonly atMs: number;
}

export interface CalibrationQuery {
  readonly models: readonly string[];
  /** undefined: requests logged without an effort. */
  readonly effort: string | undefined;
  readonly limit: number;
}

export interface CalibrationSample {
  output: number;
  reasoning: number;
}

export interface TokenTotals {
  rows: number;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  reportedCostNano: bigint;
}

export interface LedgerStats {
  /** Per kind ('request' | 'bucket'): they are never summed together. */
  events: Record<string, TokenTotals>;
  /** The same sums read from the rollup (equal to `events` by construction). */
  rollup: Record<string, TokenTotals>;
  invoices: number;
  rejects: number;
  files: number;
  schemaVersion: number;
}

export interface OpenLedgerOptions {
  /**
   * Open for reading (report, budget check, reconcile): nothing is created or appended, and a
   * read-only file works. An older ledger is migrated first only when the file is writable.
   */
  readonly?: boolean;
  /** Fail (exit 2) instead of creating a missing ledger. */
  mustExist?: boolean;
}
