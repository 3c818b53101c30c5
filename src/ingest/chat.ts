import type { Tier, UsageEvent } from '../usage-event.js';
import { type ParseContext, type TokenFields, checkTokens } from './context.js';
import { type Json, asObject, count, effortOf, optCount, reject, secondsTs, servedTier } from './fields.js';
import { hashKey } from './keys.js';
import { dimension, tagsOf } from './redact.js';
import { emit } from './responses.js';
import { mediaTokens } from './usage-details.js';

const NAMES = {
  input: 'prompt_tokens',
  cached: 'cached_tokens',
  cacheWrite: 'cache_write_tokens',
  output: 'completion_tokens',
  reasoning: 'reasoning_tokens',
};

/** Chat `usage` → token counts. Rejected prediction tokens are already inside completion_tokens. */
export function chatTokens(usage: Json): TokenFields {
  const inDetails = asObject(usage.prompt_tokens_details);
  const outDetails = asObject(usage.completion_tokens_details);
  return checkTokens(
    {
      inputTokens: count(usage.prompt_tokens, NAMES.input),
      cachedInputTokens: inDetails ? optCount(inDetails.cached_tokens, NAMES.cached) : 0,
      cacheWriteTokens: inDetails
        ? optCount(inDetails.cache_write_tokens, NAMES.cacheWrite)
        : optCount(usage.cache_write_tokens, NAMES.cacheWrite),
      outputTokens: count(usage.completion_tokens, NAMES.output),
      reasoningTokens: outDetails ? optCount(outDetails.reasoning_tokens, NAMES.reasoning) : 0,
    },
    NAMES,
  );
}

/**
 * A Chat Completions object or usage chunk → event, or a skip reason when it carries no usage
 * (every chunk but the last of a stream). Tags = metadata; project/user from metadata.
 */
export function chatEvent(c: Json, ctx: ParseContext, format: string, tier?: Tier): UsageEvent | string {
  const usage = c.usage;
  if (usage === null || usage === undefined) {
    return c.object === 'chat.completion.chunk'
      ? 'stream chunk without usage'
      : 'chat completion without usage';
  }
  const u = asObject(usage);
  if (!u) reject(`usage must be an object, got ${Array.isArray(usage) ? 'array' : typeof usage}`);
  const tokens = chatTokens(u);
  const classes = mediaTokens(
    tokens,
    asObject(u.prompt_tokens_details),
    asObject(u.completion_tokens_details),
    {
      input: 'prompt_tokens_details',
      output: 'completion_tokens_details',
    },
  );
  const model = c.model;
  if (typeof model !== 'string' || model === '') reject('model is missing');
  const tsMs = secondsTs(c.created, 'created', ctx.nowMs);
  const id = c.id;
  const metadata = asObject(c.metadata);
  const event: UsageEvent = {
    key: typeof id === 'string' && id !== '' ? `chat:${id}` : hashKey(c),
    kind: 'request',
    tsMs,
    model,
    tier: tier ?? servedTier(c.service_tier),
    requests: 1,
    ...tokens,
    ...classes,
    billed: true,
    format,
    sourceFile: ctx.file,
    sourceLine: ctx.line,
  };
  const effort = effortOf(c.reasoning_effort);
  if (effort) event.effort = effort;
  const user = dimension(c.user) ?? dimension(metadata?.user);
  if (user) event.user = user;
  const project = dimension(metadata?.project);
  if (project) event.project = project;
  const tags = tagsOf(metadata);
  if (tags) event.tags = tags;
  return event;
}

/** A Chat Completions object. */
export function parseChatObject(c: Json, ctx: ParseContext): void {
  emit(chatEvent(c, ctx, 'chat'), ctx);
}

/** A Chat stream chunk: only the chunk with non-null usage counts. */
export function parseChatChunk(c: Json, ctx: ParseContext): void {
  emit(chatEvent(c, ctx, 'chat-stream'), ctx);
}
