import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeUnpriced } from '../../../src/ingest/unpriced-judge.js';
import { BatchTally, RunTally } from '../../../src/ingest/unpriced-tally.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { EVENT_COLUMN_COUNT } from '../../../src/store/columns.js';
import { pushEventValues } from '../../../src/store/event-rows.js';
import type { UsageEvent } from '../../../src/usage-event.js';

/** Ingest counts unpriced usage per group of new events, judged once as a report prices (#9, #14). */
const book = loadPriceBook();
const AUG = Date.UTC(2026, 7, 1);

const ev = (over: Partial<UsageEvent>): UsageEvent => ({
  key: 'k',
  kind: 'request',
  tsMs: AUG,
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
});

const arbitraryEvent = fc.record({
  model: fc.constantFrom('gpt-5.5', 'gpt-5.5-pro', 'gpt-9-ultra', 'gpt-4o-mini'),
  tier: fc.constantFrom('standard', 'flex', 'priority'),
  kind: fc.constantFrom('request', 'bucket'),
  tsMs: fc.integer({ min: AUG, max: AUG + 5 * 86_400_000 }),
  inputTokens: fc.integer({ min: 0, max: 400_000 }),
  outputTokens: fc.integer({ min: 0, max: 1000 }),
  audioInputTokens: fc.constantFrom(0, 0, 50),
  webSearchCallsMedium: fc.constantFrom(0, 0, 2),
  requests: fc.integer({ min: 0, max: 3 }),
  billed: fc.boolean(),
});

function tally(events: readonly UsageEvent[], notAdded: readonly number[], asRows: boolean): RunTally {
  const batch = new BatchTally();
  for (const e of events) batch.add(e);
  const rows: unknown[] = [];
  for (const e of events) pushEventValues(e, rows);
  const run = new RunTally();
  run.merge(batch.take(), notAdded, {
    ...(asRows ? { rows } : { events }),
    width: EVENT_COLUMN_COUNT,
  });
  return run;
}

const summed = (run: RunTally) =>
  [...run.groups.values()]
    .map((g) => [g.id, g.events, g.sums])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('unpriced tally', () => {
  it('merging a batch minus its duplicates = tallying only the added events (rows or objects)', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEvent, { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        (facts, dup, asRows) => {
          const events = facts.map((f, i) => ev({ ...f, key: `k${i}` } as Partial<UsageEvent>));
          const notAdded = events.flatMap((_, i) => (dup[i] ? [i] : []));
          const added = events.filter((_, i) => !dup[i]);
          expect(summed(tally(events, notAdded, asRows))).toEqual(summed(tally(added, [], false)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts requests of unpriced groups: unknown model, tier not offered, a class the book cannot price', () => {
    const events = [
      ev({}), // priced
      ev({ model: 'gpt-9-ultra' }),
      ev({ model: 'gpt-9-ultra', billed: false }), // failed: costs nothing
      ev({ model: 'gpt-9-ultra', reportedCostNano: 5n }), // the source priced it
      ev({ model: 'gpt-5.5-pro', tier: 'priority', requests: 1 }),
      ev({ model: 'gpt-5.5', audioInputTokens: 300, tsMs: AUG + 86_400_000 }), // no audio price
    ];
    const v = judgeUnpriced(book, tally(events, [], false).groups.values());
    expect(v).toEqual({ requests: 3, aggregateRequests: 0, groups: 3, unknownModels: ['gpt-9-ultra'] });
  });

  it('an unpriced group without requests adds 0 requests but still counts as a group', () => {
    const bucket = ev({ kind: 'bucket', model: 'gpt-9-ultra', requests: 0 });
    const v = judgeUnpriced(book, tally([bucket], [], false).groups.values());
    expect(v).toMatchObject({ requests: 0, groups: 1 });
  });
});
