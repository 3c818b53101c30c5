import fc from 'fast-check';
import pg from 'pg';
import { expect, it } from 'vitest';
import { inputBand, ROLLUP_SUMS } from '../../../../src/store/columns.js';
import type { Ledger } from '../../../../src/store/ledger.js';
import { openPgLedger } from '../../../../src/store/postgres/pg-ledger.js';
import { ROLLUP_TABLES } from '../../../../src/store/postgres/pg-rollup-sql.js';
import type { UsageEvent } from '../../../../src/usage-event.js';
import { describePg } from '../../../support/pg-database.js';

const T0 = Date.UTC(2026, 7, 3, 10, 7);

function event(i: number, over: Partial<UsageEvent> = {}): UsageEvent {
  return {
    key: `resp:${i}`,
    kind: 'request',
    tsMs: T0 + (i % 500) * 3_600_000,
    model: i % 3 === 0 ? 'gpt-5.5' : 'gpt-5.4-mini',
    tier: 'standard',
    requests: 1,
    inputTokens: 1000 + i,
    cachedInputTokens: 100,
    cacheWriteTokens: 0,
    outputTokens: 200 + (i % 7),
    reasoningTokens: 50,
    billed: true,
    project: `p${i % 4}`,
    format: 'responses',
    ...over,
  };
}

/** Seeded shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function appendAll(ledger: Ledger, events: readonly UsageEvent[], size: number) {
  for (let i = 0; i < events.length; i += size) await ledger.append({ events: events.slice(i, i + size) });
}

/** Every rollup table's sums per kind (all three must agree: each is kept by the same statement). */
async function rollupTotals(url: string): Promise<Record<string, Record<string, string>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, Record<string, string>> = {};
    for (const table of ROLLUP_TABLES) {
      const sums = ROLLUP_SUMS.map((c) => `SUM("${c.name}")::text AS "${c.name}"`).join(', ');
      const r = await client.query(
        `SELECT "kind", ${sums} FROM tokenledger."${table}" GROUP BY "kind" ORDER BY 1`,
      );
      out[table] = Object.fromEntries(r.rows.map((row) => [row.kind, JSON.stringify(row)]));
    }
    return out;
  } finally {
    await client.end();
  }
}

async function expectRollupsAgree(url: string): Promise<void> {
  const totals = await rollupTotals(url);
  for (const table of ROLLUP_TABLES) expect(totals[table]).toEqual(totals.rollup);
}

