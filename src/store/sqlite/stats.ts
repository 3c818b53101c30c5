import type { Database } from 'better-sqlite3';
import type { LedgerStats, StoredReject, TokenTotals } from '../ledger.js';

const SUMS = `COUNT(*) AS rows, TOTAL(requests) AS requests, TOTAL(input_tokens) AS input,
  TOTAL(cached_input_tokens) AS cached, TOTAL(cache_write_tokens) AS cw, TOTAL(output_tokens) AS output,
  TOTAL(reasoning_tokens) AS reasoning, SUM(reported_cost_nano) AS cost`;

/** Counts and token sums of a ledger, per kind, from `events` and from `rollup` (small: for tests and `ingest`). */
export function ledgerStats(db: Database): LedgerStats {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const meta = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  return {
    events: sumsByKind(db, `SELECT kind, ${SUMS} FROM events GROUP BY kind`),
    rollup: sumsByKind(db, `SELECT kind, ${SUMS} FROM rollup GROUP BY kind`),
    invoices: count('SELECT COUNT(*) AS n FROM invoices'),
    rejects: count('SELECT COUNT(*) AS n FROM rejects'),
    files: count('SELECT COUNT(*) AS n FROM checkpoints'),
    schemaVersion: meta ? Number(meta.value) : 0,
  };
}

function sumsByKind(db: Database, sql: string): Record<string, TokenTotals> {
  const out: Record<string, TokenTotals> = {};
  const rows = db.prepare(sql).safeIntegers(false).all() as Array<Record<string, number | null>>;
  const costs = db.prepare(sql).safeIntegers(true).all() as Array<Record<string, bigint | string | null>>;
  rows.forEach((r, i) => {
    out[String(r.kind)] = {
      rows: Number(r.rows),
      requests: Number(r.requests),
      inputTokens: Number(r.input),
      cachedInputTokens: Number(r.cached),
      cacheWriteTokens: Number(r.cw),
      outputTokens: Number(r.output),
      reasoningTokens: Number(r.reasoning),
      reportedCostNano: BigInt(costs[i]?.cost ?? 0),
    };
  });
  return out;
}

/** Rejected lines, oldest first. */
export function listRejects(db: Database, limit = 100): StoredReject[] {
  return db
    .prepare('SELECT file, line, reason, raw FROM rejects ORDER BY id LIMIT ?')
    .all(limit) as StoredReject[];
}
