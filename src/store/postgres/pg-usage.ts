import type pg from 'pg';
import { PRICE_KEYS, ROLLUP_KEYS, USAGE_CLASS_NAMES } from '../columns.js';
import type { ByokBucket, ByokQuery, UsageGroup, UsageQuery } from '../ledger.js';
import { DAY_MS, NARROW_KEYS } from './pg-rollup-sql.js';
import { q } from './pg-names.js';

/** Sums in UsageGroup order: the names a group carries and the rollup column each sums. */
const SUMS: readonly [string, string][] = [
  ['requests', 'requests'],
  ['input', 'input_tokens'],
  ['cached', 'cached_input_tokens'],
  ['cache_write', 'cache_write_tokens'],
  ['output', 'output_tokens'],
  ['reasoning', 'reasoning_tokens'],
  ...USAGE_CLASS_NAMES.map((n): [string, string] => [n, n]),
];
const INT_KEYS = new Set(ROLLUP_KEYS.filter((c) => c.type === 'int').map((c) => c.name));

/**
 * Token sums of [fromMs, toMs) grouped by the price keys and the requested columns. Whole UTC days
 * are read from a day rollup (about 1/96 of the rows), the ragged ends from the 15-minute `rollup`;
 * all are kept exact in every append's transaction, so no day needs rebuilding first. The narrow
 * day rollup (no user, API-key or tag keys) serves every query that neither groups nor filters by
 * those: on the postgres bench's ingested data it holds a fifth of the rows.
 */
export async function sumUsage(pool: pg.Pool, query: UsageQuery): Promise<UsageGroup[]> {
  const columns: string[] = [...PRICE_KEYS];
  for (const c of query.groupBy) if (!columns.includes(c)) columns.push(c);
  const params: unknown[] = [query.kind];
  const where = ['"kind" = $1'];
  for (const [dim, values] of Object.entries(query.filters) as [string, readonly string[]][]) {
    if (!values || values.length === 0) continue;
    params.push([...values]);
    where.push(`${q(dim)} = ANY($${params.length}::text[])`);
  }
  for (const t of query.tagFilters ?? []) {
    params.push(t.key, [...t.values]);
    where.push(`(CASE WHEN "tags" = '' THEN '' ELSE COALESCE("tags"::jsonb ->> $${params.length - 1}, '') END)
      = ANY($${params.length}::text[])`);
  }
  const select = columns.map(q).join(', ');
  const sums = SUMS.map(([, c]) => `SUM(${q(c)})`).join(', ');
  const part = (table: string, time: string, from: number, to: number) => {
    params.push(from, to);
    return `SELECT ${select}, ${SUMS.map(([, c]) => q(c)).join(', ')}, "reported_cost_nano" FROM ${q(table)}
      WHERE ${q(time)} >= $${params.length - 1} AND ${q(time)} < $${params.length} AND ${where.join(' AND ')}`;
  };
  const narrow =
    (query.tagFilters ?? []).length === 0 &&
    columns.every((c) => NARROW_KEYS.has(c)) &&
    Object.entries(query.filters).every(([dim, values]) => !values?.length || NARROW_KEYS.has(dim));
  const dayTable = narrow ? 'rollup_day_narrow' : 'rollup_day';
  const dayFrom = Math.ceil(query.fromMs / DAY_MS) * DAY_MS;
  const dayTo = Math.floor(query.toMs / DAY_MS) * DAY_MS;
  const parts =
    dayFrom < dayTo
      ? [
          part('rollup', 'bucket_ms', query.fromMs, dayFrom),
          part(dayTable, 'day_ms', dayFrom, dayTo),
          part('rollup', 'bucket_ms', dayTo, query.toMs),
        ]
      : [part('rollup', 'bucket_ms', query.fromMs, query.toMs)];
  const sql = `SELECT ${select}, ${sums}, SUM("reported_cost_nano") FROM (${parts.join('\nUNION ALL\n')}) AS u
    GROUP BY ${select} ORDER BY ${select}`;
  const res = await pool.query({ text: sql, values: params, rowMode: 'array' });
  const width = columns.length;
  return res.rows.map((r: unknown[]) => {
    const g: Record<string, unknown> = {};
    for (let i = 0; i < width; i++) g[columns[i]!] = INT_KEYS.has(columns[i]!) ? Number(r[i]) : r[i];
    SUMS.forEach(([name], i) => {
      g[name] = Number(r[width + i]);
    });
    g.reported_nano = r[width + SUMS.length] as bigint;
    return g as unknown as UsageGroup;
  });
}

/** First and last 15-minute bucket with usage, or undefined when the rollup is empty. */
export async function usageSpan(pool: pg.Pool): Promise<{ minMs: number; maxMs: number } | undefined> {
  // Two subqueries: each is one end of the primary key's index.
  const r = await pool.query<{ lo: bigint | null; hi: bigint | null }>(
    'SELECT (SELECT MIN("bucket_ms") FROM "rollup") AS lo, (SELECT MAX("bucket_ms") FROM "rollup") AS hi',
  );
  const row = r.rows[0];
  if (!row || row.lo === null || row.hi === null) return undefined;
  return { minMs: Number(row.lo), maxMs: Number(row.hi) };
}

/** Whether any usage of `kind` lies in [fromMs, toMs). */
export async function hasUsage(pool: pg.Pool, kind: string, fromMs: number, toMs: number): Promise<boolean> {
  const r = await pool.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "rollup" WHERE "bucket_ms" >= $1 AND "bucket_ms" < $2 AND "kind" = $3) AS found`,
    [fromMs, toMs, kind],
  );
  return r.rows[0]?.found === true;
}

/** BYOK requests per 15-minute bucket and raw gateway of [fromMs, toMs), in bucket order. */
export async function byokRequests(pool: pg.Pool, query: ByokQuery): Promise<ByokBucket[]> {
  if (query.gateways.length === 0) return [];
  const r = await pool.query<{ bucket_ms: bigint; gateway: string; n: bigint }>(
    `SELECT "bucket_ms", "gateway", SUM("requests") AS n FROM "rollup"
      WHERE "bucket_ms" >= $1 AND "bucket_ms" < $2 AND "kind" = $3 AND "byok" = 1 AND "gateway" = ANY($4::text[])
      GROUP BY "bucket_ms", "gateway" ORDER BY "bucket_ms", "gateway"`,
    [query.fromMs, query.toMs, query.kind, [...query.gateways]],
  );
  return r.rows.map((row) => ({
    bucketMs: Number(row.bucket_ms),
    gateway: row.gateway,
    requests: Number(row.n),
  }));
}
