import type pg from 'pg';
import type { LedgerStats, TokenTotals } from '../ledger.js';
import { pgSchemaVersion } from './pg-migrate.js';

const SUMS = `COUNT(*) AS rows, SUM("requests") AS requests, SUM("input_tokens") AS input,
  SUM("cached_input_tokens") AS cached, SUM("cache_write_tokens") AS cw, SUM("output_tokens") AS output,
  SUM("reasoning_tokens") AS reasoning, SUM("reported_cost_nano") AS cost`;

/** Counts and token sums per kind, from `events` and from `rollup` (equal by construction; tests check it). */
export async function pgStats(pool: pg.Pool, schema: string): Promise<LedgerStats> {
  const count = async (table: string) =>
    Number((await pool.query<{ n: bigint }>(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0]?.n ?? 0n);
  const client = await pool.connect();
  let schemaVersion: number;
  try {
    schemaVersion = await pgSchemaVersion(client, schema);
  } finally {
    client.release();
  }
  return {
    events: await sumsByKind(pool, `SELECT "kind", ${SUMS} FROM "events" GROUP BY "kind"`),
    rollup: await sumsByKind(pool, `SELECT "kind", ${SUMS} FROM "rollup" GROUP BY "kind"`),
    invoices: await count('invoices'),
    rejects: await count('rejects'),
    files: await count('checkpoints'),
    schemaVersion,
  };
}

async function sumsByKind(pool: pg.Pool, sql: string): Promise<Record<string, TokenTotals>> {
  const out: Record<string, TokenTotals> = {};
  for (const r of (await pool.query(sql)).rows) {
    out[String(r.kind)] = {
      rows: Number(r.rows),
      requests: Number(r.requests),
      inputTokens: Number(r.input),
      cachedInputTokens: Number(r.cached),
      cacheWriteTokens: Number(r.cw),
      outputTokens: Number(r.output),
      reasoningTokens: Number(r.reasoning),
      reportedCostNano: (r.cost as bigint | null) ?? 0n,
    };
  }
  return out;
}
