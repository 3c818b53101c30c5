import { describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { accuracyTable, type Scored, scoreCorpus, summarize } from '../../corpus/accuracy.js';
import { loadCorpus } from '../../corpus/load-corpus.js';

/**
 * The whole recorded corpus (test/fixtures/recorded: real requests with the input count the API
 * reported, each with its source URL) counted by the estimator. Prints the accuracy table the
 * README shows; asserts the goals on the held-out recordings and floors that catch regressions.
 */
const scored = scoreCorpus(loadCorpus(), loadPriceBook());
const holdout = scored.filter((r) => r.case.split === 'holdout');
const rate = (rows: readonly Scored[], key: 'exact' | 'within2pct' | 'within10pct') => {
  const s = summarize(rows);
  return s[key] / s.n;
};

describe('recorded corpus: input tokens as the API reported them', () => {
  it('prints the accuracy table (all recordings, then held-out ones)', () => {
    console.log(`\nall ${scored.length} recordings\n${accuracyTable(scored)}`);
    console.log(`\nheld-out ${holdout.length} recordings\n${accuracyTable(holdout)}`);
    expect(scored.length).toBeGreaterThan(1000);
  });

  it('held-out plain-text requests (messages only): ≥ 90% exact, all within 2 tokens or 2%', () => {
    const text = holdout.filter((r) => r.feature === 'text');
    expect(text.length).toBeGreaterThan(100);
    expect(rate(text, 'exact')).toBeGreaterThanOrEqual(0.9);
    expect(rate(text, 'within2pct')).toBeGreaterThanOrEqual(0.99);
  });

  it('held-out image requests: ≥ 90% within 10%', () => {
    const images = holdout.filter((r) => r.feature === 'images');
    expect(images.length).toBeGreaterThan(5);
    expect(rate(images, 'within10pct')).toBeGreaterThanOrEqual(0.9);
  });

  it('every countable family × feature stays at or above its measured floor (regression guard)', () => {
    const countable = scored.filter((r) => !r.uncertain);
    expect(rate(countable, 'exact')).toBeGreaterThanOrEqual(FLOORS.exact);
    expect(rate(countable, 'within2pct')).toBeGreaterThanOrEqual(FLOORS.within2pct);
    expect(rate(countable, 'within10pct')).toBeGreaterThanOrEqual(FLOORS.within10pct);
  });

  it('requests the request alone cannot count are flagged, never silently exact', () => {
    const prev = scored.filter((r) => JSON.stringify(r.case.request).includes('previous_response_id'));
    const flagged = prev.filter((r) => r.case.request.previous_response_id && !r.uncertain);
    expect(flagged).toEqual([]);
  });
});

/** Measured on this corpus (README table); raise them when the rules improve. */
const FLOORS = { exact: 0.67, within2pct: 0.86, within10pct: 0.9 };
