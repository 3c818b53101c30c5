/**
 * `report` bench: N seeded events over August 2026 appended through the Ledger (the ingest write
 * path: events, the 15-minute and the UTC-day rollup in each batch), then the monthly report by
 * model × project via aggregateSpend against the same report computed by a plain GROUP BY over the
 * raw events, priced the same way, in one run. Both results are checked equal before any figure is
 * printed. `first_ms` is the first report right after the big ingest (one process, a warm page
 * cache); `ms` the best of five after it. The full run then does the same over 10M events (see
 * report-10m.ts), built in SQL so it fits the bench's time budget.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { addMoney } from '../../src/money.js';
import { loadPriceBook } from '../../src/pricing/load.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { aggregateSpend } from '../../src/report/aggregate.js';
import { addCost, ModelCache, priceGroup, zeroCost } from '../../src/report/price.js';
import type { SpendCost, SpendQuery, SpendResult } from '../../src/report/types.js';
import { BAND_FLOOR, BAND_WIDTH } from '../../src/store/columns.js';
import { pushEventValues } from '../../src/store/event-rows.js';
import type { Ledger, UsageGroup } from '../../src/store/ledger.js';
import { openLedger } from '../../src/store/open-ledger.js';
import type { Tier, UsageEvent } from '../../src/usage-event.js';
import type { BenchSection } from './main.js';
import { tenMillion } from './report-10m.js';
import { round1 } from './ingest-common.js';

export const MONTH_START = Date.parse('2026-08-01T00:00:00Z');
export const MONTH_END = Date.parse('2026-09-01T00:00:00Z');

export const reportBench: BenchSection = async ({ quick, tmpDir }) => {
  const n = quick ? 200_000 : 3_000_000;
  const dir = join(tmpDir, 'report');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'report-bench.db');
  const ledger = await openLedger(path);
  try {
    const t0 = performance.now();
    await generate(ledger, n, 20260801);
    const ingestMs = performance.now() - t0;
    process.stdout.write(`  appended ${n} events (${Math.round(ingestMs)} ms)\n`);
    const book = loadPriceBook();
    const query = monthlyQuery();
    const { first, best: ours } = await timeReport(ledger, book, query);
    const raw = new Database(path, { readonly: true });
    try {
      const plain = await best(2, async () => plainGroupBy(raw, book));
      checkEqual(byKey(ours.value), plain.value);
      if (ours.value.total.requests !== n)
        throw new Error(`report counted ${ours.value.total.requests} requests, expected ${n}`);
      const count = (table: string) => raw.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
      return {
        events: n,
        rollup_rows: count('rollup'),
        day_rollup_rows: count('rollup_day'),
        report_rows: ours.value.rows.length,
        append_records_per_s: Math.round((n / ingestMs) * 1000),
        first_ms: round1(first.ms),
        ms: round1(ours.ms),
        plain_group_by_ms: round1(plain.ms),
        speedup: Math.round((plain.ms / ours.ms) * 10) / 10,
        cpu_ms: round1(ours.cpuMs),
        plain_group_by_cpu_ms: round1(plain.cpuMs),
        ...(quick ? {} : await tenMillion(dir, book)),
      };
    } finally {
      raw.close();
    }
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/** August 2026 by model × project, in UTC: the report every section measures. */
export function monthlyQuery(): SpendQuery {
  return {
    periodUnit: 'month',
    tz: 'UTC',
    groupBy: ['model', 'project'],
    filters: {},
    sinceMs: MONTH_START,
    untilMs: MONTH_END,
  };
}

/** The first report on a ledger (as right after an ingest), then the best of five. */
export async function timeReport(ledger: Ledger, book: PriceBook, query: SpendQuery) {
  const first = await best(1, () => aggregateSpend(ledger, book, query));
  return { first, best: await best(5, () => aggregateSpend(ledger, book, query)) };
}

export const byKey = (result: SpendResult): Totals =>
  new Map(
    result.rows.map((r) => [`${r.keys.model}|${r.keys.project}`, { requests: r.requests, cost: r.cost }]),
  );

