import { describe, expect, it } from 'vitest';
import { findUnpriced } from '../../../src/report/unpriced.js';
import type { ModelSeen, UsageGroup } from '../../../src/store/ledger.js';
import { book } from '../pricing/helpers.js';
import { ZERO_CLASS_SUMS } from '../../../src/store/columns.js';

/** What `pricing check` lists: models, first prices and tiers the book cannot price. */

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const seen = (model: string, requests: number, first: string, last = first): ModelSeen => ({
  model,
  requests,
  firstMs: day(first),
  lastMs: day(last),
});
const group = (
  model: string,
  tier: string,
  requests: number,
  extra: Partial<UsageGroup> = {},
): UsageGroup => ({
  ...ZERO_CLASS_SUMS,
  model,
  tier,
  input_band: 0,
  regional: 0,
  billed: 1,
  reported: 0,
  gateway: '',
  byok: 0,
  requests,
  input: 0,
  cached: 0,
  cache_write: 0,
  output: 0,
  reasoning: 0,
  reported_nano: 0n,
  ...extra,
});

const at = (d: string, g: UsageGroup) => ({ group: g, atMs: day(d) });

describe('findUnpriced', () => {
  it('lists unknown models with the nearest known ids, most requests first; failed calls are not unpriced', () => {
    const out = findUnpriced(
      book,
      [
        seen('gpt-5.5', 9, '2026-06-01'),
        seen('gpt-9-ultra', 4, '2026-11-01'),
        seen('davinci-001', 5, '2023-01-02'),
      ],
      [
        at('2026-06-01', group('gpt-5.5', 'standard', 9)),
        at('2026-11-01', group('gpt-9-ultra', 'standard', 3)),
        at('2026-11-01', group('gpt-9-ultra', 'standard', 1, { billed: 0 })),
        at('2023-01-02', group('davinci-001', 'standard', 5)),
      ],
    );
    expect(out.map((u) => [u.model, u.kind, u.problem, u.requests])).toEqual([
      ['davinci-001', 'unknown-model', 'not in the price book', 5],
      ['gpt-9-ultra', 'unknown-model', 'not in the price book', 3],
    ]);
    expect(out[0]!.suggestion).toMatch(/^add "davinci-001" to a --pricing file \(nearest known: /);
  });

  it("lists use before a model's first price (only the requests before it)", () => {
    const out = findUnpriced(
      book,
      [seen('gpt-5.5', 3, '2026-04-01', '2026-05-01')],
      [at('2026-04-01', group('gpt-5.5', 'standard', 2)), at('2026-05-01', group('gpt-5.5', 'standard', 1))],
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      model: 'gpt-5.5',
      kind: 'no-price-then',
      problem: 'used from 2026-04-01, before its first price (2026-04-23)',
      requests: 2,
    });
  });

  it('lists tiers, long context and regional use a known model is not priced for; skips failed and reported calls', () => {
    const out = findUnpriced(
      book,
      [
        seen('gpt-4o-mini', 10, '2025-01-01', '2025-06-01'),
        seen('gpt-5.5', 10, '2026-05-01'),
        seen('gpt-4.1', 4, '2025-06-01'),
      ],
      [
        at('2025-06-01', group('gpt-4o-mini', 'flex', 3)),
        at('2025-06-01', group('gpt-4o-mini', 'flex', 2, { billed: 0 })),
        at('2025-06-01', group('gpt-4o-mini', 'standard', 5)),
        at('2026-05-01', group('gpt-5.5', 'priority', 4, { input_band: 400_000 })),
        at('2025-06-01', group('gpt-4.1', 'standard', 2, { regional: 1 })),
        at('2025-06-01', group('gpt-4.1', 'flex', 2, { reported: 1 })),
      ],
    );
    expect(out.map((u) => [u.model, u.tier, u.kind, u.problem, u.requests])).toEqual([
      [
        'gpt-5.5',
        'priority',
        'long-context-not-offered',
        'tier priority above the long-context threshold not offered (offered: standard, batch, flex)',
        4,
      ],
      [
        'gpt-4o-mini',
        'flex',
        'tier-not-offered',
        'tier flex not offered (offered: standard, batch, priority)',
        3,
      ],
      [
        'gpt-4.1',
        'standard',
        'regional-not-offered',
        'regional (data-residency) use has no uplift in the book',
        2,
      ],
    ]);
  });
});
