import { afterEach, describe, expect, it } from 'vitest';
import { usdString } from '../../../src/money.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { aggregateSpend } from '../../../src/report/aggregate.js';
import type { Ledger } from '../../../src/store/ledger.js';
import { insertRollup, testLedger } from './helpers/ledger.js';

const book = loadPriceBook();
let ledger: Ledger;
afterEach(async () => ledger?.close());

const base = { periodUnit: 'month' as const, tz: 'UTC', groupBy: [], filters: {} };

describe('aggregateSpend', () => {
  it('prices rollup rows with cached ⊂ input and reasoning ⊂ output', async () => {
    ledger = await testLedger();
    // gpt-5.5: $5 input, $0.50 cached, $30 output per 1M
    await insertRollup(ledger, [
      {
        ts: '2026-08-03T10:00:00Z',
        requests: 20,
        input: 1_000_000,
        cached: 400_000,
        output: 100_000,
        reasoning: 60_000,
      },
    ]);
    const r = await aggregateSpend(ledger, book, base);
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row.period).toBe('2026-08');
    expect(usdString(row.cost.input)).toBe('3');
    expect(usdString(row.cost.cachedInput)).toBe('0.2');
    expect(usdString(row.cost.output)).toBe('3');
    expect(usdString(row.cost.total)).toBe('6.2');
    expect(row.reasoningTokens).toBe(60_000);
    expect(r.incomplete).toBe(false);
  });

  it('buckets by the report zone: a UTC evening on Aug 31 is September in Kolkata', async () => {
    ledger = await testLedger();
    await insertRollup(ledger, [{ ts: '2026-08-31T19:00:00Z', input: 1000, output: 10 }]);
    expect((await aggregateSpend(ledger, book, base)).rows[0]!.period).toBe('2026-08');
    expect((await aggregateSpend(ledger, book, { ...base, tz: 'Asia/Kolkata' })).rows[0]!.period).toBe(
      '2026-09',
    );
  });

  it('counts unknown models and tiers not offered as unpriced, never $0 silently', async () => {
    ledger = await testLedger();
    await insertRollup(ledger, [
      { ts: '2026-08-03T10:00:00Z', model: 'mystery-9', requests: 3, input: 100, output: 10 },
      { ts: '2026-08-03T10:00:00Z', model: 'gpt-4o', tier: 'flex', requests: 2, input: 100, output: 10 },
    ]);
    const r = await aggregateSpend(ledger, book, { ...base, groupBy: ['model'] });
    expect(r.incomplete).toBe(true);
    expect(r.total.unpricedRequests).toBe(5);
    expect(r.rows.map((x) => x.keys.model)).toEqual(['gpt-4o', 'mystery-9']);
  });

  it('uses a reported cost as is, adds gateway fees on their own line', async () => {
    ledger = await testLedger();
    await insertRollup(ledger, [
      {
        ts: '2026-08-03T10:00:00Z',
        gateway: 'openrouter',
        reported: 1,
        reported_cost_nano: 1_000_000_000,
        input: 100,
        output: 10,
      },
    ]);
    const r = await aggregateSpend(ledger, book, base);
    expect(r.total.costSource).toBe('reported');
    expect(usdString(r.total.cost.reported)).toBe('1');
    expect(usdString(r.total.cost.fees)).toBe('0.055');
    expect(usdString(r.total.cost.total)).toBe('1.055');
  });

  it('prices long-context rows at long-context rates and regional rows with the uplift', async () => {
    ledger = await testLedger();
    await insertRollup(ledger, [
      { ts: '2026-08-03T10:00:00Z', input: 300_000, output: 1000 },
      { ts: '2026-08-03T11:00:00Z', regional: 1, requests: 10, input: 1_000_000, output: 0, project: 'eu' },
    ]);
    const r = await aggregateSpend(ledger, book, { ...base, groupBy: ['project'] });
    expect(usdString(r.rows[1]!.cost.total)).toBe('5.5'); // eu: 1M × $5 × 1.1
    expect(usdString(r.rows[0]!.cost.total)).toBe('3.045'); // 300K × $10 + 1K × $45
  });

  it('what-if batch halves the cost and counts usage the target does not offer', async () => {
    ledger = await testLedger();
    await insertRollup(ledger, [
      { ts: '2026-08-03T10:00:00Z', requests: 10, input: 1_000_000, output: 0 },
      { ts: '2026-08-03T10:00:00Z', model: 'gpt-4o', requests: 10, input: 1_000_000, output: 0 },
    ]);
    const r = await aggregateSpend(ledger, book, { ...base, asTier: 'flex' });
    expect(usdString(r.total.cost.total)).toBe('7.5');
    expect(usdString(r.total.whatIf!.cost.total)).toBe('2.5');
    expect(r.total.whatIf!.unpricedRequests).toBe(10);
    // the delta only compares usage both sides could price: gpt-4o flex is not offered
    expect(usdString(r.total.whatIf!.delta)).toBe('-2.5');
    expect(r.whatIfIncomplete).toBe(true);
    expect(r.incomplete).toBe(false);
  });

  it('charges the BYOK fee only past the free monthly allowance, counted from the UTC month start', async () => {
    ledger = await testLedger();
    const byok = { gateway: 'openrouter', byok: 1, source: 'openrouter' };
    await insertRollup(ledger, [
      { ts: '2026-08-01T10:00:00Z', ...byok, requests: 1_000_000, input: 1_000_000, output: 0 },
      { ts: '2026-08-10T10:00:00Z', ...byok, requests: 10, input: 1_000_000, output: 0 },
      { ts: '2026-09-01T10:00:00Z', ...byok, requests: 10, input: 1_000_000, output: 0 },
    ]);
    const r = await aggregateSpend(ledger, book, { ...base, groupBy: [] });
    expect(r.rows.map((x) => usdString(x.cost.fees))).toEqual(['0.25', '0']); // 5% of $5 on the 10 past the 1M
    const late = await aggregateSpend(ledger, book, { ...base, sinceMs: Date.parse('2026-08-05T00:00:00Z') });
    expect(usdString(late.rows[0]!.cost.fees)).toBe('0.25');
    expect(usdString(late.rows[0]!.cost.total)).toBe('5.25');
  });
});
