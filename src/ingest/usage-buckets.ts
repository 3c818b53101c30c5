import type { UsageEvent } from '../usage-event.js';
import type { TokenFields } from './context.js';
import { type Json, optCount, reject } from './fields.js';
import type { UsageClassFields } from './usage-details.js';

/**
 * Audio and image classes of a Usage API completions result (or dashboard usage-export row). The
 * breakdown fields changed meaning (log-formats.md §6): in the current shape, which also carries
 * `input_uncached_tokens`, `input_audio_tokens` / `input_image_tokens` count UNCACHED tokens and
 * the `input_cached_*` fields the cached ones (OpenAI's example: text 400 + audio 50 + image 50 =
 * uncached 500); in the older shape without `input_uncached_tokens`, `input_audio_tokens` counted
 * audio "including cached". Totals are never rebuilt from the breakdowns: `input_tokens` and
 * `output_tokens` stay the billing totals, the classes are parts of them.
 */
export function bucketMediaTokens(row: Json, tokens: TokenFields): UsageClassFields {
  const uncachedShape = row.input_uncached_tokens !== undefined && row.input_uncached_tokens !== null;
  const cachedAudio = optCount(row.input_cached_audio_tokens, 'input_cached_audio_tokens');
  const cachedImage = optCount(row.input_cached_image_tokens, 'input_cached_image_tokens');
  const audio = optCount(row.input_audio_tokens, 'input_audio_tokens') + (uncachedShape ? cachedAudio : 0);
  const image = optCount(row.input_image_tokens, 'input_image_tokens') + (uncachedShape ? cachedImage : 0);
  const audioOut = optCount(row.output_audio_tokens, 'output_audio_tokens');
  const imageOut = optCount(row.output_image_tokens, 'output_image_tokens');
  if (cachedAudio > audio || cachedImage > image)
    reject('input_cached_audio/image_tokens exceed their totals');
  if (cachedAudio + cachedImage > tokens.cachedInputTokens) {
    reject(
      `input_cached_audio_tokens ${cachedAudio} + input_cached_image_tokens ${cachedImage} > input_cached_tokens ${tokens.cachedInputTokens}`,
    );
  }
  const uncached = tokens.inputTokens - tokens.cachedInputTokens - tokens.cacheWriteTokens;
  if (audio - cachedAudio + image - cachedImage > uncached) {
    reject(
      `uncached audio ${audio - cachedAudio} + image ${image - cachedImage} tokens > uncached input ${uncached}`,
    );
  }
  if (audioOut + imageOut > tokens.outputTokens) {
    reject(
      `output_audio_tokens ${audioOut} + output_image_tokens ${imageOut} > output_tokens ${tokens.outputTokens}`,
    );
  }
  const out: UsageClassFields = {};
  if (audio) out.audioInputTokens = audio;
  if (cachedAudio) out.cachedAudioInputTokens = cachedAudio;
  if (image) out.imageInputTokens = image;
  if (cachedImage) out.cachedImageInputTokens = cachedImage;
  if (audioOut) out.audioOutputTokens = audioOut;
  if (imageOut) out.imageOutputTokens = imageOut;
  return out;
}

/** What a non-token Usage API result counts, and the extra grouping fields its natural key needs. */
export interface UnitResult {
  /** The model a row without one is stored under (vector stores and sessions have no model). */
  model?: string;
  /** Grouping fields beyond project, user, key and model (images: size and source). */
  groupings: readonly string[];
  units(row: Json, hours: number): Partial<UsageEvent>;
}

/**
 * Usage API endpoints that are not token usage, by result object. Field names from OpenAI's API
 * reference (platform.openai.com/docs/api-reference/usage/images_object, audio_speeches_object,
 * audio_transcriptions_object, vector_stores_object, code_interpreter_sessions_object). Vector
 * stores report the bytes stored during the bucket; storage is billed per GB-day, so the fact kept
 * is bytes × the bucket's hours. Code-interpreter sessions are `num_sessions` (`sessions` in older
 * generated clients).
 */
export const UNIT_RESULTS: Readonly<Record<string, UnitResult>> = {
  'organization.usage.images.result': {
    groupings: ['size', 'source'],
    units: (row) => ({ images: optCount(row.images, 'images') }),
  },
  'organization.usage.audio_speeches.result': {
    groupings: [],
    units: (row) => ({ speechCharacters: optCount(row.characters, 'characters') }),
  },
  'organization.usage.audio_transcriptions.result': {
    groupings: [],
    units: (row) => ({ transcriptionSeconds: optCount(row.seconds, 'seconds') }),
  },
  'organization.usage.vector_stores.result': {
    model: 'vector-store',
    groupings: [],
    units: (row, hours) => ({ vectorStoreByteHours: optCount(row.usage_bytes, 'usage_bytes') * hours }),
  },
  'organization.usage.code_interpreter_sessions.result': {
    model: 'code-interpreter',
    groupings: [],
    units: (row) => ({
      codeInterpreterSessions: optCount(row.num_sessions ?? row.sessions, 'num_sessions'),
    }),
  },
};
