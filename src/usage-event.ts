/**
 * The ledger's unit: one billed request, or one aggregate bucket from a usage export.
 * Produced by `ingest/` parsers (unpriced), persisted by `store/`, priced by `report/` and `budget/`.
 *
 * Token accounting follows OpenAI: `cachedInputTokens` and `cacheWriteTokens` are PART OF
 * `inputTokens`; `reasoningTokens` is PART OF `outputTokens`.
 */
export type Tier = 'standard' | 'batch' | 'flex' | 'priority';
export const TIERS: readonly Tier[] = ['standard', 'batch', 'flex', 'priority'];

export type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export const EFFORTS: readonly Effort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

export type EventKind = 'request' | 'bucket';

export interface UsageEvent {
  /** Natural dedupe key, unique across sources for the same call: "resp:resp_abc", "chat:chatcmpl-x",
   *  "batch:batch_1/req-7", "bucket:<start>:<grouping…>", or "hash:<sha256>" when the source has no id. */
  key: string;
  kind: EventKind;
  /** Unix epoch milliseconds, UTC: when the request was made (or the bucket started). */
  tsMs: number;
  /** For buckets: the bucket end (exclusive), epoch ms. */
  endMs?: number;
  /** The model id as the source wrote it ("openai/gpt-5.5-2026-04-23"). Canonical id is resolved by pricing. */
  model: string;
  /** The served tier (never the requested one). */
  tier: Tier;
  effort?: Effort;
  /** Requests this row stands for: 1 for a request, num_model_requests for a bucket. */
  requests: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  // Non-text usage (store/columns.ts USAGE_CLASSES); absent means 0. Token classes are parts:
  /** Audio input tokens ⊂ inputTokens; the cached ones ⊂ cachedInputTokens too. */
  audioInputTokens?: number;
  cachedAudioInputTokens?: number;
  /** Image input tokens ⊂ inputTokens; the cached ones ⊂ cachedInputTokens too. */
  imageInputTokens?: number;
  cachedImageInputTokens?: number;
  /** Audio and image output tokens ⊂ outputTokens. */
  audioOutputTokens?: number;
  imageOutputTokens?: number;
  /** 12-hour (extended) cache writes ⊂ cacheWriteTokens. */
  cacheWrite12hTokens?: number;
  /** Hosted web search calls by the request's search context size (the API's default is medium). */
  webSearchCallsLow?: number;
  webSearchCallsMedium?: number;
  webSearchCallsHigh?: number;
  fileSearchCalls?: number;
  /** Code-interpreter container sessions. */
  codeInterpreterSessions?: number;
  /** Vector-store storage: bytes stored × hours (a daily bucket's usage_bytes × 24). */
  vectorStoreByteHours?: number;
  /** Images generated or edited (Usage API images buckets), speech characters, transcribed seconds. */
  images?: number;
  speechCharacters?: number;
  transcriptionSeconds?: number;
  /** False for failed, errored or expired calls (kept for counts, priced at 0). */
  billed: boolean;
  /** Cost the source itself reported (OpenRouter usage.cost, LiteLLM spend), nano-dollars. */
  reportedCostNano?: bigint;
  /** Data residency (regional endpoint) usage, priced with the model's uplift. */
  regional?: boolean;
  project?: string;
  user?: string;
  apiKeyId?: string;
  /** Gateway the call went through: "openai" (direct), "openrouter", "cloudflare", "vercel", "aigateway"… */
  gateway?: string;
  byok?: boolean;
  tags?: Record<string, string>;
  /** Where it came from: the format name, the file, and the 1-based line (or row). */
  format: string;
  sourceFile?: string;
  sourceLine?: number;
}

/** One invoice line (Costs API result, dashboard cost-export row): kept for reconciliation, never added to usage. */
export interface InvoiceLine {
  key: string;
  startMs: number;
  endMs?: number;
  amountNano: bigint;
  currency: string;
  lineItem?: string;
  project?: string;
  format: string;
  sourceFile: string;
  sourceLine: number;
}
