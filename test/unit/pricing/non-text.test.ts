import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotOfferedError } from '../../../src/errors.js';
import { addMoney, type Money, usdString } from '../../../src/money.js';
import { costOf, sumLines } from '../../../src/pricing/cost.js';
import type { TokenCounts } from '../../../src/pricing/tokens.js';
import { book, NOW, tokens } from './helpers.js';

/** Laws of the cost engine for audio, image and 12-hour cache-write tokens, and tool fees. */

/** Models with audio and image rates at NOW (realtime: both; image models: image in and out). */
const AUDIO_MODELS = ['gpt-realtime', 'gpt-realtime-mini', 'gpt-4o-realtime-preview', 'gpt-audio'];
const IMAGE_MODELS = ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-2', 'gpt-realtime'];

/** Counts that respect every subset rule: media and cached shares inside input, media output inside output. */
const mixed = (audio: boolean, imageOut: boolean): fc.Arbitrary<TokenCounts> =>
  fc
    .record({
      input: fc.integer({ min: 0, max: 200_000 }),
      shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
      output: fc.integer({ min: 0, max: 50_000 }),
    })
    .map(({ input, shares, output }) => {
      const [a, ca, i, ci, w, w12, ao, io] = shares as number[] as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const audioInput = audio ? Math.floor(input * a * 0.5) : 0;
      const imageInput = Math.floor((input - audioInput) * i * 0.5);
      const cachedAudioInput = Math.floor(audioInput * ca);
      const cachedImageInput = Math.floor(imageInput * ci);
      const cachedInput = cachedAudioInput + cachedImageInput;
      const textUncached = input - audioInput - imageInput;
      const cacheWrite = Math.floor(textUncached * w);
      const audioOutput = audio ? Math.floor(output * ao) : 0;
      const imageOutput = imageOut ? Math.floor((output - audioOutput) * io) : 0;
      return {
        ...tokens({ input, cachedInput, cacheWrite, output }),
        audioInput,
        cachedAudioInput,
        imageInput,
        cachedImageInput,
        cacheWrite12h: Math.floor(cacheWrite * w12),
        audioOutput,
        imageOutput,
      };
    });

const total = (model: string, t: TokenCounts): Money => costOf(book, { model, tokens: t, atMs: NOW }).total;

describe('non-text token classes', () => {
  it('never go negative and add up exactly across requests (audio models)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AUDIO_MODELS),
        fc.array(mixed(true, false), { minLength: 1, maxLength: 4 }),
        (model, requests) => {
          const sum: TokenCounts = tokens({});
          for (const r of requests) {
            for (const k of Object.keys(r) as (keyof TokenCounts)[]) sum[k] = (sum[k] ?? 0) + (r[k] ?? 0);
          }
          const costs = requests.map((r) => total(model, r));
          for (const c of costs) expect(c).toBeGreaterThanOrEqual(0n);
          expect(total(model, sum)).toBe(addMoney(...costs));
        },
      ),
    );
  });

  it('move exactly (rate difference × tokens) when input tokens are reclassified as audio or image', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IMAGE_MODELS),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (model, text, k) => {
          const r = costOf(book, { model, tokens: tokens({ input: text + k }), atMs: NOW });
          const asImage = total(model, { ...tokens({ input: text + k }), imageInput: k });
          expect(asImage - r.total).toBe(BigInt(k) * (r.rates.imageInput - r.rates.input));
        },
      ),
    );
  });

  it('price image models line by line (gpt-image-1: 1,000 text in, 2,000 image in of which 500 cached, 4,000 image out)', () => {
    const r = costOf(book, {
      model: 'gpt-image-1',
      atMs: NOW,
      tokens: {
        ...tokens({ input: 3000, cachedInput: 500, output: 4000 }),
        imageInput: 2000,
        cachedImageInput: 500,
        imageOutput: 4000,
      },
    });
    // 1,000 × $5 + 1,500 × $10 + 500 × $2.50 + 4,000 × $40 per 1M
    expect(usdString(r.lines.input)).toBe('0.005');
    expect(usdString(r.lines.imageInput)).toBe('0.015');
    expect(usdString(r.lines.cachedImageInput)).toBe('0.00125');
    expect(usdString(r.lines.imageOutput)).toBe('0.16');
    expect(usdString(r.lines.output)).toBe('0');
    expect(usdString(r.total)).toBe('0.18125');
    expect(sumLines(r.lines)).toBe(r.total);
  });

  it('price 12-hour cache writes at their own rate (gpt-6.1-terra) and leave text-only usage unchanged', () => {
    const at = Date.parse('2026-11-01T00:00:00Z');
    const base = tokens({ input: 10_000, cacheWrite: 4000, output: 100 });
    const plain = costOf(book, { model: 'gpt-6.1-terra', tokens: base, atMs: at });
    const longer = costOf(book, {
      model: 'gpt-6.1-terra',
      tokens: { ...base, cacheWrite12h: 4000 },
      atMs: at,
    });
    // 4,000 writes × (2.50 − 1.25) per 1M
    expect(usdString(longer.total - plain.total)).toBe('0.005');
  });

  it('are an error, not $0, on a model without that class', () => {
    expect(() =>
      costOf(book, { model: 'gpt-5.5', atMs: NOW, tokens: { ...tokens({ input: 100 }), audioInput: 10 } }),
    ).toThrow(NotOfferedError);
    expect(() =>
      costOf(book, { model: 'gpt-5.5', atMs: NOW, tokens: { ...tokens({ output: 100 }), imageOutput: 10 } }),
    ).toThrow(/gpt-5.5 has no image output price/);
  });

  it('must fit inside their totals', () => {
    const bad: [Partial<TokenCounts>, RegExp][] = [
      [{ input: 10, audioInput: 20 }, /audio and image tokens are part of input/],
      [{ input: 10, audioInput: 5, cachedAudioInput: 6 }, /cached audio tokens are part of audio input/],
      [{ input: 10, cachedInput: 1, imageInput: 5, cachedImageInput: 2 }, /part of cached input/],
      [{ output: 10, audioOutput: 6, imageOutput: 6 }, /part of output/],
      [{ input: 10, cacheWrite: 2, cacheWrite12h: 3 }, /12-hour cache writes/],
    ];
    for (const [t, message] of bad) {
      expect(() =>
        costOf(book, { model: 'gpt-realtime', atMs: NOW, tokens: { ...tokens({}), ...t } }),
      ).toThrow(message);
    }
  });
});

describe('tool fees', () => {
  it('price per call exactly and add to the total', () => {
    const r = costOf(book, {
      model: 'gpt-4o-search-preview',
      atMs: NOW,
      tokens: tokens({ input: 1000, output: 100 }),
      tools: {
        webSearchCalls: 3,
        searchContextSize: 'medium',
        fileSearchCalls: 2,
        codeInterpreterSessions: 1,
        vectorStoreGbDays: { units: 15n, scale: 1 },
      },
    });
    expect(r.toolLines.map((l) => [l.id, usdString(l.amount)])).toEqual([
      ['web_search', '0.105'],
      ['file_search', '0.005'],
      ['code_interpreter', '0.03'],
      ['vector_store_storage', '0.15'],
    ]);
    expect(r.total).toBe(r.tokensCost + r.tools);
  });

  it('are additive in the number of calls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const fee = (n: number) =>
          costOf(book, {
            model: 'gpt-5.5',
            atMs: NOW,
            tokens: tokens({}),
            tools: { webSearchCalls: n, fileSearchCalls: n },
          }).tools;
        expect(fee(a + b)).toBe(fee(a) + fee(b));
      }),
    );
  });
});
