/**
 * `report` bench: N seeded events over August 2026 written to `events` and to the 15-minute
 * `rollup` (as ingest maintains it), then the monthly report by model × project via
 * aggregateSpend (rollup) against the same report computed by a plain GROUP BY over the raw events,
 * priced the same way, in one run. Both results are checked equal before any figure is printed.
 * The first timing reads only the 15-minute rollup (no day trusted); then the UTC-day rollup that
 * ingest's writer keeps is built (refreshDayRollup) and the report timed again.
 * `ms` (the headline figure) is the report as a user gets it after an ingest: with the day rollup.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addMoney } from '../../src/money.js';
import { loadPriceBook } from '../../src/pricing/load.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { aggregateSpend } from '../../src/report/aggregate.js';
import { addCost, ModelCache, priceGroup, zeroCost } from '../../src/report/price.js';
import type { UsageGroup } from '../../src/report/query.js';
import type { SpendCost, SpendQuery, SpendResult } from '../../src/report/types.js';
import { refreshDayRollup } from '../../src/store/day-rollup.js';
import { type SqliteFile, openSqliteFile } from '../../src/store/sqlite-file.js';
import type { BenchSection } from './main.js';

const MONTH_START = Date.parse('2026-08-01T00:00:00Z');
const MONTH_END = Date.parse('2026-09-01T00:00:00Z');
const BUCKET = 900_000;

export const reportBench: BenchSection = async ({ quick, tmpDir }) => {
  const n = quick ? 200_000 : 3_000_000;
  const dir = join(tmpDir, 'report');
  mkdirSync(dir, { recursive: true });
  const ledger = openSqliteFile(join(dir, 'report-bench.db'));
  try {
    const t0 = performance.now();
    const rollupRows = generate(ledger, n, 20260801);
    process.stdout.write(
      `  generated ${n} events, ${rollupRows} rollup rows (${Math.round(performance.now() - t0)} ms)\n`,
    );
    const book = loadPriceBook();
    const query: SpendQuery = {
      periodUnit: 'month',
      tz: 'UTC',
      groupBy: ['model', 'project'],
      filters: {},
      sinceMs: MONTH_START,
      untilMs: MONTH_END,
    };
    markAllDaysDirty(ledger);
    ledger.db.exec('ANALYZE');
    aggregateSpend(ledger, book, query); // warm the page cache for both sides alike
    plainGroupBy(ledger, book);
    const ours = best(5, () => aggregateSpend(ledger, book, query));
    const plain = best(3, () => plainGroupBy(ledger, book));
    checkEqual(byKey(ours.value), plain.value);
    if (ours.value.total.requests !== n)
      throw new Error(`report counted ${ours.value.total.requests} requests, expected ${n}`);
    // The UTC-day rollup as ingest leaves it after a run: the same report reading it.
    const dayRows = refreshDays(ledger);
    aggregateSpend(ledger, book, query);
    const days = best(5, () => aggregateSpend(ledger, book, query));
    checkEqual(byKey(days.value), plain.value);
    return {
      events: n,
      rollup_rows: rollupRows,
      report_rows: ours.value.rows.length,
      ms: round1(days.ms),
      plain_group_by_ms: round1(plain.ms),
      speedup: Math.round((plain.ms / days.ms) * 10) / 10,
      cpu_ms: round1(days.cpuMs),
      plain_group_by_cpu_ms: round1(plain.cpuMs),
      day_rollup_rows: dayRows,
      quarter_hour_only_ms: round1(ours.ms),
      quarter_hour_only_speedup: Math.round((plain.ms / ours.ms) * 10) / 10,
    };
  } finally {
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const round1 = (x: number) => Math.round(x * 10) / 10;

const byKey = (result: SpendResult): Totals =>
  new Map(
    result.rows.map((r) => [`${r.keys.model}|${r.keys.project}`, { requests: r.requests, cost: r.cost }]),
  );

/** No day trusted, as in a ledger whose rollup was written outside the writer: reports read the 15-minute rollup. */
function markAllDaysDirty(ledger: SqliteFile): void {
  ledger.db.exec('DELETE FROM rollup_day; DELETE FROM rollup_day_built');
}

