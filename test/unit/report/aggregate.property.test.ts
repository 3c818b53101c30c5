import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { aggregateSpend } from '../../../src/report/aggregate.js';
import { addCost, zeroCost } from '../../../src/report/price.js';
import type { SpendQuery, SpendRow } from '../../../src/report/types.js';
import { MIDMONTH_PRICING } from './helpers/fixture.js';
import { insertRollup, type RollupRow, testLedger } from './helpers/ledger.js';

const book = loadPriceBook({ overrides: MIDMONTH_PRICING });
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Adelaide', 'America/New_York'];
const START = Date.parse('2026-09-28T00:00:00Z');
const SPAN = 40 * 86_400_000;

const rowArb: fc.Arbitrary<RollupRow> = fc
  .record({
    ts: fc.integer({ min: START, max: START + SPAN }),
    model: fc.constantFrom('gpt-5.5', 'gpt-5.5-pro', 'gpt-5.4-mini', 'openai/gpt-5.5', 'mystery-1'),
    tier: fc.constantFrom('standard', 'batch', 'flex', 'priority'),
    billed: fc.constantFrom(1, 1, 1, 0),
    project: fc.constantFrom('a', 'b', ''),
    requests: fc.integer({ min: 1, max: 50 }),
    input: fc.integer({ min: 0, max: 2_000_000 }),
    output: fc.integer({ min: 0, max: 200_000 }),
  })
  .chain((r) =>
    fc
      .record({
        cached: fc.integer({ min: 0, max: r.input }),
        reasoning: fc.integer({ min: 0, max: r.output }),
      })
      .map((x) => ({ ...r, ...x })),
  );

/** Every number and money field of a row, so two rows compare exactly. */
function figures(r: SpendRow) {
  return {
    requests: r.requests,
    tokens: [r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens, r.reasoningTokens],
    cost: r.cost,
    unpriced: r.unpricedRequests,
    whatIf: r.whatIf,
  };
}

function sumRows(rows: readonly SpendRow[]) {
  let cost = zeroCost();
  let whatIf = zeroCost();
  const t = { requests: 0, tokens: [0, 0, 0, 0, 0], unpriced: 0, whatIfUnpriced: 0 };
  for (const r of rows) {
    cost = addCost(cost, r.cost);
    if (r.whatIf) {
      whatIf = addCost(whatIf, r.whatIf.cost);
      t.whatIfUnpriced += r.whatIf.unpricedRequests;
    }
    t.requests += r.requests;
    t.unpriced += r.unpricedRequests;
    [r.inputTokens, r.cachedInputTokens, r.cacheWriteTokens, r.outputTokens, r.reasoningTokens].forEach(
      (v, i) => {
        t.tokens[i]! += v;
      },
    );
  }
  return { ...t, cost, whatIf };
}

describe('aggregation laws', () => {
  it('day-then-month equals month, and totals equal the sum of rows exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...ZONES),
        async (rows, tz) => {
          const ledger = await testLedger();
          try {
            await insertRollup(ledger, rows);
            const base: SpendQuery = {
              periodUnit: 'month',
              tz,
              groupBy: ['model', 'project'],
              filters: {},
              asTier: 'batch',
            };
            const month = await aggregateSpend(ledger, book, base);
            const day = await aggregateSpend(ledger, book, { ...base, periodUnit: 'day' });
            // roll days up to months by their label's YYYY-MM prefix
            const byMonth = new Map<string, SpendRow[]>();
            for (const r of day.rows) {
              const id = `${r.period.slice(0, 7)}|${r.keys.model}|${r.keys.project}`;
              byMonth.set(id, [...(byMonth.get(id) ?? []), r]);
            }
            expect(month.rows.length).toBe(byMonth.size);
            for (const m of month.rows) {
              const days = byMonth.get(`${m.period}|${m.keys.model}|${m.keys.project}`) ?? [];
              const s = sumRows(days);
              expect(s.cost).toEqual(m.cost);
              expect(s.whatIf).toEqual(m.whatIf!.cost);
              expect([s.requests, s.tokens, s.unpriced, s.whatIfUnpriced]).toEqual([
                m.requests,
                [m.inputTokens, m.cachedInputTokens, m.cacheWriteTokens, m.outputTokens, m.reasoningTokens],
                m.unpricedRequests,
                m.whatIf!.unpricedRequests,
              ]);
            }
            for (const result of [month, day]) {
              const s = sumRows(result.rows);
              expect(s.cost).toEqual(result.total.cost);
              expect(s.requests).toBe(result.total.requests);
              expect(s.unpriced).toBe(result.total.unpricedRequests);
            }
            expect(figures(month.total)).toEqual(figures(day.total));
          } finally {
            await ledger.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a newer price version never changes a past month', async () => {
    const plain = loadPriceBook();
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 30 }), async (rows) => {
        const ledger = await testLedger();
        try {
          await insertRollup(ledger, rows);
          const q: SpendQuery = {
            periodUnit: 'day',
            tz: 'UTC',
            groupBy: ['model'],
            filters: {},
            untilMs: Date.parse('2026-10-15T00:00:00Z'),
          };
          // the fixture's cut starts 2026-10-15: everything before it is priced the same
          const a = (await aggregateSpend(ledger, plain, q)).rows.map(figures);
          const b = (await aggregateSpend(ledger, book, q)).rows.map(figures);
          expect(b).toEqual(a);
        } finally {
          await ledger.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});
