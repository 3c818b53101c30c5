import {
  BASE_EVENT_COLUMNS,
  BASE_ROLLUP_SUMS,
  type ColumnSpec,
  ROLLUP_KEYS,
  USAGE_CLASS_COLUMNS,
} from '../columns.js';
import { q } from './pg-names.js';
import { ROLLUPS } from './pg-rollup-sql.js';

export { q };

/**
 * The PostgreSQL schema, derived from the one column list (columns.ts). Every identifier is quoted
 * ("user", "key" and "offset" are reserved words). Text is COLLATE "C": byte order, as SQLite
 * compares, so anything sorted in SQL sorts the same on both drivers, and key comparisons are memcmp.
 * Integers are BIGINT; money (nano-dollars) is read back as BigInt (pg-connect.ts type parsers).
 */

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
  // 4: report speed. Reports and budgets ask "any aggregate buckets in this range?" and sum them
  // apart from requests; the rollups' keys start with the time slot, so that question read every
  // request row of the range (100+ ms a month on the postgres bench's data). Aggregate buckets
  // (Usage API) are few: a partial index on them costs requests nothing and answers at once.
  `
  CREATE INDEX "rollup_buckets" ON "rollup" ("bucket_ms") WHERE "kind" = 'bucket';
  CREATE INDEX "rollup_day_buckets" ON "rollup_day" ("day_ms") WHERE "kind" = 'bucket';
  `,
  // 5: report speed where rollups do not compress. A UTC-day rollup without the user, API-key and
  // tag keys answers every report that neither groups nor filters by them, on far fewer rows (see
  // pg-rollup-sql.ts WIDE_KEYS); filled from the stored day rollup, so nothing is re-ingested.
  narrowDayRollup(),
  // 6: estimate calibration reads the newest billed requests with output of a model × effort. It
  // scanned every event (146 ms on 200,000; linear in the ledger); this partial index answers it
  // with an index-only scan that stops at the limit, and costs ingest no measurable server CPU
  // (6.6 s per 100,000 ingested lines with it and without, beside 2-3 s for each wide rollup).
  `
  CREATE INDEX "events_calibration" ON "events" ("model", "effort", "ts_ms" DESC, "key" DESC)
    INCLUDE ("output_tokens", "reasoning_tokens")
    WHERE "kind" = 'request' AND "billed" = 1 AND "output_tokens" > 0;
  `,
];

/** Migration 5: the narrow day rollup with the sums of schema 3-5, summed from `rollup_day`. */
function narrowDayRollup(): string {
  const keys = ['day_ms', ...ROLLUPS.rollup_day_narrow.keys];
  const keySpecs = ROLLUP_KEYS.filter((c) => keys.includes(c.name));
  const sums = [...BASE_ROLLUP_SUMS, ...USAGE_CLASS_COLUMNS];
  return `
  CREATE TABLE "rollup_day_narrow" (
    "day_ms" bigint NOT NULL,
    ${[...keySpecs, ...sums].map(column).join(',\n    ')},
    PRIMARY KEY (${keys.map(q).join(', ')})
  );
  INSERT INTO "rollup_day_narrow" (${[...keys, ...sums.map((c) => c.name)].map(q).join(', ')})
    SELECT ${[...keys.map(q), ...sums.map((c) => `SUM(${q(c.name)})`)].join(', ')}
    FROM "rollup_day" GROUP BY ${keys.map(q).join(', ')};
  CREATE INDEX "rollup_day_narrow_buckets" ON "rollup_day_narrow" ("day_ms") WHERE "kind" = 'bucket';
  `;
}

/** The schema version this build writes to PostgreSQL. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
