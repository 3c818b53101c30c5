import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnpricedJudge, splitUnpriced } from '../../../src/ingest/unpriced-split.js';
import { findModel } from '../../../src/pricing/resolve-model.js';
import { unpricedReason } from '../../../src/pricing/unpriced-reason.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { inputBand, isLongContext } from '../../../src/store/columns.js';
import type { UsageEvent } from '../../../src/usage-event.js';

/** Ingest's per-event judge is the shared definition of "unpriced", memoized (issue #14). */
const book = loadPriceBook();
const MODELS = [
  'gpt-5.5',
  'gpt-5.5-pro',
  'gpt-4o-mini',
  'gpt-4.1',
  'o3',
  'gpt-5.4-mini',
  'gpt-9-ultra',
  'davinci-001',
];
const TIER_NAMES = ['standard', 'batch', 'flex', 'priority', 'scale'];
const from = Date.UTC(2024, 0, 1);
const to = Date.UTC(2027, 0, 1);

const event = fc.record({
  model: fc.constantFrom(...MODELS),
  tier: fc.constantFrom(...TIER_NAMES),
  kind: fc.constantFrom('request', 'bucket'),
  tsMs: fc.integer({ min: from, max: to }),
  inputTokens: fc.integer({ min: 0, max: 1_200_000 }),
  billed: fc.boolean(),
  reported: fc.boolean(),
  regional: fc.boolean(),
  requests: fc.integer({ min: 1, max: 3 }),
  toolOnly: fc.boolean(),
});

describe('createUnpricedJudge', () => {
  it('answers exactly as unpricedReason does for the same facts (any model, tier, size, time)', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
        const judge = createUnpricedJudge(book); // one judge across events: its memo must not leak
        for (const e of events) {
          const band = inputBand(e.kind, e.inputTokens);
          const facts = { ...e, longContext: (t: number) => isLongContext(band, t) };
          const expected = unpricedReason(book, findModel(book, e.model), facts, e.tsMs) !== undefined;
          expect(judge(e)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits a chunk into priced events and unpriced parts of equal kind and request count', () => {
    const base = {
      key: 'k',
      kind: 'request',
      tsMs: Date.UTC(2026, 7, 1),
      inputTokens: 10,
      cachedInputTokens: 0,
    };
    const tokens = {
      cacheWriteTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      billed: true,
      format: 'responses',
    };
    const ev = (model: string, requests = 1, kind = 'request') =>
      ({ ...base, ...tokens, model, tier: 'standard', requests, kind }) as UsageEvent;
    const all = [ev('gpt-5.5'), ev('gpt-9'), ev('gpt-9', 5, 'bucket'), ev('gpt-9'), ev('gpt-5.5')];
    const split = splitUnpriced(createUnpricedJudge(book), all, []);
    expect(split.events.map((e) => e.model)).toEqual(['gpt-5.5', 'gpt-5.5']);
    expect(split.unpriced.map((p) => [p.kind, p.requests, p.events.length])).toEqual([
      ['request', 1, 2],
      ['bucket', 5, 1],
    ]);
    const clean = [ev('gpt-5.5')];
    expect(splitUnpriced(createUnpricedJudge(book), clean, []).events).toBe(clean); // untouched
  });
});
