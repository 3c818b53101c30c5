import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { longContextThreshold } from '../../../src/pricing/rates.js';
import {
  BAND_FLOOR,
  BAND_WIDTH,
  COL,
  EVENT_COLUMN_COUNT,
  EVENT_COLUMN_NAMES,
  inputBand,
  isLongContext,
} from '../../../src/store/columns.js';
import { pushEventValues } from '../../../src/store/event-rows.js';

describe('the declared columns', () => {
  it('every long-context threshold in the bundled book is on the band grid, so rollups decide it exactly', () => {
    const book = loadPriceBook();
    const thresholds = new Set<number>();
    for (const model of book.models.values())
      for (const v of model.versions) {
        const t = longContextThreshold(book, model, v.effectiveFromMs);
        if (t !== undefined) thresholds.add(t);
      }
    expect(thresholds.size).toBeGreaterThan(0);
    for (const t of thresholds) {
      expect(t % BAND_WIDTH, `threshold ${t}`).toBe(0);
      expect(t).toBeGreaterThanOrEqual(BAND_FLOOR);
    }
  });

  it('law: for a threshold on the grid, "input > threshold" is "band ≥ threshold"', () => {
    const onGrid = fc.integer({ min: BAND_FLOOR / BAND_WIDTH, max: 250 }).map((k) => k * BAND_WIDTH);
    fc.assert(
      fc.property(fc.nat({ max: 3_000_000 }), onGrid, (input, threshold) => {
        expect(isLongContext(inputBand('request', input), threshold)).toBe(input > threshold);
      }),
    );
    fc.assert(
      fc.property(fc.nat({ max: 3_000_000 }), onGrid, (input, threshold) => {
        expect(isLongContext(inputBand('bucket', input), threshold)).toBe(false); // aggregates are never long
      }),
    );
    expect(isLongContext(inputBand('request', 10_000_000), undefined)).toBe(false);
  });

  it('pushEventValues writes one value per declared column, at the declared positions', () => {
    const values: unknown[] = [];
    pushEventValues(
      {
        key: 'k',
        kind: 'request',
        tsMs: 5,
        model: 'm',
        tier: 'flex',
        requests: 1,
        inputTokens: 7,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        reasoningTokens: 0,
        billed: true,
        reportedCostNano: 9n,
        format: 'responses',
      },
      values,
    );
    expect(values).toHaveLength(EVENT_COLUMN_COUNT);
    const at = (name: string) => values[EVENT_COLUMN_NAMES.indexOf(name)];
    expect([at('key'), at('ts_ms'), at('model'), at('tier'), at('input_tokens'), at('billed')]).toEqual([
      'k',
      5,
      'm',
      'flex',
      7,
      1,
    ]);
    expect(values[COL.reportedCostNano]).toBe(9n);
  });
});
