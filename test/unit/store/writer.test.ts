import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../../src/store/sqlite-file.js';
import { pushEventValues } from '../../../src/store/event-rows.js';
import { ledgerStats, listRejects } from '../../../src/store/stats.js';
import { canonicalTags } from '../../../src/store/tags.js';
import type { StoredEvent } from '../../../src/store/types.js';
import { createWriter } from '../../../src/store/writer.js';
import type { Tier } from '../../../src/usage-event.js';
import { event, stored, tempDir } from './helpers.js';

function fresh() {
  const ledger = openSqliteFile(join(tempDir(), 'l.db'));
  return { ledger, writer: createWriter(ledger) };
}

/** Rollup rows grouped by every dimension except the bucket, as comparable text. */
function rollupSnapshot(db: import('better-sqlite3').Database): string[] {
  return (
    db
      .prepare(`SELECT bucket_ms, kind, model, tier, long_context, billed, reported, effort, project, user, tags,
        requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
        reported_cost_nano FROM rollup WHERE requests <> 0 ORDER BY 1,2,3,4,5,6,7,8,9,10,11`)
      .raw()
      .all() as unknown[][]
  ).map((r) => JSON.stringify(r));
}

describe('createWriter', () => {
  it('inserts once: a second write of the same key is a duplicate and the rollup is unchanged', () => {
    const { ledger, writer } = fresh();
    const s = stored(event());
    expect(writer.write({ events: [s] })).toMatchObject({ inserted: 1, duplicates: 0 });
    const before = rollupSnapshot(ledger.db);
    expect(writer.write({ events: [s, s] })).toMatchObject({ inserted: 0, duplicates: 2 });
    expect(rollupSnapshot(ledger.db)).toEqual(before);
    const st = ledgerStats(ledger.db);
    expect(st.events.request).toMatchObject({ rows: 1, inputTokens: 1000, outputTokens: 300 });
    expect(st.rollup.request).toMatchObject({ requests: 1, inputTokens: 1000, reasoningTokens: 100 });
    ledger.close();
  });

  it('buckets the rollup by 15 UTC minutes and keeps request and bucket kinds apart', () => {
    const { ledger, writer } = fresh();
    const t = Date.UTC(2026, 7, 3, 10, 14, 59);
    writer.write({
      events: [
        stored(event({ key: 'a', tsMs: t })),
        stored(event({ key: 'b', tsMs: t + 1000 })),
        stored(event({ key: 'c', kind: 'bucket', requests: 7, tsMs: t })),
      ],
    });
    const rows = ledger.db.prepare('SELECT bucket_ms, kind, requests FROM rollup ORDER BY 1, 2').raw().all();
    expect(rows).toEqual([
      [Date.UTC(2026, 7, 3, 10, 0), 'bucket', 7],
      [Date.UTC(2026, 7, 3, 10, 0), 'request', 1],
      [Date.UTC(2026, 7, 3, 10, 15), 'request', 1],
    ]);
    ledger.close();
  });

  it('replaces an unbilled snapshot by the billed one, never the reverse', () => {
    const { ledger, writer } = fresh();
    const failed = stored(
      event({ billed: false, inputTokens: 10, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 }),
    );
    const done = stored(event());
    writer.write({ events: [failed] });
    expect(writer.write({ events: [done] })).toMatchObject({ inserted: 0, updated: 1 });
    expect(writer.write({ events: [failed] })).toMatchObject({ duplicates: 1, updated: 0 });
    const rows = ledger.db.prepare('SELECT billed, requests, input_tokens FROM rollup').raw().all();
    expect(rows).toEqual([[1, 1, 1000]]);
    expect(ledger.db.prepare('SELECT billed FROM events').pluck().all()).toEqual([1]);
    ledger.close();
  });

  it('stores unknown models with a NULL canonical model and counts them unpriced', () => {
    const { ledger, writer } = fresh();
    const r = writer.write({
      events: [stored(event({ model: 'gpt-5.5-turbo-preview' }), { canonicalModel: null })],
    });
    expect(r.unpriced).toBe(1);
    const failed = stored(event({ key: 'x', model: 'unknown', billed: false }), { canonicalModel: null });
    expect(writer.write({ events: [failed] })).toMatchObject({ inserted: 1, unpriced: 0 }); // costs 0 anyway
    expect(ledgerStats(ledger.db).unpricedEvents).toBe(2);
    ledger.close();
  });

  it('keeps rejects once per (file, line, reason), raw truncated and secrets masked, with the checkpoint', () => {
    const { ledger, writer } = fresh();
    const raw = `{"user":"sk-proj-abcdefghijklmnop", "x": "${'y'.repeat(5000)}"`;
    const batch = {
      events: [],
      rejects: [{ file: '/f.jsonl', line: 3, reason: 'malformed JSON', raw }],
      checkpoint: { file: '/f.jsonl', size: 10, mtimeMs: 1.7, offset: 10, line: 3, headHash: 'h' },
    };
    writer.write(batch);
    writer.write(batch);
    const rejects = listRejects(ledger.db);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ file: '/f.jsonl', line: 3, reason: 'malformed JSON' });
    expect(rejects[0]!.raw!.length).toBeLessThanOrEqual(2048);
    expect(rejects[0]!.raw).not.toContain('sk-proj-abc');
    expect(ledger.db.prepare('SELECT offset, mtime_ms FROM checkpoints').raw().get()).toEqual([10, 1]);
    ledger.close();
  });

  it('keeps reported costs exactly (nano-dollars as integers)', () => {
    const { ledger, writer } = fresh();
    writer.write({
      events: [
        stored(event({ key: 'a', reportedCostNano: 1_234_567_891n, gateway: 'openrouter' })),
        stored(event({ key: 'b', reportedCostNano: 1n, gateway: 'openrouter' })),
      ],
    });
    expect(ledgerStats(ledger.db).rollup.request?.reportedCostNano).toBe(1_234_567_892n);
    ledger.close();
  });
});

