import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLitellm } from '../../../src/pricing/litellm/diff-litellm.js';
import { compactOverride, groupEntries, importLitellm } from '../../../src/pricing/litellm/import-litellm.js';
import { per1MFromPerToken, readLitellmFile } from '../../../src/pricing/litellm/read-litellm.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { book, ms, per1M, writePriceFile } from './helpers.js';

/** LiteLLM's price map (pinned 2026-08-01 snapshot, test/fixtures/pricing/litellm) → override book and diff. */

const FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'pricing',
  'litellm',
  'model_prices_and_context_window.json',
);
const file = readLitellmFile(FIXTURE);
const entry = (key: string) => file.entries.find((e) => e.key === key)!;

describe('reading LiteLLM rates', () => {
  it('turns per-token floats into exact per-1M decimals', () => {
    expect(per1MFromPerToken(1.25e-6)).toEqual({ text: '1.25', rounded: false });
    expect(per1MFromPerToken(1.375e-7)).toEqual({ text: '0.1375', rounded: false });
    expect(per1MFromPerToken(0.000168)).toEqual({ text: '168', rounded: false });
    expect(per1MFromPerToken(0.0002833333333333333)).toEqual({ text: '283.333333', rounded: true });
  });

  it("round-trips any rate of at most 6 decimals per 1M through LiteLLM's float per token", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (micro) => {
        const per1m = micro / 1e6; // e.g. 12.5, 0.0375
        const text = per1MFromPerToken(per1m / 1e6).text;
        expect(Number(text)).toBe(per1m);
      }),
    );
  });

  it('keeps only OpenAI entries priced per token, and says why the rest were skipped', () => {
    const keys = file.entries.map((e) => e.key);
    expect(keys).not.toContain('ai21.j2-mid-v1');
    expect(keys).not.toContain('azure/gpt-5.5');
    expect(keys).toContain('gpt-5.5');
    expect(file.skipped).toContainEqual({ key: 'ft:gpt-4o-2024-08-06', reason: 'fine-tuned model' });
    expect(file.skipped).toContainEqual({
      key: 'whisper-1',
      reason: 'not priced per token (mode audio_transcription)',
    });
  });

  it('maps tier and long-context suffixes, audio and image classes, and the regional uplift', () => {
    const g = entry('gpt-5.5');
    expect(g.priority).toEqual({ input: '10', output: '60', cached_input: '1' });
    expect(g.batch).toEqual({ input: '2.5', output: '15' });
    expect(g.longContext).toMatchObject({
      threshold: 272000,
      standard: { input: '10', output: '45', cached_input: '1' },
    });
    expect(g.regionalUplift).toBe('0.1');
    expect(entry('gpt-realtime').standard).toMatchObject({ audio_input: '32', audio_output: '64' });
    expect(entry('gpt-image-1').standard).toMatchObject({
      output: '40',
      image_output: '40',
      image_input: '10',
    });
    expect(entry('gpt-5-nano').priority).toBeUndefined();
    expect(entry('gpt-5-nano').warnings).toEqual(['priority has only input keys: tier left out']);
  });
});

describe('pricing import litellm', () => {
  const result = importLitellm(book, file, { effectiveFrom: '2026-12-01' });

  it('folds dated keys into their model; the undated key (with tier keys) wins', () => {
    const g = groupEntries(book, file.entries).find((x) => x.id === 'gpt-5.4')!;
    expect(g.entries.map((e) => e.key)).toEqual(['gpt-5.4', 'gpt-5.4-2026-03-05']);
    expect(result.models.find((m) => m.id === 'gpt-5.4')).toMatchObject({ key: 'gpt-5.4', known: true });
  });

  it('writes a valid override book that prices from its effective date only', () => {
    const out = writePriceFile(compactOverride(result), 'litellm-book.json');
    const merged = loadPriceBook({ overrides: out });
    expect(per1M('gpt-5.5', '2026-11-30', 'priority', 'short', merged)?.input).toBe('12.5');
    expect(per1M('gpt-5.5', '2026-12-01', 'priority', 'short', merged)?.input).toBe('10');
    expect(merged.models.get('gpt-realtime-2.1')).toMatchObject({
      family: 'gpt-realtime-2.1',
      contextWindow: 128000,
      maxOutputTokens: 32000,
    });
    expect(
      result.models
        .filter((m) => !m.known)
        .map((m) => m.id)
        .sort(),
    ).toEqual(['gpt-5-chat', 'gpt-realtime-2', 'gpt-realtime-2.1', 'gpt-realtime-2.1-mini']);
  });
});

describe('pricing diff', () => {
  const diff = diffLitellm(book, file, ms('2026-08-02'));
  const fields = (model: string) => diff.models.find((m) => m.model === model)?.fields ?? [];

  it('finds the documented disagreements (GPT-5.5 Priority, Pro cached rates, gpt-5.4 Flex cached)', () => {
    expect(fields('gpt-5.5')).toContainEqual({ field: 'priority.input', book: '12.5', litellm: '10' });
    expect(fields('gpt-5.5-pro')).toContainEqual({
      field: 'standard.cached_input',
      book: '30',
      litellm: '3',
    });
    expect(fields('gpt-5.4')).toContainEqual({ field: 'flex.cached_input', book: '0.125', litellm: '0.13' });
    expect(fields('gpt-5')).toContainEqual({ field: 'batch', book: 'offered', litellm: null });
  });

  it('reports agreement as no fields, and models on one side only', () => {
    expect(fields('gpt-4.1')).toEqual([]);
    expect(diff.models.find((m) => m.model === 'gpt-5-chat')?.bookModel).toBeNull();
    expect(diff.onlyInBook).toContain('o1-mini');
    expect(diff.onlyInBook).not.toContain('gpt-5.5');
  });
});
