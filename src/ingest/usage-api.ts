import type { UsageEvent } from '../usage-event.js';
import { type ParseContext, checkTokens } from './context.js';
import { type Json, RejectError, asObject, optCount, reject, secondsTs, servedTier } from './fields.js';
import { usdNano } from './money-field.js';
import { dimension } from './redact.js';
import { bucketMediaTokens, UNIT_RESULTS, type UnitResult } from './usage-buckets.js';

const NAMES = {
  input: 'input_tokens',
  cached: 'input_cached_tokens',
  cacheWrite: 'input_cache_write_tokens',
  output: 'output_tokens',
  reasoning: 'reasoning_tokens',
};

const key = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The natural key, plus `#n` for the n-th (n ≥ 1) repeat of an equal grouping in the same file. */
function withOrdinal(grouping: string, ctx: ParseContext): string {
  const n = ctx.ordinal(grouping);
  return n === 0 ? grouping : `${grouping}#${n}`;
}

/** `batch` as the API (true/false/null) or a spreadsheet (TRUE/FALSE/'') writes it. */
function batchFlag(v: unknown): boolean | undefined {
  if (v === true || v === false) return v;
  if (typeof v === 'string' && v !== '') return v.toLowerCase() === 'true';
  return undefined;
}

/**
 * One Usage API completions result (or dashboard usage-export row) → a bucket event. Buckets are UTC
 * `[start, end)`; `batch: true` → batch tier, else the row's service_tier. Group keys that are null
 * (not grouped) stay out of the dimensions; an ungrouped model is stored as "unknown".
 * Returns a skip reason for an all-empty row.
 */
export function bucketEvent(
  row: Json,
  start: unknown,
  end: unknown,
  format: string,
  ctx: ParseContext,
): UsageEvent | string {
  const tsMs = secondsTs(start, 'start_time', ctx.nowMs);
  const requests = optCount(row.num_model_requests, 'num_model_requests');
  const tokens = checkTokens(
    {
      inputTokens: optCount(row.input_tokens, NAMES.input),
      cachedInputTokens: optCount(row.input_cached_tokens, NAMES.cached),
      cacheWriteTokens: optCount(row.input_cache_write_tokens, NAMES.cacheWrite),
      outputTokens: optCount(row.output_tokens, NAMES.output),
      reasoningTokens: 0,
    },
    NAMES,
  );
  if (requests === 0 && tokens.inputTokens === 0 && tokens.outputTokens === 0) return 'empty bucket row';
  const batch = batchFlag(row.batch);
  const startKey = Math.round(tsMs / 1000);
  const grouping = `bucket:${format}:${startKey}:${key(row.project_id)}:${key(row.user_id)}:${key(row.api_key_id)}:${key(row.model)}:${batch === undefined ? '' : batch}:${key(row.service_tier)}`;
  const event: UsageEvent = {
    key: withOrdinal(grouping, ctx),
    kind: 'bucket',
    tsMs,
    model: typeof row.model === 'string' && row.model !== '' ? row.model : 'unknown',
    tier: batch ? 'batch' : servedTier(row.service_tier),
    requests,
    ...tokens,
    ...bucketMediaTokens(row, tokens),
    billed: true,
    format,
    sourceFile: ctx.file,
    sourceLine: ctx.line,
  };
  if (end !== undefined && end !== null && end !== '') event.endMs = secondsTs(end, 'end_time', ctx.nowMs);
  const project = dimension(row.project_id);
  if (project) event.project = project;
  const user = dimension(row.user_id);
  if (user) event.user = user;
  const apiKey = dimension(row.api_key_id);
  if (apiKey) event.apiKeyId = apiKey;
  return event;
}

/** One Costs API result (or dashboard cost-export row) → an invoice line. */
export function invoiceLine(
  row: Json,
  start: unknown,
  end: unknown,
  format: string,
  ctx: ParseContext,
): void {
  const amount = asObject(row.amount);
  const value = amount ? amount.value : row.amount_value;
  const amountNano = usdNano(value, amount ? 'amount.value' : 'amount_value');
  if (amountNano === undefined) reject('amount is missing');
  const startMs = secondsTs(start, 'start_time', ctx.nowMs);
  const lineItem = dimension(row.line_item);
  const project = dimension(row.project_id);
  ctx.invoice({
    key: withOrdinal(
      `invoice:${format}:${Math.round(startMs / 1000)}:${key(row.line_item)}:${key(row.project_id)}:${key(row.api_key_id)}`,
      ctx,
    ),
    startMs,
    ...(end !== undefined && end !== null && end !== ''
      ? { endMs: secondsTs(end, 'end_time', ctx.nowMs) }
      : {}),
    amountNano,
    currency: String((amount ? amount.currency : row.amount_currency) ?? 'usd').toLowerCase(),
    ...(lineItem ? { lineItem } : {}),
    ...(project ? { project } : {}),
    format,
    sourceFile: ctx.file,
    sourceLine: ctx.line,
  });
}

