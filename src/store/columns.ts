import type { UsageEvent } from '../usage-event.js';

/**
 * The ledger's columns, declared once. Every driver derives its DDL, inserts and report queries
 * from these lists; the CLI's filter flags and the budget scope keys derive from DIMENSIONS.
 * Types are logical: 'text', or 'int' (a 64-bit integer: SQLite INTEGER, PostgreSQL BIGINT).
 * Facts only: nothing here depends on the price book (canonical model and long context are decided
 * when a report prices the rows, so a model added to the book later prices old usage correctly).
 */
export interface ColumnSpec {
  readonly name: string;
  readonly type: 'text' | 'int';
  /** NOT NULL in the DDL. */
  readonly required: boolean;
}

const col = (name: string, type: 'text' | 'int', required = false): ColumnSpec => ({ name, type, required });

/** The `events` columns of schema v4/v5 (SQLite) and v1/v2 (PostgreSQL): the migrations that built them replay these. */
export const BASE_EVENT_COLUMNS: readonly ColumnSpec[] = [
  col('key', 'text', true), // the natural key: exactly once
  col('kind', 'text', true), // 'request' | 'bucket'
  col('ts_ms', 'int', true),
  col('end_ms', 'int'),
  col('model', 'text', true), // as logged
  col('tier', 'text', true), // served tier
  col('effort', 'text'),
  col('requests', 'int', true),
  col('input_tokens', 'int', true), // cached ⊂ input
  col('cached_input_tokens', 'int', true),
  col('cache_write_tokens', 'int', true),
  col('output_tokens', 'int', true), // reasoning ⊂ output
  col('reasoning_tokens', 'int', true),
  col('billed', 'int', true), // 0: failed/incomplete snapshot, priced at 0
  col('regional', 'int', true),
  col('reported_cost_nano', 'int'),
  col('project', 'text'),
  col('user', 'text'), // a reserved word in PostgreSQL: drivers quote every identifier
  col('api_key', 'text'),
  col('gateway', 'text'),
  col('byok', 'int', true),
  col('tags', 'text'), // canonical JSON, keys sorted (canonicalTags)
  col('format', 'text', true),
  col('source_file', 'text'),
  col('source_line', 'int'),
];

/**
 * Non-text usage facts (#12), each an event column and a rollup sum, 0 when the source has none.
 * Token classes are PARTS of the text columns, as OpenAI reports them: audio and image input ⊂
 * input (their cached shares ⊂ cached input), audio and image output ⊂ output, 12-hour cache writes
 * ⊂ cache writes. The rest are units of their own: hosted tool calls by kind (web search by the
 * search context size the request asked for; medium is the API's default), code-interpreter
 * container sessions, vector-store storage in byte-hours (a Usage API bucket's `usage_bytes` × its
 * hours), generated images, speech characters and transcription seconds. `field` is the UsageEvent
 * property a parser fills. Pricing reads them at report time; a class the book cannot price makes
 * its rows unpriced.
 */
export const USAGE_CLASSES = [
  { column: 'audio_input_tokens', field: 'audioInputTokens' },
  { column: 'cached_audio_input_tokens', field: 'cachedAudioInputTokens' },
  { column: 'image_input_tokens', field: 'imageInputTokens' },
  { column: 'cached_image_input_tokens', field: 'cachedImageInputTokens' },
  { column: 'audio_output_tokens', field: 'audioOutputTokens' },
  { column: 'image_output_tokens', field: 'imageOutputTokens' },
  { column: 'cache_write_12h_tokens', field: 'cacheWrite12hTokens' },
  { column: 'web_search_calls_low', field: 'webSearchCallsLow' },
  { column: 'web_search_calls_medium', field: 'webSearchCallsMedium' },
  { column: 'web_search_calls_high', field: 'webSearchCallsHigh' },
  { column: 'file_search_calls', field: 'fileSearchCalls' },
  { column: 'code_interpreter_sessions', field: 'codeInterpreterSessions' },
  { column: 'vector_store_byte_hours', field: 'vectorStoreByteHours' },
  { column: 'images', field: 'images' },
  { column: 'speech_characters', field: 'speechCharacters' },
  { column: 'transcription_seconds', field: 'transcriptionSeconds' },
] as const satisfies readonly { column: string; field: keyof UsageEvent }[];

export type UsageClassColumn = (typeof USAGE_CLASSES)[number]['column'];
export type UsageClassField = (typeof USAGE_CLASSES)[number]['field'];
/** The non-text sums a usage group carries, by rollup column name. */
export type UsageClassSums = Record<UsageClassColumn, number>;

/** The non-text columns (NOT NULL, added to old ledgers with DEFAULT 0). */
export const USAGE_CLASS_COLUMNS: readonly ColumnSpec[] = USAGE_CLASSES.map((c) =>
  col(c.column, 'int', true),
);
export const USAGE_CLASS_NAMES: readonly UsageClassColumn[] = USAGE_CLASSES.map((c) => c.column);

