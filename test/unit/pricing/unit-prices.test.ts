import { describe, expect, it } from 'vitest';
import { PricingDataError } from '../../../src/errors.js';
import { usdString } from '../../../src/money.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { singleUnitPrice, unitCost, unitPricesAt } from '../../../src/pricing/unit-prices.js';
import { book, ms, NOW, writePriceFile } from './helpers.js';

/** Per-unit model prices (tts-1, whisper-1, DALL·E) in the book: validation, lookup and exact cost. */
const fee = (extra: Record<string, unknown>) => ({
  id: 'speech',
  unit: 'million_characters',
  models: ['my-tts'],
  versions: [{ effective_from: '2026-01-01', sources: ['https://example.com/p'], usd_per_unit: '10' }],
  ...extra,
});
const loadFee = (extra: Record<string, unknown>) =>
  loadPriceBook({ overrides: writePriceFile({ tool_fees: [fee(extra)] }) });

describe('per-unit prices in the book', () => {
  it('prices tts-1 and tts-1-hd per 1M characters and whisper-1 per minute, each with sources', () => {
    const one = (id: 'speech' | 'transcription', model: string) => {
      const found = singleUnitPrice(unitPricesAt(book, id, [model], NOW));
      if (!('price' in found)) throw new Error(`${model}: ${found.problem}`);
      expect(found.price.version.sources.length).toBeGreaterThan(0);
      return [found.price.entry.data.unit, String(found.price.version.usd_per_unit)];
    };
    expect(one('speech', 'tts-1')).toEqual(['million_characters', '15.00']);
    expect(one('speech', 'TTS-1-HD')).toEqual(['million_characters', '30.00']);
    expect(one('transcription', 'whisper-1')).toEqual(['minute', '0.006']);
  });

  it('is effective-dated: no whisper-1 price before its API launch', () => {
    expect(unitPricesAt(book, 'transcription', ['whisper-1'], ms('2023-02-28'))).toEqual([]);
    expect(unitPricesAt(book, 'transcription', ['whisper-1'], ms('2023-03-01'))).toHaveLength(1);
  });

  it('DALL·E prices differ by size and quality: one price only once both are known', () => {
    const all = unitPricesAt(book, 'image_generation', ['dall-e-3'], NOW);
    expect(all).toHaveLength(6);
    expect(singleUnitPrice(all)).toEqual({ problem: 'ambiguous' });
    const hd = unitPricesAt(book, 'image_generation', ['dall-e-3'], NOW, {
      size: '1024x1792',
      quality: 'hd',
    });
    expect(hd.map((p) => String(p.version.usd_per_unit))).toEqual(['0.120']);
    // dall-e-2 has no quality: its size decides
    const small = unitPricesAt(book, 'image_generation', ['dall-e-2'], NOW, { size: '256x256' });
    expect(small.map((p) => String(p.version.usd_per_unit))).toEqual(['0.016']);
  });

  it('costs are exact: characters at a per-1M price, seconds at a per-minute price', () => {
    // 5,000 characters × $15 / 1M = $0.075; 601 seconds × $0.006 / 60 = $0.0601
    expect(usdString(unitCost('speech', 5000n, '15.00'))).toBe('0.075');
    expect(usdString(unitCost('transcription', 601n, '0.006'))).toBe('0.0601');
    expect(usdString(unitCost('image_generation', 3n, '0.040'))).toBe('0.12');
  });

  it('validation: the unit must match the fee, per-unit prices name their models, size is for images', () => {
    const message = (extra: Record<string, unknown>) => {
      try {
        loadFee(extra);
      } catch (e) {
        expect(e).toBeInstanceOf(PricingDataError);
        return (e as Error).message;
      }
      return 'loaded';
    };
    expect(message({})).toBe('loaded');
    expect(message({ unit: 'minute' })).toMatch(/speech is priced per million_characters, not per minute/);
    expect(message({ models: undefined })).toMatch(/a speech price is a model's own: list the models/);
    expect(message({ size: '1024x1024' })).toMatch(/size and quality apply to image_generation prices only/);
    expect(message({ id: 'image_generation', unit: 'image', size: 'big' })).toMatch(/WIDTHxHEIGHT/);
    expect(message({ id: 'image_generation', unit: 'image', size: '1024x1024', quality: 'ultra' })).not.toBe(
      'loaded',
    );
  });

  it('an override adds a model price and keeps the bundled ones apart (key includes size and quality)', () => {
    const b = loadFee({
      id: 'image_generation',
      unit: 'image',
      models: ['dall-e-3'],
      size: '1024x1024',
      quality: 'hd',
    });
    const hd = unitPricesAt(b, 'image_generation', ['dall-e-3'], NOW, { size: '1024x1024', quality: 'hd' });
    expect(hd.map((p) => String(p.version.usd_per_unit))).toEqual(['10']);
    expect(unitPricesAt(b, 'image_generation', ['dall-e-3'], NOW)).toHaveLength(6);
  });
});