/** A Usage or Costs API page, or one bucket object: every result row of every bucket. */
export function parseUsagePage(o: Json, ctx: ParseContext): void {
  const buckets = o.object === 'bucket' ? [o] : o.data;
  if (!Array.isArray(buckets)) reject('page has no data array');
  let produced = 0;
  for (const b of buckets as unknown[]) {
    const bucket = asObject(b);
    if (!bucket) reject('bucket must be an object');
    const results = bucket.results ?? bucket.result;
    if (!Array.isArray(results)) reject('bucket has no results array');
    for (const r of results as unknown[]) {
      produced++;
      try {
        parseResultRow(r, bucket, ctx);
      } catch (err) {
        if (!(err instanceof RejectError)) throw err;
        ctx.reject(`bucket ${String(bucket.start_time)}: ${err.message}`, JSON.stringify(r));
      }
    }
  }
  if (produced === 0) ctx.skip('bucket without results');
}

/** Result kinds that are token usage of a model (embeddings and moderations count input tokens only). */
const TOKEN_RESULTS = new Set([
  'organization.usage.completions.result',
  'organization.usage.embeddings.result',
  'organization.usage.moderations.result',
]);

/**
 * A non-token Usage API result (images, speech, transcription, vector stores, code-interpreter
 * sessions) → a bucket event holding only its units; its natural key names the endpoint, so it
 * never collides with a completions row of the same grouping. Returns a skip reason for a row
 * that counts nothing.
 */
export function unitBucketEvent(
  row: Json,
  result: UnitResult,
  kind: string,
  bucket: Json,
  ctx: ParseContext,
): UsageEvent | string {
  const tsMs = secondsTs(bucket.start_time, 'start_time', ctx.nowMs);
  const end = bucket.end_time;
  const endMs =
    end === undefined || end === null || end === '' ? undefined : secondsTs(end, 'end_time', ctx.nowMs);
  const hours = endMs === undefined ? 24 : Math.max(0, Math.round((endMs - tsMs) / 3_600_000));
  const units = result.units(row, hours);
  const requests = optCount(row.num_model_requests, 'num_model_requests');
  if (requests === 0 && Object.values(units).every((v) => !v)) return 'empty bucket row';
  const endpoint = kind.replace(/^organization\.usage\./, '').replace(/\.result$/, '');
  const groups = [
    row.project_id,
    row.user_id,
    row.api_key_id,
    row.model,
    ...result.groupings.map((g) => row[g]),
  ];
  const grouping = `bucket:usage-api:${endpoint}:${Math.round(tsMs / 1000)}:${groups.map(key).join(':')}`;
  const model = typeof row.model === 'string' && row.model !== '' ? row.model : (result.model ?? 'unknown');
  const event: UsageEvent = {
    key: withOrdinal(grouping, ctx),
    kind: 'bucket',
    tsMs,
    model,
    tier: 'standard',
    requests,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    ...units,
    billed: true,
    format: 'usage-api',
    sourceFile: ctx.file,
    sourceLine: ctx.line,
  };
  if (endMs !== undefined) event.endMs = endMs;
  const project = dimension(row.project_id);
  if (project) event.project = project;
  const user = dimension(row.user_id);
  if (user) event.user = user;
  const apiKey = dimension(row.api_key_id);
  if (apiKey) event.apiKeyId = apiKey;
  return event;
}

function parseResultRow(r: unknown, bucket: Json, ctx: ParseContext): void {
  const row = asObject(r);
  if (!row) reject('result must be an object');
  const kind = row.object;
  const unit = typeof kind === 'string' ? UNIT_RESULTS[kind] : undefined;
  if (unit) {
    const e = unitBucketEvent(row, unit, kind as string, bucket, ctx);
    if (typeof e === 'string') ctx.skip(e);
    else ctx.event(e);
  } else if (kind === 'organization.costs.result')
    invoiceLine(row, bucket.start_time, bucket.end_time, 'costs-api', ctx);
  else if (kind === undefined || TOKEN_RESULTS.has(kind as string)) {
    const e = bucketEvent(row, bucket.start_time, bucket.end_time, 'usage-api', ctx);
    if (typeof e === 'string') ctx.skip(e);
    else ctx.event(e);
  } else ctx.skip(`usage result kind ${String(kind)} is not token usage of a model`);
}
