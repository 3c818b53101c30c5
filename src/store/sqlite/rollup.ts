import type { Database, Statement } from 'better-sqlite3';
import { COL, EVENT_COLUMN_NAMES, inputBand, ROLLUP_KEYS, ROLLUP_SUMS } from '../columns.js';
import { rollupSelect } from './migrations.js';

/** Rollup buckets are 15 minutes of UTC, so zones with :30/:45 offsets still bucket exactly. */
export const ROLLUP_BUCKET_MS = 900_000;
export const DAY_MS = 86_400_000;

/** The 15-minute bucket an instant falls in. */
export function rollupBucket(tsMs: number): number {
  return Math.floor(tsMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
}

const KEY_NAMES = ROLLUP_KEYS.map((k) => k.name);
const SUM_NAMES = ROLLUP_SUMS.map((k) => k.name);
const at = (name: string) => EVENT_COLUMN_NAMES.indexOf(name);
const POS = Object.fromEntries(EVENT_COLUMN_NAMES.map((n) => [n, at(n)]));

/** The rollup key values of the flat event row at `i` (mirrors ROLLUP_FROM_EVENT in migrations.ts). */
function keysOfRow(v: readonly unknown[], i: number): unknown[] {
  const text = (name: string) => (v[i + POS[name]!] ?? '') as string;
  return KEY_NAMES.map((k) => {
    if (k === 'input_band') return inputBand(text('kind'), Number(v[i + COL.inputTokens]));
    if (k === 'reported') return v[i + COL.reportedCostNano] === null ? 0 : 1;
    if (k === 'source') return text('format');
    return v[i + POS[k]!] ?? '';
  });
}

/**
 * Rollup corrections aggregated in memory (used for the rare replaced snapshot: `sign` -1 takes the
 * old row out, +1 puts the new one in), written with one upsert per group and table.
 */
export class RollupDelta {
  private readonly groups = new Map<string, { keys: unknown[]; bucket: number; sums: bigint[] }>();

  /** Adds (or with sign -1 removes) the flat event row starting at `i`. */
  add(v: readonly unknown[], i: number, sign: 1 | -1): void {
    const bucket = rollupBucket(Number(v[i + COL.tsMs]));
    const keys = keysOfRow(v, i);
    const id = `${bucket}\u0001${keys.join('\u0001')}`;
    let g = this.groups.get(id);
    if (!g) {
      g = { keys, bucket, sums: SUM_NAMES.map(() => 0n) };
      this.groups.set(id, g);
    }
    SUM_NAMES.forEach((name, k) => {
      const value = v[i + POS[name]!];
      g.sums[k]! += BigInt(sign) * BigInt((value ?? 0) as number | bigint);
    });
  }

  get size(): number {
    return this.groups.size;
  }

  /** Writes every group to `rollup` and `rollup_day` (see prepareRollupUpsert); inside the batch transaction. */
  flush(upsert: Statement, upsertDay: Statement): void {
    for (const g of this.groups.values()) {
      upsert.run(g.bucket, ...g.keys, ...g.sums);
      upsertDay.run(Math.floor(g.bucket / DAY_MS) * DAY_MS, ...g.keys, ...g.sums);
    }
    this.groups.clear();
  }
}

const SUM_UPDATE = `ON CONFLICT DO UPDATE SET ${SUM_NAMES.map((n) => `"${n}" = "${n}" + excluded."${n}"`).join(', ')}`;
const COLUMNS = [...KEY_NAMES, ...SUM_NAMES].map((n) => `"${n}"`).join(', ');

/** Upserts one group into `rollup` (bucket_ms) or, with `day`, into `rollup_day` (day_ms). */
export function prepareRollupUpsert(db: Database, day = false): Statement {
  const table = day ? 'rollup_day (day_ms' : 'rollup (bucket_ms';
  const marks = Array(1 + KEY_NAMES.length + SUM_NAMES.length).fill('?');
  return db.prepare(`INSERT INTO ${table}, ${COLUMNS}) VALUES (${marks.join(',')}) ${SUM_UPDATE}`);
}

/**
 * Adds every event row with rowid > ? (the rows a batch just inserted) to the rollup in one
 * statement, inside SQLite with no per-event work in JavaScript. Each row is upserted in rowid order
 * (no GROUP BY: sorting a batch costs more than the upserts it saves, since most batches spread over
 * many groups; the sums are the same).
 */
export function prepareRollupFromEvents(db: Database, day = false): Statement {
  const table = day ? 'rollup_day (day_ms' : 'rollup (bucket_ms';
  return db.prepare(`INSERT INTO ${table}, ${COLUMNS})
    SELECT ${rollupSelect(day ? DAY_MS : ROLLUP_BUCKET_MS, false)} FROM events WHERE rowid > ? ${SUM_UPDATE}`);
}
