import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareSegmentQuery, readRange } from '../../../src/report/query.js';
import { readPieces, segmentsOf, splitPieces } from '../../../src/report/segments.js';
import { refreshDayRollup } from '../../../src/store/day-rollup.js';
import type { SqliteFile } from '../../../src/store/sqlite-file.js';
import { insertRollup, testLedger } from './helpers/ledger.js';

/**
 * Builds rollup_day for rollup rows written outside the writer (refreshDayRollup), then
 * makes the second day stale, so reads mix built days (rollup_day) and unbuilt ones (rollup).
 */
function addDayRollup(ledger: SqliteFile): void {
  refreshDayRollup(ledger.db);
  // Days without usage are exact too (no rows on either side).
  const trust = ledger.db.prepare('INSERT OR IGNORE INTO rollup_day_built (day_ms) VALUES (?)');
  for (let day = Math.floor(START / DAY) * DAY; day < END; day += DAY) trust.run(day);
  // The second day goes stale, as when ingest adds rows after the last refresh: it must be read
  // from the 15-minute rollup, not from its (now wrong) rollup_day rows.
  const stale = Math.floor(START / DAY) * DAY + DAY;
  ledger.db.prepare('DELETE FROM rollup_day_built WHERE day_ms = ?').run(stale);
  ledger.db.prepare('UPDATE rollup_day SET requests = requests + 1 WHERE day_ms = ?').run(stale);
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Asia/Kolkata midnight: the range starts and ends inside UTC days.
const START = Date.parse('2026-07-31T18:30:00Z');
const END = START + 5 * DAY;

const row = fc.record({
  // Any bucket, or one next to a UTC midnight (where rollup_day and the 15-minute rollup meet).
  offset: fc.oneof(
    fc.integer({ min: 0, max: 5 * DAY - 1 }),
    fc
      .integer({ min: 0, max: 4 })
      .chain((d) => fc.constantFrom(d * DAY + 5.5 * HOUR - 1, d * DAY + 5.5 * HOUR)),
  ),
  model: fc.constantFrom('gpt-5.5', 'o3'),
  project: fc.constantFrom('a', 'b', ''),
  requests: fc.integer({ min: 1, max: 9 }),
  input: fc.integer({ min: 0, max: 1_000_000 }),
  reported_cost_nano: fc.integer({ min: 0, max: 2 ** 40 }),
});
const cut = fc.integer({ min: 1, max: 5 * DAY - 1 }).map((o) => START + Math.floor(o / 900_000) * 900_000);

/** Groups as comparable strings (order-free): columns and sums. */
const canon = (groups: readonly object[]) =>
  groups.map((g) => JSON.stringify(g, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();

describe('report segments', () => {
  it.each([
    ['15-minute rollup only', false],
    ['rollup_day for whole UTC days', true],
  ])('pieces merged per segment equal one statement per segment, also after new cuts (%s)', (_, withDays) => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(cut, { maxLength: 4 }),
        fc.uniqueArray(cut, { maxLength: 3 }),
        (rows, cutsA, cutsB) => {
          const ledger = testLedger();
          try {
            insertRollup(
              ledger,
              rows.map((r) => ({ ...r, ts: START + r.offset })),
            );
            const plain = prepareSegmentQuery(ledger.db, ['model', 'project'], {});
            if (withDays) addDayRollup(ledger);
            const q = prepareSegmentQuery(ledger.db, ['model', 'project'], {});
            expect(q.dayStatement !== undefined).toBe(withDays);
            const before = [START, ...cutsA].sort((a, b) => a - b);
            const after = [...new Set([...before, ...cutsB])].sort((a, b) => a - b);
            const pieces = splitPieces(q, readPieces(q, before, END, 'request'), after, 'request');
            const segments = segmentsOf(q, pieces, after);
            const direct = after.map((from, i) => readRange(plain, from, after[i + 1] ?? END, 'request'));
            expect(segments.map((s) => s.from)).toEqual(after);
            expect(segments.map((s) => canon(s.groups))).toEqual(direct.map(canon));
          } finally {
            ledger.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