/** Best of `runs`: wall time, and this process's CPU time (less sensitive to a shared, busy machine). */
export async function best<T>(
  runs: number,
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number }> {
  let ms = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    value = await fn();
    const used = process.cpuUsage(cpu);
    ms = Math.min(ms, performance.now() - start);
    cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
  }
  return { value: value as T, ms, cpuMs };
}

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Workload {
  model: string;
  tier: string;
  effort: string;
  project: string;
  user: string;
  apiKey: string;
  gateway: string;
  format: string;
  team: string;
  reported: boolean;
}

/** 60 workloads: real traffic repeats a bounded set of (model, tier, project, user, key, …) combinations. */
export function workloads(rand: () => number): Workload[] {
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
      team: `team-${i % 6}`,
      reported: viaOpenRouter,
    };
  });
}

/** Appends n events through the Ledger in 10,000-event batches (flat rows, as the parse worker hands them). */
/** Appends `n` seeded August 2026 events of 60 workloads in 10,000-event batches (also the postgres bench's report data). */
export async function generate(ledger: Ledger, n: number, seed: number): Promise<void> {
  const rand = prng(seed);
  const ws = workloads(rand);
  const span = MONTH_END - MONTH_START;
  for (let from = 0; from < n; from += 10_000) {
    const rows: unknown[] = [];
    for (let i = from; i < Math.min(n, from + 10_000); i++) {
      const w = ws[Math.floor(rand() * ws.length)]!;
      const ts = MONTH_START + Math.floor(rand() * span);
      const long = rand() < 0.01 && w.model === 'gpt-5.5' && w.tier !== 'priority';
      const input = long ? 280_000 + Math.floor(rand() * 100_000) : 200 + Math.floor(rand() * 20_000);
      const cached = Math.floor(input * rand() * 0.6);
      const output = 50 + Math.floor(rand() * 3_000);
      const reasoning = w.effort === '' ? 0 : Math.floor(output * rand() * 0.7);
      const e: UsageEvent = {
        key: `bench:${i}`,
        kind: 'request',
        tsMs: ts,
        model: w.model,
        tier: w.tier as Tier,
        ...(w.effort ? { effort: w.effort as UsageEvent['effort'] & string } : {}),
        requests: 1,
        inputTokens: input,
        cachedInputTokens: cached,
        cacheWriteTokens: 0,
        outputTokens: output,
        reasoningTokens: reasoning,
        billed: rand() >= 0.005,
        ...(w.reported ? { reportedCostNano: BigInt(Math.floor(rand() * 20_000_000)) } : {}),
        project: w.project,
        user: w.user,
        apiKeyId: w.apiKey,
        ...(w.gateway ? { gateway: w.gateway } : {}),
        tags: { team: w.team },
        format: w.format,
      };
      pushEventValues(e, rows);
    }
    await ledger.append({ events: [], rows });
  }
}

export type Totals = Map<string, { requests: number; cost: SpendCost }>;

/**
 * The baseline: the same monthly report by a plain GROUP BY over the raw events (cut at the same
 * price-version instants, priced by the same function).
 */
export function plainGroupBy(db: Database.Database, book: PriceBook): Totals {
  const cuts = [MONTH_START, MONTH_END];
  for (const m of book.models.values()) {
    for (const v of m.versions)
      if (v.effectiveFromMs > MONTH_START && v.effectiveFromMs < MONTH_END) cuts.push(v.effectiveFromMs);
  }
  const bounds = [...new Set(cuts)].sort((a, b) => a - b);
  const band = `CASE WHEN input_tokens > ${BAND_FLOOR} THEN ((input_tokens - 1) / ${BAND_WIDTH}) * ${BAND_WIDTH} ELSE 0 END`;
  const stmt = db
    .prepare(`SELECT model, tier, ${band} AS input_band, regional, billed, reported_cost_nano IS NOT NULL AS reported,
      coalesce(gateway, '') AS gateway, byok, project, COUNT(*) AS requests, SUM(input_tokens) AS input,
      SUM(cached_input_tokens) AS cached, SUM(cache_write_tokens) AS cache_write, SUM(output_tokens) AS output,
      SUM(reasoning_tokens) AS reasoning, coalesce(SUM(reported_cost_nano), 0) AS reported_nano
      FROM events WHERE ts_ms >= ? AND ts_ms < ? AND kind = 'request'
      GROUP BY model, tier, input_band, regional, billed, reported, gateway, byok, project`)
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

export function checkEqual(ours: Totals, plain: Totals): void {
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
