import type pg from 'pg';
import { COL, EVENT_COLUMN_COUNT, EVENT_COLUMNS } from '../columns.js';
import { flatEventValues, sameFacts } from '../event-rows.js';
import type { Batch, BatchResult } from '../types.js';
import { intArray, textArray } from './pg-arrays.js';
import { pruneSql, ROLLUP_TABLES, ROLLUPS, rollupUpsertSql } from './pg-rollup-sql.js';
import { q } from './pg-names.js';
import { writeSideTables } from './pg-side-writes.js';

const N = EVENT_COLUMN_COUNT;
const NAMES = EVENT_COLUMNS.map((c) => c.name);
const COLS = NAMES.map(q).join(', ');
/** What the rollups and the result need of an inserted row (provenance columns stay behind). */
const RETURNED = NAMES.filter((c) => !['end_ms', 'source_file', 'source_line'].includes(c))
  .map(q)
  .join(', ');
const pgType = (i: number) => (EVENT_COLUMNS[i]!.type === 'int' ? 'bigint' : 'text');
const unnestOf = (from: number, extra = '') =>
  `unnest(${EVENT_COLUMNS.map((_, i) => `$${from + i}::${pgType(i)}[]`).join(', ')}${extra})`;

/**
 * One statement per batch: the events go in through one multi-row INSERT (an unnest of one array per
 * column) with ON CONFLICT ("key") DO NOTHING — exactly once against every other writer, on any
 * machine — and the rows it really inserted (RETURNING) are added to every rollup in the same
 * statement, so the rollups never count a duplicate. Rows arrive sorted by key: concurrent writers
 * then take key locks in the same order.
 */
const INSERT_EVENTS = `WITH src AS (
    SELECT * FROM ${unnestOf(1)} WITH ORDINALITY AS t(${COLS}, "ord")
  ), ins AS (
    INSERT INTO "events" (${COLS}) SELECT ${COLS} FROM src ORDER BY "ord"
    ON CONFLICT ("key") DO NOTHING
    RETURNING ${RETURNED}
  ), ${ROLLUP_TABLES.map(
    (t, i) => `r${i} AS (${rollupUpsertSql(t, 'ins')}
  )`,
  ).join(', ')}
  SELECT "key" FROM ins`;

/** Stored unbilled snapshots a billed event of the batch may replace (locked until commit). */
const SELECT_UNBILLED = `SELECT ${COLS} FROM "events" WHERE "key" = ANY($1::text[]) AND "billed" = 0
  ORDER BY "key" FOR UPDATE`;
/** Sync mode: every stored row a batch row may replace (locked until commit). */
const SELECT_STORED = `SELECT ${COLS} FROM "events" WHERE "key" = ANY($1::text[]) ORDER BY "key" FOR UPDATE`;
const UPDATE_EVENT = `UPDATE "events" SET ${NAMES.slice(1)
  .map((c, i) => `${q(c)} = $${i + 2}`)
  .join(', ')} WHERE "key" = $1`;
/** Rollup corrections for replaced snapshots: the old row with sign -1, the new one with +1. */
const SIGNED_SOURCE = `${unnestOf(1, `, $${N + 1}::bigint[]`)} AS t(${COLS}, "sign")`;
const DELTA_ROLLUPS = ROLLUP_TABLES.map((t) => rollupUpsertSql(t, SIGNED_SOURCE, true));

/** One array literal per event column, for `unnest`. */
function columnArrays(rows: readonly unknown[][]): string[] {
  return EVENT_COLUMNS.map((c, i) => {
    const values = rows.map((r) => r[i]);
    return c.type === 'int' ? intArray(values) : textArray(values);
  });
}

/**
 * Writes one batch inside the caller's transaction. The unbilled→billed rule (as the SQLite
 * writer): a stored UNBILLED event (failed or incomplete snapshot) is replaced by a later BILLED
 * event with the same key and its rollup contribution moved; a billed event is never replaced, so
 * the result does not depend on the order files are read in.
 */