/** The day rollup the writer keeps during ingest, rebuilt here from the generated rollup; returns its size. */
function refreshDays(ledger: SqliteFile): number {
  refreshDayRollup(ledger.db);
  return ledger.db.prepare('SELECT COUNT(*) FROM rollup_day').pluck().get() as number;
}

/** Best of `runs`: wall time, and this process's CPU time (less sensitive to a shared, busy machine). */
function best<T>(runs: number, fn: () => T): { value: T; ms: number; cpuMs: number } {
  let ms = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    value = fn();
    const used = process.cpuUsage(cpu);
    ms = Math.min(ms, performance.now() - start);
    cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
  }
  return { value: value as T, ms, cpuMs };
}

/** Seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Workload {
  model: string;
  tier: string;
  effort: string;
  project: string;
  user: string;
  apiKey: string;
  gateway: string;
  format: string;
  tags: string;
  reported: boolean;
}

/** 60 workloads: real traffic repeats a bounded set of (model, tier, project, user, key, …) combinations. */
function workloads(rand: () => number): Workload[] {
  const models = [
    'gpt-5.5',
    'gpt-5.5',
    'gpt-5.4-mini',
    'gpt-5.4',
    'gpt-5.6-sol',
    'gpt-5.5-pro',
    'o3',
    'gpt-4o-mini',
    'acme-llm-7',
  ];
  const tiers = ['standard', 'standard', 'standard', 'batch', 'flex', 'priority'];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: 60 }, (_, i) => {
    const viaOpenRouter = i % 12 === 0;
    const model = viaOpenRouter ? 'openai/gpt-5.5' : pick(models);
    return {
      model,
      tier:
        viaOpenRouter || model.startsWith('gpt-5.5-pro') || model === 'gpt-4o-mini'
          ? 'standard'
          : pick(tiers),
      effort: pick(['', 'low', 'medium', 'high']),
      project: `project-${i % 15}`,
      user: `user-${i % 40}`,
      apiKey: `key-${i % 8}`,
      gateway: viaOpenRouter ? 'openrouter' : '',
      format: viaOpenRouter ? 'openrouter' : pick(['responses', 'chat', 'batch']),
      tags: `{"team":"team-${i % 6}"}`,
      reported: viaOpenRouter,
    };
  });
}

/** Writes n events and the rollup rows ingest would have kept for them; returns the rollup size. */
function generate(ledger: SqliteFile, n: number, seed: number): number {
  const rand = prng(seed);
  const ws = workloads(rand);
  const db = ledger.db;
  const insert =
    db.prepare(`INSERT INTO events (key, kind, ts_ms, model, canonical_model, tier, effort, requests, input_tokens,
    cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, billed, long_context, regional, reported_cost_nano,
    project, user, api_key, gateway, byok, tags, format) VALUES (?, 'request', ?, ?, NULL, ?, ?, 1, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, ?)`);
  const rollup = new Map<string, { key: unknown[]; sums: number[] }>();
  const span = MONTH_END - MONTH_START;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const w = ws[Math.floor(rand() * ws.length)]!;
      const ts = MONTH_START + Math.floor(rand() * span);
      const long = rand() < 0.01 && w.model === 'gpt-5.5' && w.tier !== 'priority';
      const input = long ? 280_000 + Math.floor(rand() * 100_000) : 200 + Math.floor(rand() * 20_000);
      const cached = Math.floor(input * rand() * 0.6);
      const output = 50 + Math.floor(rand() * 3_000);
      const reasoning = w.effort === '' ? 0 : Math.floor(output * rand() * 0.7);
      const billed = rand() < 0.005 ? 0 : 1;
      const reportedNano = w.reported ? Math.floor(rand() * 20_000_000) : null;
      insert.run(
        `bench:${i}`,
        ts,
        w.model,
        w.tier,
        w.effort || null,
        input,
        cached,
        output,
        reasoning,
        billed,
        long ? 1 : 0,
        reportedNano,
        w.project,
        w.user,
        w.apiKey,
        w.gateway || null,
        w.tags,
        w.format,
      );
      const bucket = Math.floor(ts / BUCKET) * BUCKET;
      const key = [
        bucket,
        w.model,
        w.tier,
        long ? 1 : 0,
        billed,
        w.reported ? 1 : 0,
        w.effort,
        w.project,
        w.user,
        w.apiKey,
        w.gateway,
        w.format,
        w.tags,
      ];
      const id = key.join('\u0001');
      let acc = rollup.get(id);
      if (!acc) {
        acc = { key, sums: [0, 0, 0, 0, 0, 0] };
        rollup.set(id, acc);
      }
      const s = acc.sums;
      s[0]! += 1;
      s[1]! += input;
      s[2]! += cached;
      s[3]! += output;
      s[4]! += reasoning;
      s[5]! += reportedNano ?? 0;
    }
  });
  for (let i = 0; i < n; i += 50_000) batch(i, Math.min(n, i + 50_000));
  const up =
    db.prepare(`INSERT INTO rollup (bucket_ms, kind, model, tier, long_context, regional, billed, reported, effort, project,
    user, api_key, gateway, byok, source, tags, requests, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
    reasoning_tokens, reported_cost_nano) VALUES (?, 'request', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 0, ?, ?, ?)`);
  db.transaction(() => {
    for (const { key, sums } of rollup.values())
      up.run(...key, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
  })();
  return rollup.size;
}

