import { describe, expect, it } from 'vitest';
import { usdString } from '../../../src/money.js';
import { ModelCache, priceGroup } from '../../../src/report/price.js';
import { priceToolCharges } from '../../../src/report/price-classes.js';
import { findUnpriced } from '../../../src/report/unpriced.js';
import { ZERO_CLASS_SUMS } from '../../../src/store/columns.js';
import type { UsageGroup } from '../../../src/store/ledger.js';
import { book, ms } from '../pricing/helpers.js';

/** Non-text classes priced at report time: media lines, tool fees, storage, and what stays unpriced. */
const AT = ms('2026-11-06');
const group = (model: string, extra: Partial<UsageGroup> = {}): UsageGroup => ({
  ...ZERO_CLASS_SUMS,
  model,
  tier: 'standard',
  input_band: 0,
  regional: 0,
  billed: 1,
  reported: 0,
  gateway: '',
  byok: 0,
  requests: 1,
  input: 0,
  cached: 0,
  cache_write: 0,
  output: 0,
  reasoning: 0,
  reported_nano: 0n,
  ...extra,
});
const price = (g: UsageGroup) => priceGroup(book, new ModelCache(book), g, AT);

describe('non-text classes in reports', () => {
  it('audio tokens at the model audio rates (gpt-4o-audio-preview: 40 in, 80 out per 1M)', () => {
    const p = price(
      group('gpt-4o-audio-preview', {
        input: 1200,
        audio_input_tokens: 1000,
        output: 900,
        audio_output_tokens: 800,
      }),
    );
    expect(p.unpriced).toBe(0);
    // 1,000 × 40 + 800 × 80 per 1M = 0.04 + 0.064; text 200 × 2.5 + 100 × 10 per 1M = 0.0015
    expect(usdString(p.cost.media)).toBe('0.104');
    expect(usdString(p.cost.total)).toBe('0.1055');
  });

  it('a class the model has no rate for flags the group unpriced but keeps what it can price', () => {
    const p = price(group('gpt-5.5', { requests: 3, input: 1000, audio_input_tokens: 100, output: 10 }));
    expect(p.unpriced).toBe(3);
    // text input 900 × 5 + output 10 × 30 per 1M
    expect(usdString(p.cost.total)).toBe('0.0048');
  });

  it('web search by context size: the search-preview model fee, else the general one', () => {
    const preview = priceToolCharges(
      book,
      book.models.get('gpt-4o-search-preview'),
      group('x', { web_search_calls_high: 2 }),
      AT,
    );
    expect(preview.charges.map((c) => [c.id, c.contextSize, c.usdPerUnit, usdString(c.amount)])).toEqual([
      ['web_search', 'high', '0.05', '0.1'],
    ]);
    const general = priceToolCharges(
      book,
      book.models.get('gpt-5.5'),
      group('x', { web_search_calls_high: 2 }),
      AT,
    );
    expect(general.charges.map((c) => usdString(c.amount))).toEqual(['0.02']);
  });

  it('vector-store storage: byte-hours / 24e9 GB-days at $0.10, rounded once to the atto-dollar', () => {
    const whole = price(group('vector-store', { requests: 0, vector_store_byte_hours: 24 * 1_500_000_000 }));
    expect(usdString(whole.cost.tools)).toBe('0.15'); // 1.5 GB for a day
    expect(whole.unpriced).toBe(0);
    const hour = priceToolCharges(
      book,
      undefined,
      group('vector-store', { vector_store_byte_hours: 1_000_000_000 }),
      AT,
    );
    // 1 GB for one hour = 1/24 GB-day × $0.10 = $0.0041666… → 4166666666666667 atto (half-even)
    expect(hour.charges[0]!.amount).toBe(4_166_666_666_666_667n);
  });

  it('speech characters and transcription seconds price at the model per-unit price, as media', () => {
    // tts-1: 5,000 chars × $15 / 1M = $0.075; whisper-1: 601 s × $0.006 / 60 = $0.0601
    const tts = price(group('tts-1', { requests: 3, speech_characters: 5000 }));
    expect(tts).toMatchObject({ unpriced: 0 });
    expect([usdString(tts.cost.media), usdString(tts.cost.tools), usdString(tts.cost.total)]).toEqual([
      '0.075',
      '0',
      '0.075',
    ]);
    const whisper = price(group('whisper-1', { requests: 2, transcription_seconds: 601 }));
    expect([whisper.unpriced, usdString(whisper.cost.media)]).toEqual([0, '0.0601']);
  });

  it('images, speech and seconds without a price for the model stay unpriced; pricing check names them', () => {
    const g = group('gpt-image-1', { requests: 2, images: 3 });
    expect(price(g)).toMatchObject({ unpriced: 2 });
    const out = findUnpriced(
      book,
      [{ model: 'gpt-image-1', requests: 2, firstMs: AT, lastMs: AT }],
      [{ group: g, atMs: AT }],
    );
    expect(out).toEqual([
      expect.objectContaining({ model: 'gpt-image-1', usageClass: 'images', quantity: 3, requests: 2 }),
    ]);
    const transcribe = group('gpt-4o-transcribe', { transcription_seconds: 120 });
    expect(price(transcribe)).toMatchObject({ unpriced: 1 });
  });

  it('DALL·E images stay unpriced: their price depends on size and quality, which buckets do not record', () => {
    const g = group('dall-e-3', { requests: 2, images: 5 });
    expect(price(g)).toMatchObject({ unpriced: 2 });
    const out = findUnpriced(
      book,
      [{ model: 'dall-e-3', requests: 2, firstMs: AT, lastMs: AT }],
      [{ group: g, atMs: AT }],
    );
    expect(out).toEqual([expect.objectContaining({ model: 'dall-e-3', usageClass: 'images', quantity: 5 })]);
    expect(out[0]!.problem).toMatch(/priced per image by size and quality/);
  });

  it('pricing check before and after the per-unit prices: a book without them lists tts-1 and whisper-1', () => {
    const units = new Set(['speech', 'transcription', 'image_generation']);
    const before = { ...book, tools: book.tools.filter((t) => !units.has(t.data.id)) };
    const seen = [
      { model: 'tts-1', requests: 3, firstMs: AT, lastMs: AT },
      { model: 'whisper-1', requests: 2, firstMs: AT, lastMs: AT },
    ];
    const groups = [
      group('tts-1', { requests: 3, speech_characters: 5000 }),
      group('whisper-1', { requests: 2, transcription_seconds: 600 }),
    ].map((g) => ({ group: g, atMs: AT }));
    expect(findUnpriced(before, seen, groups).map((u) => [u.model, u.usageClass])).toEqual([
      ['tts-1', 'speech_characters'],
      ['whisper-1', 'transcription_seconds'],
    ]);
    expect(findUnpriced(book, seen, groups)).toEqual([]);
  });

  it('pricing check lists a token class the model has no rate for, summed over groups', () => {
    const seen = [{ model: 'gpt-5.5', requests: 5, firstMs: AT, lastMs: AT }];
    const out = findUnpriced(book, seen, [
      { group: group('gpt-5.5', { input: 100, audio_input_tokens: 40 }), atMs: AT },
      { group: group('gpt-5.5', { input: 100, audio_input_tokens: 60, requests: 4 }), atMs: AT },
    ]);
    expect(out.map((u) => [u.problem, u.quantity, u.requests])).toEqual([
      ['no price for audio input tokens', 100, 5],
    ]);
  });
});
