import type { Tier, UsageEvent } from '../usage-event.js';
import { type ParseContext, NO_TOKENS, type TokenFields, checkTokens } from './context.js';
import { type Json, asObject, count, effortOf, optCount, reject, secondsTs, servedTier } from './fields.js';
import { hashKey } from './keys.js';
import { dimension, tagsOf } from './redact.js';
import { extendedCacheWrites, hostedToolCalls, mediaTokens, type UsageClassFields } from './usage-details.js';

const NAMES = {
  input: 'input_tokens',
  cached: 'cached_tokens',
  cacheWrite: 'cache_write_tokens',
  output: 'output_tokens',
  reasoning: 'reasoning_tokens',
};

/** Responses `usage` → token counts (detail counts default to 0). */
export function responsesTokens(usage: Json): TokenFields {
  const inDetails = asObject(usage.input_tokens_details);
  const outDetails = asObject(usage.output_tokens_details);
  return checkTokens(
    {
      inputTokens: count(usage.input_tokens, NAMES.input),
      cachedInputTokens: inDetails ? optCount(inDetails.cached_tokens, NAMES.cached) : 0,
      cacheWriteTokens: inDetails ? optCount(inDetails.cache_write_tokens, NAMES.cacheWrite) : 0,
      outputTokens: count(usage.output_tokens, NAMES.output),
      reasoningTokens: outDetails ? optCount(outDetails.reasoning_tokens, NAMES.reasoning) : 0,
    },
    NAMES,
  );
}

/**
 * A Responses API object → event, or a skip reason. Terminal statuses only: completed and
 * incomplete are billed (incomplete still consumed tokens), failed is unbilled with 0 tokens,
 * cancelled is billed when it reports usage; queued/in_progress snapshots are skipped.
 * Dimensions: user = safety_identifier ?? user ?? metadata.user; project = metadata.project;
 * tags = metadata.
 */
export function responseEvent(r: Json, ctx: ParseContext, format: string, tier?: Tier): UsageEvent | string {
  const status = r.status;
  if (status === 'in_progress' || status === 'queued') return `response ${status} snapshot`;
  const usage = r.usage;
  let billed = true;
  let tokens: TokenFields;
  let classes: UsageClassFields = {};
  if (status === 'failed') {
    billed = false;
    tokens = NO_TOKENS;
  } else if (usage === null || usage === undefined) {
    if (status !== 'cancelled') return `response ${String(status ?? 'without status')} has no usage`;
    billed = false;
    tokens = NO_TOKENS;
  } else {
    const u = asObject(usage);
    if (!u) reject(`usage must be an object, got ${Array.isArray(usage) ? 'array' : typeof usage}`);
    tokens = responsesTokens(u);
    classes = {
      ...mediaTokens(tokens, asObject(u.input_tokens_details), asObject(u.output_tokens_details), {
        input: 'input_tokens_details',
        output: 'output_tokens_details',
      }),
      ...extendedCacheWrites(r, tokens),
      ...hostedToolCalls(r),
    };
  }
  const model = r.model;
  if (typeof model !== 'string' || model === '') reject('model is missing');
  const tsMs = secondsTs(r.created_at, 'created_at', ctx.nowMs);
  const id = r.id;
  const metadata = asObject(r.metadata);
  const event: UsageEvent = {
    key: typeof id === 'string' && id !== '' ? `resp:${id}` : hashKey(r),
    kind: 'request',
    tsMs,
    model,
    tier: tier ?? servedTier(r.service_tier),
    requests: 1,
    ...tokens,
    ...classes,
    billed,
    format,
    sourceFile: ctx.file,
    sourceLine: ctx.line,
  };
  const effort = effortOf(asObject(r.reasoning)?.effort ?? r.reasoning_effort);
  if (effort) event.effort = effort;
  const user = dimension(r.safety_identifier) ?? dimension(r.user) ?? dimension(metadata?.user);
  if (user) event.user = user;
  const project = dimension(metadata?.project);
  if (project) event.project = project;
  const tags = tagsOf(metadata);
  if (tags) event.tags = tags;
  return event;
}

const TERMINAL_EVENTS = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.cancelled',
]);

/** A Responses stream event: only terminal events carry usage; the tier comes from that event. */
export function parseResponsesStreamEvent(e: Json, ctx: ParseContext): void {
  const type = String(e.type);
  if (!TERMINAL_EVENTS.has(type)) {
    ctx.skip(`stream event ${type}`);
    return;
  }
  const r = asObject(e.response);
  if (!r) reject(`${type} event has no response object`);
  emit(responseEvent(r, ctx, 'responses-stream'), ctx);
}

/** A Responses object line or document. */
export function parseResponseObject(r: Json, ctx: ParseContext): void {
  emit(responseEvent(r, ctx, 'responses'), ctx);
}

/** Emits an event, or a skip when the parser returned a reason. */
export function emit(result: UsageEvent | string, ctx: ParseContext): void {
  if (typeof result === 'string') ctx.skip(result);
  else ctx.event(result);
}
