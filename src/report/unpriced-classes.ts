import { LINE_KEYS, lineQuantities } from '../pricing/cost.js';
import type { ModelEntry, PriceBook } from '../pricing/price-book.js';
import { longContextThreshold, tryRates } from '../pricing/rates.js';
import { isLongContext, type UsageClassColumn } from '../store/columns.js';
import type { UsageGroup } from '../store/ledger.js';
import type { Tier } from '../usage-event.js';
import { groupTokens, hasToolUsage, priceToolCharges } from './price-classes.js';

/** One class of a group's usage the book cannot price: what it is and how much of it there is. */
export interface UnpricedClass {
  /** A cost-engine line (audioOutput, …) or a stored column (web_search_calls_high, images, …). */
  id: string;
  /** "audio output tokens", "web search calls (high context)", "images" … */
  what: string;
  quantity: number;
}

const TOKEN_WHAT: Record<(typeof LINE_KEYS)[number], string> = {
  input: 'input tokens',
  cachedInput: 'cached input tokens',
  cacheWrite: 'cache write tokens',
  output: 'output tokens',
  cacheWrite12h: '12-hour cache write tokens',
  audioInput: 'audio input tokens',
  cachedAudioInput: 'cached audio input tokens',
  audioOutput: 'audio output tokens',
  imageInput: 'image input tokens',
  cachedImageInput: 'cached image input tokens',
  imageOutput: 'image output tokens',
};

const UNIT_WHAT: Record<UsageClassColumn, string> = {
  audio_input_tokens: 'audio input tokens',
  cached_audio_input_tokens: 'cached audio input tokens',
  image_input_tokens: 'image input tokens',
  cached_image_input_tokens: 'cached image input tokens',
  audio_output_tokens: 'audio output tokens',
  image_output_tokens: 'image output tokens',
  cache_write_12h_tokens: '12-hour cache write tokens',
  web_search_calls_low: 'web search calls (low context)',
  web_search_calls_medium: 'web search calls (medium context)',
  web_search_calls_high: 'web search calls (high context)',
  file_search_calls: 'file search calls',
  code_interpreter_sessions: 'code interpreter sessions',
  vector_store_byte_hours: 'vector store byte-hours',
  images: 'images (no per-image price for this model in the book)',
  speech_characters: 'speech characters (no per-character price for this model in the book)',
  transcription_seconds: 'transcription seconds (no per-minute price for this model in the book)',
};

/** The unit columns whose UNIT_WHAT explains itself; reason counts want the bare words. */
const UNIT_SHORT: Partial<Record<UsageClassColumn, string>> = {
  images: 'images',
  speech_characters: 'speech characters',
  transcription_seconds: 'transcription seconds',
  vector_store_byte_hours: 'vector-store storage',
};

/**
 * Short words for a class the book cannot price, as a report counts reasons: "audio input tokens
 * the book has no price for". `ambiguous`: images of a model priced by size and quality, which
 * usage buckets do not record.
 */
export function classLabel(id: string, ambiguous = false): string {
  if (ambiguous)
    return `${UNIT_SHORT[id as UsageClassColumn] ?? id} without the size and quality their price needs`;
  const what =
    TOKEN_WHAT[id as (typeof LINE_KEYS)[number]] ??
    UNIT_SHORT[id as UsageClassColumn] ??
    UNIT_WHAT[id as UsageClassColumn] ??
    id;
  return `${what} the book has no price for`;
}

/**
 * The token classes and tool fees of a group that the book cannot price at `atMs` with the model's
 * rates for its tier and context (a model without audio rates and audio tokens; a web search
 * context size with no fee; images, speech characters, transcription seconds without a per-unit
 * price, or images of a model priced by size and quality). The tier itself
 * being unpriced is findUnpriced's business: this returns [] then.
 */
export function unpricedClasses(
  book: PriceBook,
  model: ModelEntry | undefined,
  g: UsageGroup,
  atMs: number,
): UnpricedClass[] {
  const out: UnpricedClass[] = [];
  if (model) {
    const long = isLongContext(g.input_band, longContextThreshold(book, model, atMs));
    const rates = tryRates(book, model, atMs, g.tier as Tier, long ? 'long' : 'short');
    if (!rates) return [];
    const q = lineQuantities(groupTokens(g));
    for (const k of LINE_KEYS) {
      if (q[k] > 0n && rates[k] === undefined)
        out.push({ id: k, what: TOKEN_WHAT[k], quantity: Number(q[k]) });
    }
  }
  const tools = priceToolCharges(book, model, g, atMs);
  for (const column of tools.missing) {
    out.push({ id: column, what: tools.reasons[column] ?? UNIT_WHAT[column], quantity: g[column] });
  }
  return out;
}

/** Whether a group prices without a model: no tokens, only tool calls, storage or per-unit usage. */
export function isToolOnly(g: UsageGroup): boolean {
  return g.input === 0 && g.output === 0 && hasToolUsage(g);
}