describePg('PostgreSQL append', (dbs) => {
  it('stores each key once and keeps both rollups equal to the events, with four writers at once', async () => {
    const url = await dbs.create();
    const all = Array.from({ length: 4000 }, (_, i) => event(i));
    // Every writer gets an overlapping 3,000-event slice, shuffled, in batches of 250.
    const slices = [0, 1, 2, 3].map((w) => shuffled(all.slice(w * 333, w * 333 + 3000), w + 1));
    const ledgers = await Promise.all(slices.map(() => openPgLedger(url)));
    try {
      await Promise.all(ledgers.map((l, w) => appendAll(l, slices[w]!, 250)));
      const covered = all.slice(0, 3 * 333 + 3000);
      const stats = await ledgers[0]!.stats();
      const request = stats.events.request!;
      expect(request.rows).toBe(covered.length);
      expect(request.inputTokens).toBe(covered.reduce((s, e) => s + e.inputTokens, 0));
      expect(request.outputTokens).toBe(covered.reduce((s, e) => s + e.outputTokens, 0));
      expect({ ...stats.rollup.request, rows: 0 }).toEqual({ ...request, rows: 0 });
      const month = await ledgers[0]!.sumUsage({
        fromMs: Date.UTC(2026, 7, 1),
        toMs: Date.UTC(2026, 9, 1),
        kind: 'request',
        groupBy: [],
        filters: {},
      });
      expect(month.reduce((s, g) => s + g.requests, 0)).toBe(covered.length);
      expect(month.reduce((s, g) => s + g.input, 0)).toBe(request.inputTokens);
      await expectRollupsAgree(url);
    } finally {
      await Promise.all(ledgers.map((l) => l.close()));
    }
  });

  it('replaces an unbilled snapshot by the billed event whichever arrives first, also across writers', async () => {
    const url = await dbs.create();
    const billed = Array.from({ length: 600 }, (_, i) => event(i, { outputTokens: 500 }));
    const unbilled = billed.map((e) => ({ ...e, billed: false, outputTokens: 7, tags: { snapshot: 'yes' } }));
    const ledgers = await Promise.all([0, 1, 2].map(() => openPgLedger(url)));
    try {
      await Promise.all([
        appendAll(ledgers[0]!, shuffled(unbilled, 7), 50),
        appendAll(ledgers[1]!, shuffled(billed, 8), 50),
        appendAll(ledgers[2]!, shuffled([...unbilled.slice(300), ...billed.slice(0, 300)], 9), 50),
      ]);
      const stats = await ledgers[0]!.stats();
      expect(stats.events.request).toMatchObject({ rows: 600, outputTokens: 600 * 500 });
      expect({ ...stats.rollup.request, rows: 0 }).toEqual({ ...stats.events.request, rows: 0 });
      const groups = await ledgers[0]!.sumUsage({
        fromMs: Date.UTC(2026, 7, 1),
        toMs: Date.UTC(2026, 9, 1),
        kind: 'request',
        groupBy: ['tags'],
        filters: {},
      });
      // No trace of the snapshots is left in the rollup (their rows were pruned, not left at zero).
      expect(groups.every((g) => g.billed === 1 && g.tags === '')).toBe(true);
      await expectRollupsAgree(url);
    } finally {
      await Promise.all(ledgers.map((l) => l.close()));
    }
  });

  it('answers from the narrow day rollup exactly what the full one gives when summed over users, keys and tags', async () => {
    const url = await dbs.create();
    const ledger = await openPgLedger(url);
    try {
      const events = Array.from({ length: 900 }, (_, i) =>
        event(i, {
          user: `u${i % 13}`,
          apiKeyId: `k${i % 5}`,
          tags: { team: `t${i % 3}` },
          ...(i % 2 ? { effort: 'high' as const } : {}),
          inputTokens: (i * 7919) % 300_000,
          cachedInputTokens: 0,
        }),
      );
      await appendAll(ledger, events, 200);
      // [Aug 3 10:00, Aug 20 18:00): ragged ends from the 15-minute rollup, whole days in between.
      const range = {
        fromMs: Date.UTC(2026, 7, 3, 10),
        toMs: Date.UTC(2026, 7, 20, 18),
        kind: 'request' as const,
      };
      const narrow = await ledger.sumUsage({
        ...range,
        groupBy: ['project', 'effort'],
        filters: { tier: ['standard'] },
      });
      const wide = await ledger.sumUsage({
        ...range,
        groupBy: ['project', 'effort', 'user', 'api_key', 'tags'],
        filters: { tier: ['standard'] },
      });
      const keyOf = (g: (typeof wide)[number]) => [g.model, g.input_band, g.project, g.effort].join('|');
      const collapsed = new Map<string, number[]>();
      for (const g of wide) {
        const s = collapsed.get(keyOf(g)) ?? [0, 0, 0];
        collapsed.set(keyOf(g), [s[0]! + g.requests, s[1]! + g.input, s[2]! + g.output]);
      }
      expect(new Map(narrow.map((g) => [keyOf(g), [g.requests, g.input, g.output]]))).toEqual(collapsed);
      expect(narrow.reduce((s, g) => s + g.requests, 0)).toBeGreaterThan(0);
      expect((await ledger.modelsSeen()).reduce((s, m) => s + m.requests, 0)).toBe(900);
    } finally {
      await ledger.close();
    }
  });

  it('keeps nano-dollar sums exact beyond 2^53', async () => {
    const url = await dbs.create();
    const ledger = await openPgLedger(url);
    try {
      const cost = 2n ** 60n + 7n;
      await ledger.append({ events: [1, 2, 3].map((i) => event(i, { reportedCostNano: cost, tsMs: T0 })) });
      const stats = await ledger.stats();
      expect(stats.events.request!.reportedCostNano).toBe(3n * cost);
      const groups = await ledger.sumUsage({
        fromMs: Date.UTC(2026, 7, 3),
        toMs: Date.UTC(2026, 7, 4),
        kind: 'request',
        groupBy: [],
        filters: {},
      });
      expect(groups.reduce((s, g) => s + g.reported_nano, 0n)).toBe(3n * cost);
    } finally {
      await ledger.close();
    }
  });

  it('bands input sizes exactly as inputBand does', async () => {
    const url = await dbs.create();
    const ledger = await openPgLedger(url);
    try {
      const inputs = fc.sample(fc.integer({ min: 0, max: 2_000_000 }), { numRuns: 300, seed: 42 });
      inputs.push(64_000, 64_001, 72_000, 72_001, 272_000, 272_001);
      const events = inputs.map((n, i) => event(i, { inputTokens: n, cachedInputTokens: 0, tsMs: T0 }));
      await ledger.append({ events });
      const groups = await ledger.sumUsage({
        fromMs: Date.UTC(2026, 7, 3),
        toMs: Date.UTC(2026, 7, 4),
        kind: 'request',
        groupBy: [],
        filters: {},
      });
      const expected = new Map<number, number>();
      for (const n of inputs)
        expected.set(inputBand('request', n), (expected.get(inputBand('request', n)) ?? 0) + n);
      const got = new Map<number, number>();
      for (const g of groups) got.set(g.input_band, (got.get(g.input_band) ?? 0) + g.input);
      expect(got).toEqual(expected);
    } finally {
      await ledger.close();
    }
  });

  it('stores text PostgreSQL cannot hold (NUL) instead of failing the batch, and text COPY must escape', async () => {
    const url = await dbs.create();
    const ledger = await openPgLedger(url);
    try {
      const odd = 'tab\there, new\nline\r, \\N and \\t';
      const r = await ledger.append({
        events: [event(1, { user: 'a\u0000b', project: 'q"\\x' }), event(2, { project: odd, user: '\\N' })],
      });
      expect(r.inserted).toBe(2);
      const [h] = await ledger.sumUsage({
        fromMs: Date.UTC(2026, 7, 1),
        toMs: Date.UTC(2026, 9, 1),
        kind: 'request',
        groupBy: ['user', 'project'],
        filters: { project: [odd] },
      });
      // COPY's text format escapes tab, newline, CR and backslash; a literal "\N" is text, not NULL.
      expect(h).toMatchObject({ user: '\\N', project: odd, requests: 1 });
      const [g] = await ledger.sumUsage({
        fromMs: Date.UTC(2026, 7, 1),
        toMs: Date.UTC(2026, 9, 1),
        kind: 'request',
        groupBy: ['user', 'project'],
        filters: { project: ['q"\\x'] },
      });
      expect(g).toMatchObject({ user: 'a\uFFFDb', project: 'q"\\x' });
    } finally {
      await ledger.close();
    }
  });

  it('records alert state through a read-only open, and declines (false) for a login that cannot write', async () => {
    const url = await dbs.create();
    await (await openPgLedger(url)).close();
    const alert = { budget: 'team', period: '2026-08', key: '0.8', atMs: T0 };
    const ro = await openPgLedger(url, { readonly: true });
    try {
      await expect(ro.append({ events: [event(1)] })).rejects.toThrow(/read-only/);
      expect(await ro.recordAlerts([alert])).toBe(true);
      expect(await ro.alertKeys('team', '2026-08')).toEqual(['0.8']);
    } finally {
      await ro.close();
    }
    const role = `tl_reader_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
      await admin.query(`GRANT USAGE ON SCHEMA tokenledger TO ${role}`);
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA tokenledger TO ${role}`);
      const u = new URL(url);
      u.username = role;
      u.password = 'reader-pw';
      const reader = await openPgLedger(u.toString(), { readonly: true });
      try {
        expect(await reader.recordAlerts([{ ...alert, key: '1' }])).toBe(false);
        expect(await reader.alertKeys('team', '2026-08')).toEqual(['0.8']);
      } finally {
        await reader.close();
      }
    } finally {
      await admin.query(`DROP OWNED BY ${role}`).catch(() => {});
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await admin.end();
    }
  });
});