describe('rollup law', () => {
  const tiers: Tier[] = ['standard', 'batch', 'flex', 'priority'];
  const arbEvent = fc.record({
    minute: fc.integer({ min: 0, max: 60 * 24 * 3 }),
    model: fc.constantFrom('gpt-5.5', 'gpt-5.5-pro', 'mystery-model'),
    tier: fc.constantFrom(...tiers),
    input: fc.integer({ min: 0, max: 400_000 }),
    output: fc.integer({ min: 0, max: 50_000 }),
    bucket: fc.boolean(),
    billed: fc.boolean(),
    /** An unbilled snapshot of the same key also appears (a failed stream, then the completed one). */
    snapshot: fc.boolean(),
    cost: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })),
    team: fc.option(fc.constantFrom('a', 'b')),
  });
  type Arb = typeof arbEvent extends fc.Arbitrary<infer T> ? T : never;
  const toStored = (a: Arb, id: number, billed = a.billed): StoredEvent => {
    const input = billed ? a.input : Math.floor(a.input / 2);
    const e = event({
      key: `k${id}`,
      kind: a.bucket ? 'bucket' : 'request',
      tsMs: Date.UTC(2026, 7, 1) + a.minute * 60_000,
      model: a.model,
      tier: a.tier,
      inputTokens: input,
      cachedInputTokens: Math.floor(input / 3),
      outputTokens: a.output,
      reasoningTokens: Math.floor(a.output / 2),
      billed,
      ...(a.cost === null ? {} : { reportedCostNano: a.cost }),
      ...(a.team === null ? {} : { tags: { team: a.team } }),
    });
    return stored(e, {
      canonicalModel: a.model === 'mystery-model' ? null : a.model,
      longContext: input > 272_000,
      tags: canonicalTags(e.tags),
    });
  };

  const law = (
    minLength: number,
    maxLength: number,
    minSize: number,
    maxSize: number,
    flat: boolean,
    numRuns: number,
  ) =>
    fc.assert(
      fc.property(
        fc.array(arbEvent, { minLength, maxLength }),
        fc.integer({ min: minSize, max: maxSize }),
        fc.integer(),
        (arbs, size, seed) => {
          const finals = arbs.map((a, i) => toStored(a, i));
          const noise = arbs.flatMap((a, i) => (a.snapshot && a.billed ? [toStored(a, i, false)] : []));
          const stream = [...finals, ...noise, ...finals.slice(0, 10)]
            .map((s, i) => ({ s, order: hash(`${seed}:${i}`) }))
            .sort((x, y) => x.order - y.order)
            .map((x) => x.s);
          const a = fresh();
          for (let i = 0; i < stream.length; i += size) {
            const part = stream.slice(i, i + size);
            if (flat) {
              const rows: unknown[] = [];
              for (const s of part) pushEventValues(s, rows);
              a.writer.write({ events: [], rows });
            } else a.writer.write({ events: part });
          }
          const b = fresh();
          b.writer.write({ events: finals });
          const st = ledgerStats(a.ledger.db);
          for (const kind of Object.keys(st.events)) {
            expect({ ...st.rollup[kind], rows: 0 }).toEqual({ ...st.events[kind], rows: 0 });
          }
          expect(rollupSnapshot(a.ledger.db)).toEqual(rollupSnapshot(b.ledger.db));
          expect(st.events).toEqual(ledgerStats(b.ledger.db).events);
          a.ledger.close();
          b.ledger.close();
        },
      ),
      { numRuns },
    );

  it('any order, duplicates, snapshots and batch sizes give the rollup of the distinct set, equal to the events sums', () => {
    law(0, 50, 1, 7, false, 40);
  });

  it('holds for batches above the 64-row multi-insert (conflicts inside and across chunks), flat rows too', () => {
    law(100, 400, 64, 300, false, 15);
    law(100, 400, 64, 300, true, 15);
  });
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