type Totals = Map<string, { requests: number; cost: SpendCost }>;

/**
 * The baseline: the same monthly report by a plain GROUP BY over the raw events (cut at the same
 * price-version instants, priced by the same function).
 */
function plainGroupBy(ledger: SqliteFile, book: PriceBook): Totals {
  const cuts = [MONTH_START, MONTH_END];
  for (const m of book.models.values()) {
    for (const v of m.versions)
      if (v.effectiveFromMs > MONTH_START && v.effectiveFromMs < MONTH_END) cuts.push(v.effectiveFromMs);
  }
  const bounds = [...new Set(cuts)].sort((a, b) => a - b);
  const stmt = ledger.db
    .prepare(`SELECT model, tier, long_context, regional, billed, reported_cost_nano IS NOT NULL AS reported,
      coalesce(gateway, '') AS gateway, byok, project, COUNT(*) AS requests, SUM(input_tokens) AS input,
      SUM(cached_input_tokens) AS cached, SUM(cache_write_tokens) AS cache_write, SUM(output_tokens) AS output,
      SUM(reasoning_tokens) AS reasoning, coalesce(SUM(reported_cost_nano), 0) AS reported_nano
      FROM events WHERE ts_ms >= ? AND ts_ms < ? AND kind = 'request'
      GROUP BY model, tier, long_context, regional, billed, reported, gateway, byok, project`)
    .safeIntegers(true);
  const models = new ModelCache(book);
  const out: Totals = new Map();
  for (let i = 0; i + 1 < bounds.length; i++) {
    for (const raw of stmt.all(bounds[i], bounds[i + 1]) as Record<string, unknown>[]) {
      const g = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [
          k,
          typeof v === 'bigint' && k !== 'reported_nano' ? Number(v) : v,
        ]),
      ) as unknown as UsageGroup & { project: string };
      const key = `${models.get(g.model)?.id ?? g.model}|${g.project || '(none)'}`;
      const acc = out.get(key) ?? { requests: 0, cost: zeroCost() };
      acc.requests += g.requests;
      acc.cost = addCost(acc.cost, priceGroup(book, models, g, bounds[i]!).cost);
      out.set(key, acc);
    }
  }
  return out;
}

function checkEqual(ours: Totals, plain: Totals): void {
  if (ours.size !== plain.size)
    throw new Error(`row counts differ: rollup ${ours.size}, plain ${plain.size}`);
  for (const [key, a] of ours) {
    const b = plain.get(key);
    const same =
      b !== undefined &&
      a.requests === b.requests &&
      (Object.keys(a.cost) as (keyof SpendCost)[]).every((k) => addMoney(a.cost[k]) === addMoney(b.cost[k]));
    if (!same) throw new Error(`report rows differ for ${key}`);
  }
}
