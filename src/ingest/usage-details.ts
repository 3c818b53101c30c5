import type { UsageEvent } from '../usage-event.js';
import type { TokenFields } from './context.js';
import { asObject, asString, type Json, optCount, reject } from './fields.js';

/** The non-text parts of one record's usage (store/columns.ts USAGE_CLASSES); absent classes left out. */
export type UsageClassFields = Pick<
  UsageEvent,
  | 'audioInputTokens'
  | 'cachedAudioInputTokens'
  | 'imageInputTokens'
  | 'cachedImageInputTokens'
  | 'audioOutputTokens'
  | 'imageOutputTokens'
  | 'cacheWrite12hTokens'
  | 'webSearchCallsLow'
  | 'webSearchCallsMedium'
  | 'webSearchCallsHigh'
  | 'fileSearchCalls'
  | 'codeInterpreterSessions'
>;

/**
 * Audio and image token classes from a usage object's detail blocks: Chat
 * (`prompt_tokens_details` / `completion_tokens_details`), Responses and the Images API
 * (`input_tokens_details` / `output_tokens_details`) and Realtime (`input_token_details` /
 * `output_token_details`, with `cached_tokens_details`). Every one is a PART of input or output
 * (OpenAI's accounting), so a breakdown larger than its total rejects the record, naming the field.
 *
 * Cached shares: Realtime reports them (`cached_tokens_details.audio_tokens`); Chat does not. When
 * the uncached input cannot hold all the audio and image tokens, the excess must have been served
 * from the cache, so it is counted as cached audio (then cached image) — the least caching that
 * makes the counts consistent, and exactly what a fully cached media prompt reports.
 */
export function mediaTokens(
  tokens: TokenFields,
  inDetails: Json | undefined,
  outDetails: Json | undefined,
  prefix: { input: string; output: string },
): UsageClassFields {
  const out: UsageClassFields = {};
  const cachedDetails = asObject(inDetails?.cached_tokens_details);
  const audioIn = optCount(inDetails?.audio_tokens, `${prefix.input}.audio_tokens`);
  const imageIn = optCount(inDetails?.image_tokens, `${prefix.input}.image_tokens`);
  let cachedAudio = optCount(
    cachedDetails?.audio_tokens,
    `${prefix.input}.cached_tokens_details.audio_tokens`,
  );
  let cachedImage = optCount(
    cachedDetails?.image_tokens,
    `${prefix.input}.cached_tokens_details.image_tokens`,
  );
  if (audioIn + imageIn > tokens.inputTokens) {
    reject(`${prefix.input}.audio_tokens ${audioIn} + image_tokens ${imageIn} > input ${tokens.inputTokens}`);
  }
  if (
    cachedAudio > audioIn ||
    cachedImage > imageIn ||
    cachedAudio + cachedImage > tokens.cachedInputTokens
  ) {
    reject(`${prefix.input}.cached_tokens_details exceed the audio/image or cached token counts`);
  }
  const uncached = tokens.inputTokens - tokens.cachedInputTokens - tokens.cacheWriteTokens;
  let excess = audioIn - cachedAudio + imageIn - cachedImage - uncached;
  if (excess > 0) {
    const moreAudio = Math.min(excess, audioIn - cachedAudio);
    cachedAudio += moreAudio;
    excess -= moreAudio;
    cachedImage += Math.min(excess, imageIn - cachedImage);
  }
  if (cachedAudio + cachedImage > tokens.cachedInputTokens) {
    reject(`${prefix.input} audio and image tokens do not fit the uncached and cached input`);
  }
  const audioOut = optCount(outDetails?.audio_tokens, `${prefix.output}.audio_tokens`);
  const imageOut = optCount(outDetails?.image_tokens, `${prefix.output}.image_tokens`);
  if (audioOut + imageOut + tokens.reasoningTokens > tokens.outputTokens) {
    reject(
      `${prefix.output}.audio_tokens ${audioOut} + image_tokens ${imageOut} + reasoning ${tokens.reasoningTokens} > output ${tokens.outputTokens}`,
    );
  }
  if (audioIn) out.audioInputTokens = audioIn;
  if (cachedAudio) out.cachedAudioInputTokens = cachedAudio;
  if (imageIn) out.imageInputTokens = imageIn;
  if (cachedImage) out.cachedImageInputTokens = cachedImage;
  if (audioOut) out.audioOutputTokens = audioOut;
  if (imageOut) out.imageOutputTokens = imageOut;
  return out;
}

/**
 * Cache writes with extended (12-hour) retention: a response that says its prompt cache was kept
 * beyond the in-memory default (`prompt_cache_retention` "24h"/"12h", or `prompt_cache_options.ttl`
 * "12h"/"24h") wrote all of its cache-write tokens with that retention.
 */
export function extendedCacheWrites(r: Json, tokens: TokenFields): UsageClassFields {
  if (tokens.cacheWriteTokens === 0) return {};
  const retention = asString(r.prompt_cache_retention) ?? asString(asObject(r.prompt_cache_options)?.ttl);
  return retention === '24h' || retention === '12h' ? { cacheWrite12hTokens: tokens.cacheWriteTokens } : {};
}

/**
 * Hosted tool calls of a Responses object: `web_search_call`, `file_search_call` and
 * `code_interpreter_call` items in `output` (a code-interpreter container is one session however
 * many calls run in it, so sessions are distinct `container_id`s). Web search calls take the search
 * context size of the response's web_search tool (`tools[].search_context_size`, default medium);
 * `tool_usage.web_search.num_requests` (2026 captures) wins over counting items when present.
 */
export function hostedToolCalls(r: Json): UsageClassFields {
  const output = Array.isArray(r.output) ? r.output : [];
  let web = 0;
  let file = 0;
  const containers = new Set<string>();
  let unnamedContainers = 0;
  for (const item of output) {
    const o = asObject(item);
    if (!o) continue;
    if (o.type === 'web_search_call') web++;
    else if (o.type === 'file_search_call') file++;
    else if (o.type === 'code_interpreter_call') {
      const id = asString(o.container_id);
      if (id) containers.add(id);
      else unnamedContainers = 1;
    }
  }
  const reported = asObject(asObject(r.tool_usage)?.web_search)?.num_requests;
  if (reported !== undefined && reported !== null)
    web = optCount(reported, 'tool_usage.web_search.num_requests');
  const out: UsageClassFields = {};
  if (web > 0) {
    const size = searchContextSize(r.tools);
    if (size === 'low') out.webSearchCallsLow = web;
    else if (size === 'high') out.webSearchCallsHigh = web;
    else out.webSearchCallsMedium = web;
  }
  if (file > 0) out.fileSearchCalls = file;
  const sessions = containers.size + unnamedContainers;
  if (sessions > 0) out.codeInterpreterSessions = sessions;
  return out;
}

function searchContextSize(tools: unknown): string | undefined {
  if (!Array.isArray(tools)) return undefined;
  for (const t of tools) {
    const tool = asObject(t);
    if (tool && typeof tool.type === 'string' && tool.type.startsWith('web_search')) {
      return asString(tool.search_context_size);
    }
  }
  return undefined;
}
