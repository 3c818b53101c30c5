import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMoney, fromNano, type Money, parseUsd, toNano, usdString } from '../../../src/money.js';
import { costOf } from '../../../src/pricing/cost.js';
import { longContextThreshold, offeredTiers } from '../../../src/pricing/rates.js';
import { resolveModel } from '../../../src/pricing/resolve-model.js';
import type { TokenCounts } from '../../../src/pricing/tokens.js';
import type { Tier } from '../../../src/usage-event.js';
import { book, NOW } from './helpers.js';

/** Money laws of the cost engine, checked over every bundled model at today's prices. */

const MODELS = [...book.models.keys()];

/** A model and a tier it offers in both short and long context (so any input size prices). */
const modelTier = fc.constantFrom(...MODELS).chain((id) => {
  const model = resolveModel(book, id);
  const short = offeredTiers(book, model, NOW, 'short');
  const long =
    longContextThreshold(book, model, NOW) === undefined ? short : offeredTiers(book, model, NOW, 'long');
  const both = short.filter((t) => long.includes(t));
  return fc.record({ model: fc.constant(id), tier: fc.constantFrom<Tier>(...both) });
});

/** Token counts that respect cached + cache-write ⊆ input and reasoning ⊆ output. */
const tokenCounts = (maxInput = 2_000_000, minInput = 0): fc.Arbitrary<TokenCounts> =>
  fc
    .record({
      input: fc.integer({ min: minInput, max: maxInput }),
      cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
      output: fc.integer({ min: 0, max: 200_000 }),
      reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ input, cachedShare, writeShare, output, reasoningShare }) => {
      const cachedInput = Math.floor(input * cachedShare);
      const cacheWrite = Math.floor((input - cachedInput) * writeShare);
      return { input, cachedInput, cacheWrite, output, reasoning: Math.floor(output * reasoningShare) };
    });

const cost = (model: string, tier: Tier, tokens: TokenCounts, regional = false): Money =>
  costOf(book, { model, tier, tokens, atMs: NOW, regional }).total;

describe('cost engine properties', () => {
  it('is never negative', () => {
    fc.assert(
      fc.property(modelTier, tokenCounts(), ({ model, tier }, t) => {
        expect(cost(model, tier, t)).toBeGreaterThanOrEqual(0n);
      }),
    );
  });

  it('is monotonic in every token count (a subset count grows together with its total)', () => {
    const fields = fc.constantFrom('input', 'cachedInput', 'cacheWrite', 'output', 'reasoning');
    fc.assert(
      fc.property(
        modelTier,
        tokenCounts(),
        fields,
        fc.integer({ min: 1, max: 400_000 }),
        ({ model, tier }, t, field, d) => {
          const more = { ...t, [field]: t[field] + d };
          if (field === 'cachedInput' || field === 'cacheWrite') more.input += d;
          if (field === 'reasoning') more.output += d;
          expect(cost(model, tier, more)).toBeGreaterThanOrEqual(cost(model, tier, t));
        },
      ),
    );
  });

  it('is exactly additive across requests in the same context, in any order', () => {
    const short = fc.array(tokenCounts(50_000), { minLength: 1, maxLength: 5 }); // sum ≤ 250,000 < 272,000
    const long = fc.array(tokenCounts(600_000, 272_001), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(modelTier, fc.oneof(short, long), fc.boolean(), ({ model, tier }, requests, regional) => {
        if (regional && !resolveModel(book, model).dataResidencyUplift) regional = false;
        const sum: TokenCounts = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0 };
        for (const r of requests)
          for (const k of Object.keys(sum) as (keyof TokenCounts)[]) sum[k] = (sum[k] ?? 0) + (r[k] ?? 0);
        const costs = requests.map((r) => cost(model, tier, r, regional));
        expect(addMoney(...costs)).toBe(cost(model, tier, sum, regional));
        expect(addMoney(...[...costs].reverse())).toBe(addMoney(...costs));
      }),
    );
  });

  it('sums are order-independent for any permutation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 24n }), { maxLength: 20 }),
        fc.integer(),
        (amounts, seed) => {
          const shuffled = [...amounts].sort((a, b) =>
            Number(((a ^ BigInt(seed)) % 7n) - ((b ^ BigInt(seed)) % 7n)),
          );
          expect(addMoney(...(shuffled as Money[]))).toBe(addMoney(...(amounts as Money[])));
        },
      ),
    );
  });

  it('gpt-5.5-pro is exactly 6x gpt-5.5 with cached tokens billed at input (standard, batch, flex)', () => {
    const cases = fc.oneof(
      fc.record({ tier: fc.constantFrom<Tier>('standard', 'batch', 'flex'), t: tokenCounts(272_000) }),
      fc.record({ tier: fc.constant<Tier>('standard'), t: tokenCounts(1_000_000, 272_001) }),
    );
    fc.assert(
      fc.property(cases, ({ tier, t }) => {
        const asInput = { ...t, cachedInput: 0 };
        expect(cost('gpt-5.5-pro', tier, t)).toBe(6n * cost('gpt-5.5', tier, asInput));
      }),
    );
  });
});

describe('money formatting', () => {
  it('round-trips integer nano-dollar amounts through usdString and parseUsd', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n }), (nano) => {
        const text = usdString(fromNano(nano));
        expect(text).toMatch(/^\d+(\.\d{1,9})?$/);
        expect(toNano(parseUsd(text)!)).toBe(nano);
        expect(parseUsd(text)).toBe(fromNano(nano));
      }),
    );
  });
});
