import type { Database } from 'better-sqlite3';
import { COL, EVENT_COLUMN_COUNT, EVENT_COLUMN_NAMES, ROLLUP_SUMS } from '../columns.js';
import { flatEventValues, sameFacts } from '../event-rows.js';
import { maskRaw } from '../mask.js';
import type { Batch, BatchResult } from '../types.js';
import { createChunkInsert } from './chunk-insert.js';
import { prepareRollupFromEvents, prepareRollupUpsert, RollupDelta } from './rollup.js';

/** Events per multi-row INSERT: one call into SQLite binds this many rows. */
const CHUNK = 64;
const N = EVENT_COLUMN_COUNT;

/**
 * Creates the SQLite append path: statements are prepared once; each call is one IMMEDIATE
 * transaction, so a crash leaves either the whole batch (with its checkpoint) or none of it.
 *
 * Exactly once: events go in 64 at a time with a plain INSERT; when any of them conflicts with a
 * stored key (or one earlier in the batch) SQLite undoes that statement alone and its 64 events are
 * replayed one by one with `ON CONFLICT(key) DO NOTHING`. Both rollups (15-minute and UTC-day) are
 * then incremented for the rows the batch inserted (rowid above the batch's start). One exception
 * keeps streaming honest: a stored UNBILLED event (failed/incomplete snapshot) is replaced by a later
 * BILLED event with the same key, and its rollup contribution moved. A billed event is never
 * replaced, so the result is order-independent.
 */