export async function appendBatch(client: pg.ClientBase, batch: Batch): Promise<BatchResult> {
  const flat = flatEventValues(batch);
  const rows: unknown[][] = [];
  for (let at = 0; at + N <= flat.length; at += N) rows.push(flat.slice(at, at + N));
  // Stable sort by key: every writer takes key locks in one order; equal keys keep batch order.
  const order = rows.map((_, i) => i).sort((a, b) => compareKeys(rows[a]!, rows[b]!) || a - b);
  const sorted = order.map((i) => rows[i]!);
  const result: BatchResult = {
    inserted: 0,
    duplicates: 0,
    updated: 0,
    invoicesInserted: 0,
    replaced: 0,
    invoicesReplaced: 0,
    notAdded: [],
  };
  if (sorted.length > 0) {
    // The rollups group a whole batch in memory: enough work_mem keeps that off temp files.
    await client.query("SET LOCAL work_mem = '64MB'");
    const inserted = await client.query<{ key: string }>(INSERT_EVENTS, columnArrays(sorted));
    const keys = new Set<string>();
    for (const r of inserted.rows) keys.add(r.key);
    result.inserted = inserted.rows.length;
    // The first row of a key is the one the INSERT took (when it took any); later ones may replace it.
    const candidates: unknown[][] = [];
    const left: number[] = [];
    const first = new Set<string>();
    for (const [i, row] of sorted.entries()) {
      const key = row[COL.key] as string;
      const took = keys.has(key) && !first.has(key);
      first.add(key);
      if (took) continue;
      left.push(i);
      if (batch.replace || Number(row[COL.billed]) === 1) candidates.push(row);
    }
    const replaced =
      candidates.length > 0
        ? await replaceStored(client, candidates, result, batch.replace === true)
        : new Set<unknown[]>();
    for (const i of left) if (!replaced.has(sorted[i]!)) result.notAdded.push(order[i]!);
    result.duplicates = sorted.length - result.inserted - result.updated - result.replaced;
  }
  await writeSideTables(client, batch, result);
  return result;
}

/**
 * Replaces stored rows: an unbilled snapshot by a billed event (always), and with `replace` (sync)
 * any stored row whose facts differ from the batch's (a provider bucket that changed).
 */
async function replaceStored(
  client: pg.ClientBase,
  candidates: unknown[][],
  result: BatchResult,
  replace: boolean,
): Promise<Set<unknown[]>> {
  const replacedRows = new Set<unknown[]>();
  const keys = [...new Set(candidates.map((r) => r[COL.key] as string))];
  const sql = replace ? SELECT_STORED : SELECT_UNBILLED;
  const stored = await client.query({ text: sql, values: [textArray(keys)], rowMode: 'array' });
  const current = new Map<string, unknown[]>(stored.rows.map((r: unknown[]) => [r[COL.key] as string, r]));
  const delta: unknown[][] = [];
  const signs: number[] = [];
  for (const row of candidates) {
    const key = row[COL.key] as string;
    const old = current.get(key);
    if (!old) continue;
    const billedNow = Number(old[COL.billed]) === 0 && Number(row[COL.billed]) === 1;
    if (!billedNow && (!replace || sameFacts(old, row))) continue;
    current.set(key, row); // a later row with this key compares with this one
    await client.query(
      UPDATE_EVENT,
      row.map((v) => (v === undefined ? null : v)),
    );
    delta.push(old, row);
    signs.push(-1, 1);
    replacedRows.add(row);
    if (billedNow) result.updated++;
    else result.replaced++;
  }
  if (delta.length === 0) return replacedRows;
  const params = [...columnArrays(delta), intArray(signs)];
  for (const sql of DELTA_ROLLUPS) await client.query(sql, params);
  const times = delta.map((r) => Number(r[COL.tsMs]));
  for (const table of ROLLUP_TABLES) {
    const width = ROLLUPS[table].width;
    await client.query(pruneSql(table), [intArray(times.map((t) => Math.floor(t / width) * width))]);
  }
  return replacedRows;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  const x = a[COL.key] as string;
  const y = b[COL.key] as string;
  return x < y ? -1 : x > y ? 1 : 0;
}
