import { afterEach, describe, expect, it } from 'vitest';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { aggregateSpend } from '../../../src/report/aggregate.js';
import { reportJson } from '../../../src/report/render-json.js';
import { renderCsv } from '../../../src/report/render-csv.js';
import { openLedger } from '../../../src/store/index.js';
import type { Ledger } from '../../../src/store/ledger.js';
import type { UsageEvent } from '../../../src/usage-event.js';

const book = loadPriceBook();
const NOV1 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

function event(over: Partial<UsageEvent>): UsageEvent {
  return {
    key: 'k',
    kind: 'request',
    tsMs: NOV1 + 3_600_000,
    model: 'gpt-5.5',
    tier: 'standard',
    requests: 1,
    inputTokens: 1000,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 100,
    reasoningTokens: 0,
    billed: true,
    format: 'responses',
    ...over,
  };
}
const bucket = (day: number, requests: number) =>
  event({
    key: `bucket:${day}`,
    kind: 'bucket',
    tsMs: NOV1 + day * DAY,
    endMs: NOV1 + (day + 1) * DAY,
    requests,
    inputTokens: 1000 * requests,
    outputTokens: 100 * requests,
    format: 'usage-api',
  });

let ledger: Ledger;
afterEach(() => ledger.close());

const report = (basis: 'auto' | 'requests' | 'aggregates' = 'auto') =>
  aggregateSpend(ledger, book, {
    periodUnit: 'day',
    tz: 'UTC',
    groupBy: [],
    filters: {},
    basis,
    sinceMs: NOV1,
    untilMs: NOV1 + 3 * DAY,
  });

describe('report --basis auto: per UTC day', () => {
  it('request logs where a day has them, aggregates where it has only those; never both added', async () => {
    ledger = await openLedger(':memory:');
    // day 0: 3 logged requests and an aggregate of 5 (the logs miss 2); day 1: only an aggregate of 4
    await ledger.append({
      events: [event({ key: 'r1' }), event({ key: 'r2' }), event({ key: 'r3' }), bucket(0, 5), bucket(1, 4)],
    });
    const r = await report();
    expect(r.basis).toBe('mixed');
    expect(r.basisDays).toEqual({ requests: 1, aggregates: 2 });
    expect(r.rows.map((x) => [x.period, x.requests, x.basis])).toEqual([
      ['2026-11-01', 3, 'requests'],
      ['2026-11-02', 4, 'aggregates'],
    ]);
    expect(r.total.requests).toBe(7);
    expect(r.notes).toEqual([
      'provider aggregates count 5 requests on the days read from your request logs (3): the logs miss some traffic; see `tokenledger reconcile`',
    ]);
    const json = reportJson(r) as { basis: string; basis_days: unknown; notes: string[] };
    expect([json.basis, json.basis_days, json.notes.length]).toEqual([
      'mixed',
      { requests: 1, aggregates: 2 },
      1,
    ]);
    expect(
      renderCsv(r)
        .split('\n')
        .map((l) => l.split(',').at(-2)),
    ).toEqual(['basis', 'requests', 'aggregates', undefined]);
    // explicit bases read one kind for the whole range
    expect((await report('requests')).total.requests).toBe(3);
    expect((await report('aggregates')).total.requests).toBe(9);
  });

  it('a ledger with one kind is read from it whole, with no note when the logs are complete', async () => {
    ledger = await openLedger(':memory:');
    await ledger.append({ events: [event({ key: 'r1' }), bucket(1, 1)] });
    const r = await report();
    expect(r.basis).toBe('mixed');
    expect(r.notes).toEqual([]);
    const only = await openLedger(':memory:');
    await only.append({ events: [bucket(0, 2), bucket(1, 2)] });
    const a = await aggregateSpend(only, book, { periodUnit: 'month', tz: 'UTC', groupBy: [], filters: {} });
    expect([a.basis, a.basisDays, a.total.requests]).toEqual(['aggregates', undefined, 4]);
    await only.close();
  });
});
