import {
  BASE_EVENT_COLUMNS,
  BASE_ROLLUP_SUMS,
  type ColumnSpec,
  ROLLUP_KEYS,
  USAGE_CLASS_COLUMNS,
} from '../columns.js';

/**
 * The PostgreSQL schema, derived from the one column list (columns.ts). Every identifier is quoted
 * ("user", "key" and "offset" are reserved words). Text is COLLATE "C": byte order, as SQLite
 * compares, so anything sorted in SQL sorts the same on both drivers, and key comparisons are memcmp.
 * Integers are BIGINT; money (nano-dollars) is read back as BigInt (pg-connect.ts type parsers).
 */
export const q = (name: string): string => `"${name}"`;

const sqlType = (c: ColumnSpec): string => (c.type === 'int' ? 'bigint' : 'text COLLATE "C"');
const column = (c: ColumnSpec): string => `${q(c.name)} ${sqlType(c)}${c.required ? ' NOT NULL' : ''}`;

/**
 * A rollup table: sums per time slot (`time`: bucket_ms or day_ms) × every rollup key. Migration 1
 * builds it with the sums of schema 1 (later migrations add columns).
 */
function rollupTable(name: string, time: string): string {
  const keys = [time, ...ROLLUP_KEYS.map((c) => c.name)].map(q).join(', ');
  return `CREATE TABLE ${q(name)} (
    ${q(time)} bigint NOT NULL,
    ${ROLLUP_KEYS.map(column).join(',\n    ')},
    ${BASE_ROLLUP_SUMS.map(column).join(',\n    ')},
    PRIMARY KEY (${keys})
  )`;
}

/**
 * Migrations, applied in order under the advisory lock (pg-migrate.ts), each with its version bump.
 * Never edit one that shipped; add another.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE "events" (
    ${BASE_EVENT_COLUMNS.map(column).join(',\n    ')},
    PRIMARY KEY ("key")
  );
  ${rollupTable('rollup', 'bucket_ms')};
  ${rollupTable('rollup_day', 'day_ms')};
  CREATE TABLE "rejects" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "file" text COLLATE "C" NOT NULL,
    "line" bigint NOT NULL, "reason" text COLLATE "C" NOT NULL, "raw" text, "at_ms" bigint NOT NULL,
    UNIQUE ("file", "line", "reason"));
  CREATE TABLE "checkpoints" ("file" text COLLATE "C" PRIMARY KEY, "size" bigint NOT NULL,
    "mtime_ms" bigint NOT NULL, "offset" bigint NOT NULL, "line" bigint NOT NULL, "head_hash" text NOT NULL,
    "format" text, "updated_ms" bigint NOT NULL);
  CREATE TABLE "invoices" ("key" text COLLATE "C" PRIMARY KEY, "start_ms" bigint NOT NULL, "end_ms" bigint,
    "amount_nano" bigint NOT NULL, "currency" text NOT NULL, "line_item" text, "project" text,
    "format" text NOT NULL, "source_file" text, "source_line" bigint);
  CREATE TABLE "alert_state" ("budget" text COLLATE "C" NOT NULL, "period" text COLLATE "C" NOT NULL,
    "key" text COLLATE "C" NOT NULL, "crossed_at_ms" bigint NOT NULL, PRIMARY KEY ("budget", "period", "key"));
  `,
  // 2: sync. Where each remote endpoint got to, and project/user/API-key names from admin lists.
  `
  CREATE TABLE "sync_state" ("source" text COLLATE "C" PRIMARY KEY, "last_bucket_ms" bigint NOT NULL,
    "updated_ms" bigint NOT NULL);
  CREATE TABLE "entity_names" ("kind" text COLLATE "C" NOT NULL, "id" text COLLATE "C" NOT NULL,
    "name" text NOT NULL, "updated_ms" bigint NOT NULL, PRIMARY KEY ("kind", "id"));
  `,
  // 3: non-text usage (#12): audio, image and 12-hour cache-write token classes, hosted tool calls,
  // container sessions, vector-store byte-hours, images, speech characters, transcription seconds.
  // DEFAULT 0 columns on events and both rollups: stored rows had none, so the rollups stay exact
  // without a rebuild (and PostgreSQL 11+ adds a constant default without rewriting the table).
  ['events', 'rollup', 'rollup_day']
    .map(
      (t) =>
        `ALTER TABLE ${q(t)} ${USAGE_CLASS_COLUMNS.map((c) => `ADD COLUMN ${q(c.name)} bigint NOT NULL DEFAULT 0`).join(', ')};`,
    )
    .join('\n'),
];

/** The schema version this build writes to PostgreSQL. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
