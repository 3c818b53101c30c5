import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSegments, splitSegments, usageQueryOf } from '../../../src/report/segments.js';
import { inputBand, ZERO_CLASS_SUMS } from '../../../src/store/columns.js';
import type { UsageGroup } from '../../../src/store/ledger.js';
import type { UsageEvent } from '../../../src/usage-event.js';
import { rowEvents, testLedger } from './helpers/ledger.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Asia/Kolkata midnight: the range starts and ends inside UTC days.
const START = Date.parse('2026-07-31T18:30:00Z');
const END = START + 5 * DAY;

const row = fc.record({
  // Any instant, or one next to a UTC midnight (where rollup_day and the 15-minute rollup meet).
  offset: fc.oneof(
    fc.integer({ min: 0, max: 5 * DAY - 1 }),
    fc
      .integer({ min: 0, max: 4 })
      .chain((d) => fc.constantFrom(d * DAY + 5.5 * HOUR - 1, d * DAY + 5.5 * HOUR)),
  ),
  model: fc.constantFrom('gpt-5.5', 'o3'),
  project: fc.constantFrom('a', 'b', ''),
  requests: fc.integer({ min: 1, max: 9 }),
  input: fc.integer({ min: 0, max: 3_000_000 }),
  reported: fc.constantFrom(0, 1),
  reported_cost_nano: fc.integer({ min: 0, max: 2 ** 40 }),
});
const cut = fc.integer({ min: 1, max: 5 * DAY - 1 }).map((o) => START + Math.floor(o / 900_000) * 900_000);

/** The expected groups of [from, to), summed in JavaScript from the events themselves. */
function expected(events: readonly UsageEvent[], from: number, to: number): string[] {
  const groups = new Map<string, UsageGroup>();
  for (const e of events) {
    const bucket = Math.floor(e.tsMs / 900_000) * 900_000;
    if (bucket < from || bucket >= to) continue;
    const g: UsageGroup = {
      ...ZERO_CLASS_SUMS,
      model: e.model,
      tier: e.tier,
      input_band: inputBand(e.kind, e.inputTokens),
      regional: 0,
      billed: 1,
      reported: e.reportedCostNano === undefined ? 0 : 1,
      gateway: '',
      byok: 0,
      project: e.project ?? '',
      requests: 0,
      input: 0,
      cached: 0,
      cache_write: 0,
      output: 0,
      reasoning: 0,
      reported_nano: 0n,
    };
    const id = JSON.stringify([g.model, g.input_band, g.reported, g.project]);
    const into = groups.get(id) ?? g;
    into.requests += e.requests;
    into.input += e.inputTokens;
    into.reported_nano += e.reportedCostNano ?? 0n;
    groups.set(id, into);
  }
  return canon([...groups.values()]);
}

/** Groups as comparable strings (order-free): columns and sums. */
const canon = (groups: readonly UsageGroup[]) =>
  groups
    .map((g) =>
      JSON.stringify([
        g.model,
        g.input_band,
        g.reported,
        g.project,
        g.requests,
        g.input,
        String(g.reported_nano),
      ]),
    )
    .sort();

describe('report segments', () => {
  it('segments read from the ledger equal the events summed per segment, also after new cuts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(cut, { maxLength: 4 }),
        fc.uniqueArray(cut, { maxLength: 3 }),
        async (rows, cutsA, cutsB) => {
          const ledger = await testLedger();
          try {
            const events = rows.flatMap((r) => rowEvents({ ...r, ts: START + r.offset }));
            await ledger.append({ events });
            const base = usageQueryOf(['model', 'project'], {}, 'request');
            const before = [START, ...cutsA].sort((a, b) => a - b);
            const after = [...new Set([...before, ...cutsB])].sort((a, b) => a - b);
            const segments = await splitSegments(
              ledger,
              base,
              await readSegments(ledger, base, before, END),
              after,
            );
            expect(segments.map((s) => s.from)).toEqual(after);
            for (const s of segments) expect(canon(s.groups)).toEqual(expected(events, s.from, s.to));
          } finally {
            await ledger.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
