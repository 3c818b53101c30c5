import type pg from 'pg';
import type {
  CalibrationQuery,
  CalibrationSample,
  ModelSeen,
  StoredInvoiceLine,
  StoredReject,
} from '../ledger.js';
import type { Checkpoint, EntityName } from '../types.js';

/** Where reading `file` got to, or undefined when it was never read. */
export async function readCheckpoint(pool: pg.Pool, file: string): Promise<Checkpoint | undefined> {
  const r = await pool.query(
    `SELECT "file", "size", "mtime_ms", "offset", "line", "head_hash", "format" FROM "checkpoints" WHERE "file" = $1`,
    [file],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    file: row.file,
    size: Number(row.size),
    mtimeMs: Number(row.mtime_ms),
    offset: Number(row.offset),
    line: Number(row.line),
    headHash: row.head_hash,
    ...(row.format === null ? {} : { format: row.format }),
  };
}

/** Rejected lines, oldest first. */
export async function listRejects(pool: pg.Pool, limit = 100): Promise<StoredReject[]> {
  const r = await pool.query(`SELECT "file", "line", "reason", "raw" FROM "rejects" ORDER BY "id" LIMIT $1`, [
    limit,
  ]);
  return r.rows.map((row) => ({ file: row.file, line: Number(row.line), reason: row.reason, raw: row.raw }));
}

/** Invoice lines starting in [fromMs, toMs) (all when omitted), by start then key. */
export async function invoiceLines(
  pool: pg.Pool,
  range: { fromMs?: number; toMs?: number } = {},
): Promise<StoredInvoiceLine[]> {
  const r = await pool.query(
    `SELECT "key", "start_ms", "end_ms", "amount_nano", "currency", "line_item", "project", "format",
        "source_file", "source_line" FROM "invoices"
      WHERE ($1::bigint IS NULL OR "start_ms" >= $1) AND ($2::bigint IS NULL OR "start_ms" < $2)
      ORDER BY "start_ms", "key"`,
    [range.fromMs ?? null, range.toMs ?? null],
  );
  const num = (v: bigint | null) => (v === null ? null : Number(v));
  return r.rows.map((row) => ({
    key: row.key,
    startMs: Number(row.start_ms),
    endMs: num(row.end_ms),
    amountNano: row.amount_nano as bigint,
    currency: row.currency,
    lineItem: row.line_item,
    project: row.project,
    format: row.format,
    sourceFile: row.source_file,
    sourceLine: num(row.source_line),
  }));
}

/**
 * Output and reasoning tokens of the most recent billed requests with output, per raw model ids and
 * effort (newest first; key breaks ties so both drivers pick the same rows). One index-only scan
 * per model id that stops at the limit (index "events_calibration", migration 6), then the newest
 * `limit` of those: the cost does not grow with the ledger.
 */
export async function calibrationSamples(
  pool: pg.Pool,
  query: CalibrationQuery,
): Promise<CalibrationSample[]> {
  if (query.models.length === 0) return [];
  // "= $2" and "IS NULL" use the index; IS NOT DISTINCT FROM would not.
  const effort = query.effort === undefined ? '"effort" IS NULL' : '"effort" = $3';
  const r = await pool.query(
    `SELECT "o", "r" FROM unnest($1::text[]) AS m("model"), LATERAL (
        SELECT "output_tokens" AS "o", "reasoning_tokens" AS "r", "ts_ms", "key" FROM "events" AS e
        WHERE e."model" = m."model" AND ${effort} AND "kind" = 'request' AND "billed" = 1
          AND "output_tokens" > 0
        ORDER BY "ts_ms" DESC, "key" DESC LIMIT $2) AS x
      ORDER BY "ts_ms" DESC, "key" DESC LIMIT $2`,
    query.effort === undefined
      ? [[...new Set(query.models)], query.limit]
      : [[...new Set(query.models)], query.limit, query.effort],
  );
  return r.rows.map((row) => ({ output: Number(row.o), reasoning: Number(row.r) }));
}

/** Every distinct model id as logged, with its request count and first and last UTC day, by model id. */
export async function modelsSeen(pool: pg.Pool): Promise<ModelSeen[]> {
  const r = await pool.query(
    `SELECT "model", SUM("requests") AS n, MIN("day_ms") AS lo, MAX("day_ms") AS hi FROM "rollup_day_narrow"
      GROUP BY "model" ORDER BY "model"`,
  );
  return r.rows.map((row) => ({
    model: row.model,
    requests: Number(row.n),
    firstMs: Number(row.lo),
    lastMs: Number(row.hi),
  }));
}

/** Alert keys already announced for a budget's period. */
export async function alertKeys(pool: pg.Pool, budget: string, period: string): Promise<string[]> {
  const r = await pool.query<{ key: string }>(
    `SELECT "key" FROM "alert_state" WHERE "budget" = $1 AND "period" = $2 ORDER BY "key"`,
    [budget, period],
  );
  return r.rows.map((row) => row.key);
}

/** The newest bucket start a remote endpoint was synced to. */
export async function syncCursor(pool: pg.Pool, source: string): Promise<number | undefined> {
  const r = await pool.query(`SELECT "last_bucket_ms" FROM "sync_state" WHERE "source" = $1`, [source]);
  const v = r.rows[0]?.last_bucket_ms;
  return v === undefined || v === null ? undefined : Number(v);
}

/** Every stored project, user and API-key name, by kind then id. */
export async function entityNames(pool: pg.Pool): Promise<EntityName[]> {
  const r = await pool.query(`SELECT "kind", "id", "name" FROM "entity_names" ORDER BY "kind", "id"`);
  return r.rows.map((row) => ({ kind: row.kind, id: row.id, name: row.name }));
}
