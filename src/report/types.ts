import type { DIMENSIONS } from '../store/columns.js';
import type { Money } from '../money.js';
import type { Tier } from '../usage-event.js';
import type { UnpricedReason } from '../pricing/unpriced-reason.js';

export type PeriodUnit = 'month' | 'week' | 'day' | 'total';

export type Dimension = (typeof DIMENSIONS)[number] | `tag:${string}`;

export interface SpendQuery {
  periodUnit: PeriodUnit;
  /** IANA zone, default 'UTC'. Periods are cut at midnights of this zone. */
  tz: string;
  /** 0 = Sunday … 6 = Saturday; default 1 (Monday, ISO). */
  weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Half-open [sinceMs, untilMs) instants. */
  sinceMs?: number;
  untilMs?: number;
  groupBy: Dimension[];
  filters: Partial<Record<Dimension, string[]>>;
  asTier?: Tier;
  asModel?: string;
  /**
   * Per-request rows or provider aggregates (Usage API buckets); never both added. Default 'auto':
   * per UTC day, request logs where the day has them, aggregates where it has only those.
   */
  basis?: 'requests' | 'aggregates' | 'auto';
  /**
   * Whether days read from request logs get vector-store storage from provider aggregates (no log
   * holds storage). Default true; reconcile's "logged" side is request logs only, so false there.
   */
  storageOnLogDays?: boolean;
}

export interface SpendCost {
  /** Uncached input. */
  input: Money;
  cachedInput: Money;
  cacheWrite: Money;
  /** Output, reasoning included. */
  output: Money;
  /** Audio and image token classes (input, cached input, output) at their own rates. */
  media: Money;
  /** Hosted tool calls, container sessions and vector-store storage (the book's tool fees). */
  tools: Money;
  /** Costs the source reported itself (OpenRouter usage.cost): a total, not split into lines. */
  reported: Money;
  /** Gateway fees, their own line. */
  fees: Money;
  /** input + cachedInput + cacheWrite + output + media + tools + reported + fees. */
  total: Money;
}

/**
 * One reason some usage is unpriced, with the requests it covers (pricing/unpriced-reason.ts). A
 * group missing two classes counts under both; a group of no requests (a vector-store bucket) adds
 * 0 requests but is still listed, so the row is incomplete.
 */
export interface UnpricedTally {
  kind: UnpricedReason['kind'] | 'class-not-priced';
  /** For 'class-not-priced': the token class or stored column (audioInput, images, …). */
  usageClass?: string;
  /** For people: "unknown model", "audio input tokens the book has no price for" … */
  reason: string;
  requests: number;
}

export interface SpendRow {
  /** 'YYYY-MM' | 'YYYY-Www' | 'YYYY-MM-DD' | 'total', in the query's zone. */
  period: string;
  periodStartMs: number;
  /** Exclusive end of the period (the next period's start; the range end for 'total'). */
  periodEndMs: number;
  /** Group-by values; '(none)' when absent. */
  keys: Record<string, string>;
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cost: SpendCost;
  costSource: 'computed' | 'reported' | 'mixed';
  /** What this row was read from (absent for an empty row). */
  basis?: 'requests' | 'aggregates' | 'mixed';
  /** Requests of the groups the book cannot price (the shared definition: their request counts summed). */
  unpricedRequests: number;
  /** Why, per reason (empty: everything priced). Non-empty even when unpricedRequests is 0. */
  unpricedWhy: UnpricedTally[];
  /** The same usage repriced (asTier/asModel). `delta` = what-if − actual over the usage both could
   *  price, so usage unpriced on either side never shows up as a saving or a cost. */
  whatIf?: { cost: SpendCost; unpricedRequests: number; delta: Money; incomplete?: boolean };
}

export interface SpendResult {
  query: SpendQuery;
  /** What the rows were read from; 'mixed': request logs on some UTC days, aggregates on the others. */
  basis: 'requests' | 'aggregates' | 'mixed';
  /** With a mixed basis: UTC days read from each. */
  basisDays?: { requests: number; aggregates: number };
  /** One-line notes about the basis (aggregates above the logs → reconcile). */
  notes?: string[];
  /** The range actually reported, half-open [sinceMs, untilMs). */
  sinceMs: number;
  untilMs: number;
  rows: SpendRow[];
  total: SpendRow;
  /** Some usage could not be priced (total.unpricedWhy says why): totals are a lower bound. */
  incomplete: boolean;
  /** The what-if could not price some usage: what-if totals are a lower bound. */
  whatIfIncomplete: boolean;
}

/** Report dimensions, declared once with the ledger's columns (store/columns.ts). */
export { DIMENSIONS } from '../store/columns.js';

export const NONE = '(none)';
/** The model key of failed calls logged without a model (they cost nothing; never unpriced). */
export const NO_MODEL = '(no model: failed request)';