/** The `events` table, in the order writers bind values (and the parse worker sends flat rows). */
export const EVENT_COLUMNS: readonly ColumnSpec[] = [...BASE_EVENT_COLUMNS, ...USAGE_CLASS_COLUMNS];

/** Event column names in binding order. */
export const EVENT_COLUMN_NAMES: readonly string[] = EVENT_COLUMNS.map((c) => c.name);
export const EVENT_COLUMN_COUNT = EVENT_COLUMNS.length;

/** Positions in a flat event row of the values writers read back. */
export const COL = {
  key: EVENT_COLUMN_NAMES.indexOf('key'),
  kind: EVENT_COLUMN_NAMES.indexOf('kind'),
  tsMs: EVENT_COLUMN_NAMES.indexOf('ts_ms'),
  model: EVENT_COLUMN_NAMES.indexOf('model'),
  inputTokens: EVENT_COLUMN_NAMES.indexOf('input_tokens'),
  billed: EVENT_COLUMN_NAMES.indexOf('billed'),
  reportedCostNano: EVENT_COLUMN_NAMES.indexOf('reported_cost_nano'),
} as const;

/**
 * Report dimensions that are plain columns (rollup and events share the names): what `--group-by`,
 * the filter flags (`--project`, `--user`, …) and budget scopes accept. `model` and `family` are
 * resolved from the `model` column through the price book; `tag:KEY` reads the `tags` column.
 */
export const COLUMN_DIMENSIONS = [
  'tier',
  'effort',
  'project',
  'user',
  'api_key',
  'gateway',
  'source',
] as const;
export type ColumnDimension = (typeof COLUMN_DIMENSIONS)[number];

/** Every report dimension (tag:KEY aside), in the order help texts list them. */
export const DIMENSIONS = ['model', 'family', ...COLUMN_DIMENSIONS] as const;

/**
 * Long context is whole-request (input > the model's threshold, e.g. 272,000) and decided at report
 * time, so rollups keep an input-size band instead of a priced flag: 0 for input ≤ BAND_FLOOR (and
 * for aggregate buckets), else the largest multiple of BAND_WIDTH below the input. "input > T" is
 * then "band ≥ T" exactly for any threshold T ≥ BAND_FLOOR that is a multiple of BAND_WIDTH (every
 * threshold in the shipped book is; a test checks it). Few requests are that large, so the band
 * adds few rollup rows.
 */
export const BAND_WIDTH = 8_000;
export const BAND_FLOOR = 64_000;

/** The input-size band of a request (see BAND_WIDTH); aggregate buckets are always band 0. */
export function inputBand(kind: string, inputTokens: number): number {
  if (kind !== 'request' || inputTokens <= BAND_FLOOR) return 0;
  return Math.floor((inputTokens - 1) / BAND_WIDTH) * BAND_WIDTH;
}

/**
 * Whether requests of an input-size band are long-context for a threshold (undefined: the model has
 * no long-context prices). Exact for thresholds on the band grid; for any other threshold the
 * requests in the band that straddles it count as short (a documented approximation).
 */
export function isLongContext(band: number, threshold: number | undefined): boolean {
  return threshold !== undefined && band > 0 && band >= threshold;
}

/**
 * The rollup's grouping columns (with the time slot first in the primary key) and its sums. `source`
 * is the event's `format`; `reported` is 1 when the source reported a cost; text columns hold ''
 * for absent values so they can be part of the key.
 */
export const ROLLUP_KEYS: readonly ColumnSpec[] = [
  col('kind', 'text', true),
  col('model', 'text', true),
  col('tier', 'text', true),
  col('input_band', 'int', true),
  col('regional', 'int', true),
  col('billed', 'int', true),
  col('reported', 'int', true),
  col('effort', 'text', true),
  col('project', 'text', true),
  col('user', 'text', true),
  col('api_key', 'text', true),
  col('gateway', 'text', true),
  col('byok', 'int', true),
  col('source', 'text', true),
  col('tags', 'text', true),
];
/** The rollup sums of schema v4/v5 (SQLite) and v1/v2 (PostgreSQL). */
export const BASE_ROLLUP_SUMS: readonly ColumnSpec[] = [
  col('requests', 'int', true),
  col('input_tokens', 'int', true),
  col('cached_input_tokens', 'int', true),
  col('cache_write_tokens', 'int', true),
  col('output_tokens', 'int', true),
  col('reasoning_tokens', 'int', true),
  col('reported_cost_nano', 'int', true),
];
export const ROLLUP_SUMS: readonly ColumnSpec[] = [...BASE_ROLLUP_SUMS, ...USAGE_CLASS_COLUMNS];

/** The rollup columns every usage group carries: what pricing needs besides the tokens. */
export const PRICE_KEYS = [
  'model',
  'tier',
  'input_band',
  'regional',
  'billed',
  'reported',
  'gateway',
  'byok',
] as const;

/** Every non-text sum at 0 (a usage group built outside a driver starts from it). */
export const ZERO_CLASS_SUMS: Readonly<UsageClassSums> = Object.fromEntries(
  USAGE_CLASS_NAMES.map((n) => [n, 0]),
) as unknown as UsageClassSums;
