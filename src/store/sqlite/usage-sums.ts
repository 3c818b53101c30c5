import type { Database, Statement } from 'better-sqlite3';
import { InvalidInputError } from '../../errors.js';
import { COLUMN_DIMENSIONS, PRICE_KEYS, USAGE_CLASS_NAMES } from '../columns.js';
import type { UsageGroup, UsageQuery } from '../ledger.js';
import { DAY_MS } from './rollup.js';

/** A prepared grouping over both rollups (same columns, filters and parameter order). */
interface Prepared {
  quarter: Statement;
  day: Statement;
  columns: string[];
  params: unknown[];
}

/**
 * Token sums over the rollups: whole UTC days from `rollup_day` (a few rows per group and day), the
 * partial days at the range's ends (zone midnights, price or allowance cuts) from the 15-minute
 * `rollup`, one UTC day per statement there (small sorts that stay in cache beat one big sort).
 * Groups with equal columns from the parts are summed (integer sums: exact).
 */
export function createUsageSums(db: Database): (q: UsageQuery) => UsageGroup[] {
  const cache = new Map<string, Prepared>();
  return (q) => {
    const signature = JSON.stringify([q.groupBy, q.filters, q.tagFilters ?? []]);
    let p = cache.get(signature);
    if (!p) {
      p = prepare(db, q);
      cache.set(signature, p);
    }
    const prepared = p;
    const groups = new Map<string, UsageGroup>();
    const add = (rows: UsageGroup[]) => {
      for (const g of rows) {
        const id = prepared.columns.map((c) => (g as unknown as Record<string, unknown>)[c]).join('\u0001');
        const into = groups.get(id);
        if (into) addSums(into, g);
        else groups.set(id, g);
      }
    };
    const firstDay = Math.ceil(q.fromMs / DAY_MS) * DAY_MS;
    const endDay = Math.floor(q.toMs / DAY_MS) * DAY_MS;
    if (firstDay >= endDay) {
      for (let from = q.fromMs; from < q.toMs; from = Math.min(q.toMs, from + DAY_MS))
        add(read(prepared, prepared.quarter, from, Math.min(q.toMs, from + DAY_MS), q.kind));
    } else {
      if (q.fromMs < firstDay) add(read(prepared, prepared.quarter, q.fromMs, firstDay, q.kind));
      add(read(prepared, prepared.day, firstDay, endDay, q.kind));
      if (endDay < q.toMs) add(read(prepared, prepared.quarter, endDay, q.toMs, q.kind));
    }
    return [...groups.values()];
  };
}

const CLASS_SUMS = USAGE_CLASS_NAMES.map((n) => `SUM("${n}")`).join(', ');

function prepare(db: Database, q: UsageQuery): Prepared {
  const columns: string[] = [...PRICE_KEYS];
  for (const c of q.groupBy) if (!columns.includes(c)) columns.push(c);
  const where = ['kind = ?'];
  const params: unknown[] = [];
  for (const [dim, values] of Object.entries(q.filters)) {
    if (!values || values.length === 0) continue;
    if (!(COLUMN_DIMENSIONS as readonly string[]).includes(dim)) {
      throw new InvalidInputError(`cannot filter by "${dim}"`, `--${dim}`);
    }
    where.push(`"${dim}" IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  for (const t of q.tagFilters ?? []) {
    if (t.values.length === 0) continue;
    const value = "(CASE WHEN tags = '' THEN '' ELSE coalesce(json_extract(tags, ?), '') END)";
    where.push(`(${t.values.map(() => `${value} = ?`).join(' OR ')})`);
    for (const v of t.values) params.push(`$."${t.key.replace(/"/g, '\\"')}"`, v);
  }
  const select = columns.map((c) => `"${c}"`).join(', ');
  // Only the reported cost needs 64-bit integers; token sums stay far below 2^53.
  const sql = (table: string, time: string) => `SELECT ${select}, SUM(requests), SUM(input_tokens),
    SUM(cached_input_tokens), SUM(cache_write_tokens), SUM(output_tokens), SUM(reasoning_tokens),
    CAST(SUM(reported_cost_nano) AS TEXT), ${CLASS_SUMS} FROM ${table}
    WHERE ${time} >= ? AND ${time} < ? AND ${where.join(' AND ')}
    GROUP BY ${select}`;
  return {
    quarter: db.prepare(sql('rollup', 'bucket_ms')).raw(true),
    day: db.prepare(sql('rollup_day', 'day_ms')).raw(true),
    columns,
    params,
  };
}

function read(p: Prepared, statement: Statement, fromMs: number, toMs: number, kind: string): UsageGroup[] {
  const width = p.columns.length;
  const rows = statement.all(fromMs, toMs, kind, ...p.params) as unknown[][];
  return rows.map((r) => {
    const g: Record<string, unknown> = {};
    for (let i = 0; i < width; i++) g[p.columns[i]!] = r[i];
    g.requests = r[width];
    g.input = r[width + 1];
    g.cached = r[width + 2];
    g.cache_write = r[width + 3];
    g.output = r[width + 4];
    g.reasoning = r[width + 5];
    g.reported_nano = BigInt(r[width + 6] as string);
    USAGE_CLASS_NAMES.forEach((n, k) => {
      g[n] = r[width + 7 + k];
    });
    return g as unknown as UsageGroup;
  });
}

function addSums(into: UsageGroup, g: UsageGroup): void {
  into.requests += g.requests;
  into.input += g.input;
  into.cached += g.cached;
  into.cache_write += g.cache_write;
  into.output += g.output;
  into.reasoning += g.reasoning;
  into.reported_nano += g.reported_nano;
  for (const n of USAGE_CLASS_NAMES) into[n] += g[n];
}
