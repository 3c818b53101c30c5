import { attoPerTokenFromUsdPer1M, type Decimal, mulDecimal, parseDecimal } from '../money.js';
import type { RateSetData } from './schema.js';

/**
 * Rates of one model × version × context × tier, in atto-dollars per token. `undefined` marks a
 * token class the model has no price for (audio, image output): usage of it cannot be priced.
 */
export interface Rates {
  readonly input: bigint;
  readonly cachedInput: bigint;
  readonly cacheWrite: bigint;
  /** Cache writes kept 12 hours (extended prompt-cache retention). */
  readonly cacheWrite12h: bigint;
  readonly output: bigint;
  readonly audioInput: bigint | undefined;
  readonly cachedAudioInput: bigint | undefined;
  readonly audioOutput: bigint | undefined;
  readonly imageInput: bigint;
  readonly cachedImageInput: bigint;
  readonly imageOutput: bigint | undefined;
}

const perToken = (v: string | number): bigint => attoPerTokenFromUsdPer1M(parseDecimal(v)!);
const optional = (v: string | number | undefined): bigint | undefined =>
  v === undefined ? undefined : perToken(v);

/** A rate set from the book → per-token rates, with the schema's fallbacks for missing classes. */
export function explicitRates(set: RateSetData): Rates {
  const input = perToken(set.input);
  // No cached rate listed: no discount. No write rate: writes cost nothing extra (billed as input).
  const cachedInput = optional(set.cached_input) ?? input;
  const cacheWrite = optional(set.cache_write) ?? input;
  const audioInput = optional(set.audio_input);
  // Chat models bill image tokens as text input (images guide), so images fall back to text rates.
  const imageInput = optional(set.image_input) ?? input;
  return {
    input,
    cachedInput,
    cacheWrite,
    cacheWrite12h: optional(set.cache_write_12h) ?? cacheWrite,
    output: perToken(set.output),
    audioInput,
    cachedAudioInput: optional(set.cached_audio_input) ?? audioInput,
    audioOutput: optional(set.audio_output),
    imageInput,
    cachedImageInput:
      optional(set.cached_image_input) ?? (set.image_input === undefined ? cachedInput : imageInput),
    imageOutput: optional(set.image_output),
  };
}

const scale = (v: bigint, f: Decimal) => mulDecimal(v, f);
const scaleOpt = (v: bigint | undefined, f: Decimal) => (v === undefined ? undefined : mulDecimal(v, f));

/** Every rate × factor (a tier multiplier, a derived model's multiple). */
export function scaleRates(rates: Rates, factor: Decimal): Rates {
  return {
    input: scale(rates.input, factor),
    cachedInput: scale(rates.cachedInput, factor),
    cacheWrite: scale(rates.cacheWrite, factor),
    cacheWrite12h: scale(rates.cacheWrite12h, factor),
    output: scale(rates.output, factor),
    audioInput: scaleOpt(rates.audioInput, factor),
    cachedAudioInput: scaleOpt(rates.cachedAudioInput, factor),
    audioOutput: scaleOpt(rates.audioOutput, factor),
    imageInput: scale(rates.imageInput, factor),
    cachedImageInput: scale(rates.cachedImageInput, factor),
    imageOutput: scaleOpt(rates.imageOutput, factor),
  };
}

/** The same rates without any cache-read discount (derived Pro models: OpenAI lists no cached rate). */
export function withoutCacheDiscount(rates: Rates): Rates {
  return {
    ...rates,
    cachedInput: rates.input,
    cachedAudioInput: rates.audioInput,
    cachedImageInput: rates.imageInput,
  };
}
