import { InvalidInputError } from '../errors.js';

/**
 * One request's token counts, as OpenAI reports them: cachedInput and cacheWrite are PART OF
 * input; reasoning is PART OF output. The non-text classes are parts too: audio and image input
 * tokens are part of input (their cached shares part of cachedInput), audio and image output
 * tokens part of output, and 12-hour cache writes part of cacheWrite. Absent means 0.
 */
export interface TokenCounts {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  audioInput?: number;
  cachedAudioInput?: number;
  imageInput?: number;
  cachedImageInput?: number;
  audioOutput?: number;
  imageOutput?: number;
  cacheWrite12h?: number;
}

export const NO_TOKENS: TokenCounts = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0 };

/** Names used in messages; the CLI passes its flag names so errors point at the flag. */
export type TokenFieldNames = Record<keyof TokenCounts, string>;

const DEFAULT_NAMES: TokenFieldNames = {
  input: 'input',
  cachedInput: 'cached',
  cacheWrite: 'cache-write',
  output: 'output',
  reasoning: 'reasoning',
  audioInput: 'audio-input',
  cachedAudioInput: 'cached-audio-input',
  imageInput: 'image-input',
  cachedImageInput: 'cached-image-input',
  audioOutput: 'audio-output',
  imageOutput: 'image-output',
  cacheWrite12h: 'cache-write-12h',
};

/** The count of a class, 0 when absent. */
export function count(tokens: TokenCounts, key: keyof TokenCounts): number {
  return tokens[key] ?? 0;
}

/** Checks counts are whole, non-negative, and that every subset fits inside its total. */
export function validateTokens(
  tokens: TokenCounts,
  names: Partial<TokenFieldNames> = DEFAULT_NAMES,
  origin?: string,
): TokenCounts {
  const name = (k: keyof TokenCounts) => names[k] ?? DEFAULT_NAMES[k];
  for (const key of Object.keys(DEFAULT_NAMES) as (keyof TokenCounts)[]) {
    const v = count(tokens, key);
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new InvalidInputError(`${name(key)} must be a whole number ≥ 0, got ${v}`, origin);
    }
  }
  const part = (sub: (keyof TokenCounts)[], whole: keyof TokenCounts | number, why: string) => {
    const subTotal = sub.reduce((s, k) => s + count(tokens, k), 0);
    const wholeTotal = typeof whole === 'number' ? whole : count(tokens, whole);
    if (subTotal > wholeTotal) {
      const label = sub.map((k) => `${name(k)} (${count(tokens, k)})`).join(' + ');
      const of = typeof whole === 'number' ? why : `${name(whole)} (${wholeTotal})`;
      throw new InvalidInputError(`${label} exceeds ${of}; ${why}`, origin);
    }
  };
  part(['cachedInput', 'cacheWrite'], 'input', 'cached and cache-write tokens are part of input');
  part(['reasoning'], 'output', 'reasoning tokens are part of output');
  part(['cachedAudioInput'], 'audioInput', 'cached audio tokens are part of audio input');
  part(['cachedImageInput'], 'imageInput', 'cached image tokens are part of image input');
  part(
    ['cachedAudioInput', 'cachedImageInput'],
    'cachedInput',
    'cached audio and image tokens are part of cached input',
  );
  const uncached = tokens.input - tokens.cachedInput - tokens.cacheWrite;
  const uncachedMedia =
    count(tokens, 'audioInput') -
    count(tokens, 'cachedAudioInput') +
    count(tokens, 'imageInput') -
    count(tokens, 'cachedImageInput');
  if (uncachedMedia > uncached) {
    throw new InvalidInputError(
      `uncached ${name('audioInput')} + ${name('imageInput')} tokens (${uncachedMedia}) exceed uncached ${name('input')} (${uncached}); audio and image tokens are part of input`,
      origin,
    );
  }
  part(['cacheWrite12h'], 'cacheWrite', '12-hour cache writes are part of cache-write tokens');
  part(['audioOutput', 'imageOutput'], 'output', 'audio and image output tokens are part of output');
  part(
    ['reasoning', 'audioOutput', 'imageOutput'],
    'output',
    'reasoning tokens are text output, apart from audio and image output',
  );
  return tokens;
}
