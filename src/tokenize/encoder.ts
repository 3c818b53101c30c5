import { createHash } from 'node:crypto';
import { get_encoding, type Tiktoken, type TiktokenEncoding } from 'tiktoken';
import { invalidValue } from '../errors.js';

/** One tiktoken encoder per encoding for the whole process (loading o200k_base takes ~0.2 s). */
const encoders = new Map<string, Tiktoken>();

export function getEncoder(encoding: string): Tiktoken {
  let enc = encoders.get(encoding);
  if (!enc) {
    try {
      enc = get_encoding(encoding as TiktokenEncoding);
    } catch (cause) {
      throw invalidValue(
        'price book',
        `unknown tokenizer encoding "${encoding}"`,
        'o200k_base, cl100k_base, o200k_harmony',
        { cause },
      );
    }
    encoders.set(encoding, enc);
  }
  return enc;
}

/** Frees every cached encoder (tests and long-lived hosts); the next count reloads them. */
export function freeEncoders(): void {
  for (const enc of encoders.values()) enc.free();
  encoders.clear();
}

/** Texts at least this long are memoized by a SHA-1 of their content instead of by the string. */
const HASH_KEY_CHARS = 4096;
/** Stop memoizing once this many distinct texts are cached (bounded memory on huge batches). */
const MAX_MEMO_ENTRIES = 200_000;

/**
 * Counts tokens exactly as the API does for ordinary text: special-token strings such as
 * `<|endoftext|>` are plain text here (encode_ordinary), never an error. Counts are memoized by
 * content so shared system prompts in a batch are tokenized once.
 */
export class TokenCounter {
  private readonly memo = new Map<string, number>();
  /** Characters actually sent to the tokenizer (memo misses); the rest came from the memo. */
  encodedChars = 0;

  constructor(readonly encoding: string) {}

  /** The last few long texts by reference: the same string object is found without hashing it. */
  private readonly recent: { text: string; tokens: number }[] = [];

  count(text: string): number {
    if (text.length === 0) return 0;
    if (text.length >= HASH_KEY_CHARS) {
      const seen = this.recent.find((r) => r.text === text);
      if (seen) return seen.tokens;
    }
    const key = memoKey(text);
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const n = getEncoder(this.encoding).encode_ordinary(text).length;
    this.encodedChars += text.length;
    this.remember(text, n, key);
    return n;
  }

  /** Remembers a count computed elsewhere (worker threads) for this text. */
  remember(text: string, tokens: number, key = memoKey(text)): void {
    if (this.memo.size < MAX_MEMO_ENTRIES) this.memo.set(key, tokens);
    if (text.length >= HASH_KEY_CHARS) {
      this.recent.unshift({ text, tokens });
      if (this.recent.length > 4) this.recent.pop();
    }
  }
}

function memoKey(text: string): string {
  return text.length >= HASH_KEY_CHARS ? `#${createHash('sha1').update(text).digest('base64')}` : text;
}

const counters = new Map<string, TokenCounter>();

/** The process-wide memoizing counter of an encoding. */
export function counterFor(encoding: string): TokenCounter {
  let c = counters.get(encoding);
  if (!c) {
    c = new TokenCounter(encoding);
    counters.set(encoding, c);
  }
  return c;
}