export function createSqliteAppend(db: Database): (batch: Batch) => BatchResult {
  // Checkpoint the WAL every ~64 MiB (4096 pages of 16 KiB) instead of every 1000 pages: fewer
  // fsyncs while ingesting; the WAL file is truncated back to 64 MiB after each checkpoint.
  db.pragma('wal_autocheckpoint = 4096');
  db.pragma('journal_size_limit = 67108864');
  const cols = EVENT_COLUMN_NAMES.map((c) => `"${c}"`);
  const row = `(${Array(N).fill('?').join(',')})`;
  const insertMany = createChunkInsert(db, EVENT_COLUMN_NAMES, CHUNK);
  const insertOne = db.prepare(`INSERT INTO events (${cols}) VALUES ${row} ON CONFLICT("key") DO NOTHING`);
  const selectUnbilled = db
    .prepare(`SELECT rowid, ${cols} FROM events WHERE "key" = ? AND billed = 0`)
    .raw()
    .safeIntegers(true);
  const selectStored = db
    .prepare(`SELECT rowid, ${cols} FROM events WHERE "key" = ?`)
    .raw()
    .safeIntegers(true);
  const updateEvent = db.prepare(
    `UPDATE events SET ${cols
      .slice(1)
      .map((c) => `${c} = ?`)
      .join(', ')} WHERE "key" = ?`,
  );
  const maxRowid = db.prepare('SELECT COALESCE(MAX(rowid), 0) FROM events').pluck();
  const rollupFromEvents = prepareRollupFromEvents(db);
  const rollupDayFromEvents = prepareRollupFromEvents(db, true);
  const upsertRollup = prepareRollupUpsert(db);
  const upsertRollupDay = prepareRollupUpsert(db, true);
  // A rollup row is empty when every sum is 0 (a vector-store bucket has bytes but no requests).
  const zero = ROLLUP_SUMS.map((c) => `"${c.name}" = 0`).join(' AND ');
  const pruneRollup = db.prepare(`DELETE FROM rollup WHERE ${zero}`);
  const pruneRollupDay = db.prepare(`DELETE FROM rollup_day WHERE ${zero}`);
  const insertInvoice =
    db.prepare(`INSERT INTO invoices (key, start_ms, end_ms, amount_nano, currency, line_item,
      project, format, source_file, source_line) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`);
  // A changed Costs API line (late correction): new amount, same key; unchanged lines write nothing.
  const replaceInvoice =
    db.prepare(`UPDATE invoices SET amount_nano = ?, end_ms = ?, currency = ?, line_item = ?,
    project = ? WHERE key = ? AND NOT (amount_nano = ? AND end_ms IS ? AND currency = ? AND line_item IS ? AND project IS ?)`);
  const upsertCursor =
    db.prepare(`INSERT INTO sync_state (source, last_bucket_ms, updated_ms) VALUES (?, ?, ?)
    ON CONFLICT(source) DO UPDATE SET last_bucket_ms = MAX(last_bucket_ms, excluded.last_bucket_ms), updated_ms = excluded.updated_ms`);
  const deleteRejects = db.prepare('DELETE FROM rejects WHERE file = ?');
  const insertReject = db.prepare(
    'INSERT INTO rejects (file, line, reason, raw, at_ms) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING',
  );
  const upsertCheckpoint =
    db.prepare(`INSERT INTO checkpoints (file, size, mtime_ms, offset, line, head_hash, format,
      updated_ms) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(file) DO UPDATE SET size = excluded.size,
      mtime_ms = excluded.mtime_ms, offset = excluded.offset, line = excluded.line, head_hash = excluded.head_hash,
      format = excluded.format, updated_ms = excluded.updated_ms`);

  const run = db.transaction((batch: Batch): BatchResult => {
    const delta = new RollupDelta();
    const result: BatchResult = {
      inserted: 0,
      duplicates: 0,
      updated: 0,
      invoicesInserted: 0,
      replaced: 0,
      invoicesReplaced: 0,
      notAdded: [],
    };
    const values = flatEventValues(batch);
    const replace = batch.replace === true;
    const count = values.length / N;
    // New rows get rowids above this one (nothing is deleted), so the rollups add exactly them.
    const before = maxRowid.get() as number;
    let i = 0;
    for (; i + CHUNK <= count; i += CHUNK) {
      if (tryInsertMany(values, i * N)) {
        result.inserted += CHUNK;
      } else {
        for (let r = i; r < i + CHUNK; r++) insertSingle(values, r * N, result, delta, before, replace);
      }
    }
    for (; i < count; i++) insertSingle(values, i * N, result, delta, before, replace);
    if (result.inserted > 0) {
      rollupFromEvents.run(before);
      rollupDayFromEvents.run(before);
    }
    if (delta.size > 0) {
      delta.flush(upsertRollup, upsertRollupDay);
      pruneRollup.run();
      pruneRollupDay.run();
    }
    writeSideTables(batch, result);
    return result;
  });

  /** The fast path: false (and nothing written) when one of the rows conflicts with a stored key. */
  function tryInsertMany(values: readonly unknown[], at: number): boolean {
    try {
      insertMany(values, at);
      return true;
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) return false;
      throw error;
    }
  }

  function insertSingle(
    values: unknown[],
    at: number,
    result: BatchResult,
    delta: RollupDelta,
    before: number,
    replace: boolean,
  ) {
    const row = values.slice(at, at + N);
    if (insertOne.run(row).changes === 1) result.inserted++;
    else if (values[at + COL.billed] === 1 && replaceUnbilled(row, delta, before)) result.updated++;
    else if (replace && replaceChanged(row, delta, before)) result.replaced++;
    else {
      result.duplicates++;
      result.notAdded.push(at / N);
    }
  }

  function replaceUnbilled(row: unknown[], delta: RollupDelta, before: number): boolean {
    const old = selectUnbilled.get(row[COL.key]) as unknown[] | undefined;
    if (!old) return false;
    return moveRow(old, row, delta, before);
  }

  function moveRow(old: unknown[], row: unknown[], delta: RollupDelta, before: number): boolean {
    // Updated in place: the row keeps its (old) rowid, so the rowid-based rollup step never sees it.
    updateEvent.run(...row.slice(1), row[COL.key]);
    if (Number(old[0]) > before) return true; // inserted by this batch: the rollup step adds its final state
    delta.add(old, 1, -1);
    delta.add(row, 0, 1);
    return true;
  }

  /** Sync: replaces a stored event whose facts differ (its source file and line do not count). */
  function replaceChanged(row: unknown[], delta: RollupDelta, before: number): boolean {
    const old = selectStored.get(row[COL.key]) as unknown[] | undefined;
    if (!old) return false;
    if (sameFacts(old.slice(1), row)) return false;
    return moveRow(old, row, delta, before);
  }

  function writeSideTables(batch: Batch, result: BatchResult): void {
    const now = Date.now();
    for (const i of batch.invoices ?? []) {
      const r = insertInvoice.run(
        i.key,
        i.startMs,
        i.endMs ?? null,
        i.amountNano,
        i.currency,
        i.lineItem ?? null,
        i.project ?? null,
        i.format,
        i.sourceFile,
        i.sourceLine,
      );
      if (r.changes === 1) result.invoicesInserted++;
      else if (batch.replace) {
        const facts = [i.amountNano, i.endMs ?? null, i.currency, i.lineItem ?? null, i.project ?? null];
        if (replaceInvoice.run(...facts, i.key, ...facts).changes === 1) result.invoicesReplaced++;
      }
    }
    const cursor = batch.syncCursor;
    if (cursor) upsertCursor.run(cursor.source, cursor.lastBucketMs, now);
    if (batch.clearRejectsOf !== undefined) deleteRejects.run(batch.clearRejectsOf);
    for (const r of batch.rejects ?? []) {
      insertReject.run(r.file, r.line, r.reason, r.raw === undefined ? null : maskRaw(r.raw), now);
    }
    const c = batch.checkpoint;
    if (c) {
      const format = c.format ?? null;
      upsertCheckpoint.run(c.file, c.size, Math.trunc(c.mtimeMs), c.offset, c.line, c.headHash, format, now);
    }
  }

  return (batch) => run.immediate(batch);
}
