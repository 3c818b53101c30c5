import type pg from 'pg';
import type { Batch, BatchResult } from '../types.js';
import { maskRaw } from '../mask.js';
import { intArray, textArray } from './pg-arrays.js';

const INSERT_INVOICES = `INSERT INTO "invoices" ("key", "start_ms", "end_ms", "amount_nano", "currency", "line_item",
    "project", "format", "source_file", "source_line")
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::bigint[])
  ON CONFLICT ("key") DO NOTHING`;

/** Sync: a stored line whose amount or labels changed takes the new values (a late correction). */
const REPLACE_INVOICES = `UPDATE "invoices" AS i SET "end_ms" = n."end_ms", "amount_nano" = n."amount_nano",
    "currency" = n."currency", "line_item" = n."line_item", "project" = n."project"
  FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])
    AS n("key", "end_ms", "amount_nano", "currency", "line_item", "project")
  WHERE i."key" = n."key" AND (i."amount_nano", i."end_ms", i."currency", i."line_item", i."project")
    IS DISTINCT FROM (n."amount_nano", n."end_ms", n."currency", n."line_item", n."project")`;

const UPSERT_CURSOR = `INSERT INTO "sync_state" ("source", "last_bucket_ms", "updated_ms") VALUES ($1, $2, $3)
  ON CONFLICT ("source") DO UPDATE SET "last_bucket_ms" = GREATEST("sync_state"."last_bucket_ms",
    excluded."last_bucket_ms"), "updated_ms" = excluded."updated_ms"`;

const INSERT_REJECTS = `INSERT INTO "rejects" ("file", "line", "reason", "raw", "at_ms")
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])
  ON CONFLICT DO NOTHING`;

const UPSERT_CHECKPOINT = `INSERT INTO "checkpoints" ("file", "size", "mtime_ms", "offset", "line", "head_hash",
    "format", "updated_ms") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT ("file") DO UPDATE SET "size" = excluded."size", "mtime_ms" = excluded."mtime_ms",
    "offset" = excluded."offset", "line" = excluded."line", "head_hash" = excluded."head_hash",
    "format" = excluded."format", "updated_ms" = excluded."updated_ms"`;

/** Invoice lines (once by key), rejects (once by file, line, reason; raw text masked) and the checkpoint. */
export async function writeSideTables(
  client: pg.ClientBase,
  batch: Batch,
  result: BatchResult,
): Promise<void> {
  const now = Date.now();
  const invoices = batch.invoices ?? [];
  if (invoices.length > 0) {
    const r = await client.query(INSERT_INVOICES, [
      textArray(invoices.map((i) => i.key)),
      intArray(invoices.map((i) => i.startMs)),
      intArray(invoices.map((i) => i.endMs ?? null)),
      intArray(invoices.map((i) => i.amountNano)),
      textArray(invoices.map((i) => i.currency)),
      textArray(invoices.map((i) => i.lineItem ?? null)),
      textArray(invoices.map((i) => i.project ?? null)),
      textArray(invoices.map((i) => i.format)),
      textArray(invoices.map((i) => i.sourceFile)),
      intArray(invoices.map((i) => i.sourceLine)),
    ]);
    result.invoicesInserted += r.rowCount ?? 0;
    if (batch.replace) {
      // Runs after the insert: lines it just added are equal, so only stored, changed ones update.
      const u = await client.query(REPLACE_INVOICES, [
        textArray(invoices.map((i) => i.key)),
        intArray(invoices.map((i) => i.endMs ?? null)),
        intArray(invoices.map((i) => i.amountNano)),
        textArray(invoices.map((i) => i.currency)),
        textArray(invoices.map((i) => i.lineItem ?? null)),
        textArray(invoices.map((i) => i.project ?? null)),
      ]);
      result.invoicesReplaced += u.rowCount ?? 0;
    }
  }
  const cursor = batch.syncCursor;
  if (cursor) await client.query(UPSERT_CURSOR, [cursor.source, cursor.lastBucketMs, now]);
  // The file is being read again from the start: its old rejects go (those still bad come back).
  if (batch.clearRejectsOf !== undefined) {
    await client.query('DELETE FROM "rejects" WHERE "file" = $1', [batch.clearRejectsOf]);
  }
  const rejects = batch.rejects ?? [];
  if (rejects.length > 0) {
    await client.query(INSERT_REJECTS, [
      textArray(rejects.map((r) => r.file)),
      intArray(rejects.map((r) => r.line)),
      textArray(rejects.map((r) => r.reason)),
      textArray(rejects.map((r) => (r.raw === undefined ? null : maskRaw(r.raw)))),
      intArray(rejects.map(() => now)),
    ]);
  }
  const c = batch.checkpoint;
  if (c) {
    await client.query(UPSERT_CHECKPOINT, [
      c.file,
      c.size,
      Math.trunc(c.mtimeMs),
      c.offset,
      c.line,
      c.headHash,
      c.format ?? null,
      now,
    ]);
  }
}
