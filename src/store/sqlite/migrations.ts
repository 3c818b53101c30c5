import type { Database } from 'better-sqlite3';
import {
  BAND_FLOOR,
  BAND_WIDTH,
  BASE_EVENT_COLUMNS,
  BASE_ROLLUP_SUMS,
  type ColumnSpec,
  ROLLUP_KEYS,
  ROLLUP_SUMS,
  USAGE_CLASS_COLUMNS,
  USAGE_CLASS_NAMES,
} from '../columns.js';

/** The historical (v1–v3) rollup DDL, kept literal: migrations replay history. */
function rollupTable(name: string, time: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
    ${time} INTEGER NOT NULL,
    kind TEXT NOT NULL,
    model TEXT NOT NULL,
    tier TEXT NOT NULL,
    long_context INTEGER NOT NULL,
    regional INTEGER NOT NULL,
    billed INTEGER NOT NULL,
    reported INTEGER NOT NULL,
    effort TEXT NOT NULL DEFAULT '',
    project TEXT NOT NULL DEFAULT '',
    user TEXT NOT NULL DEFAULT '',
    api_key TEXT NOT NULL DEFAULT '',
    gateway TEXT NOT NULL DEFAULT '',
    byok INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    requests INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
    reported_cost_nano INTEGER NOT NULL,
    PRIMARY KEY (${time}, kind, model, tier, long_context, regional, billed, reported, effort,
                 project, user, api_key, gateway, byok, source, tags)
  ) WITHOUT ROWID;`;
}

/** SQLite DDL of one declared column. */
function ddlColumn(c: { name: string; type: 'text' | 'int'; required: boolean }): string {
  return `"${c.name}" ${c.type === 'int' ? 'INTEGER' : 'TEXT'}${c.required ? ' NOT NULL' : ''}`;
}

const BASE_NAMES = BASE_EVENT_COLUMNS.map((c) => c.name);

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * A rollup table from the declared keys and sums: token sums per time slot × every key column.
 * `sums`: the sums of the schema being built (migration 4 replays the v4 list).
 */
export function factRollupTable(
  name: string,
  time: string,
  sums: readonly ColumnSpec[] = ROLLUP_SUMS,
): string {
  const cols = [`"${time}" INTEGER NOT NULL`, ...ROLLUP_KEYS.map(ddlColumn), ...sums.map(ddlColumn)];
  const key = [time, ...ROLLUP_KEYS.map((k) => k.name)];
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols.join(', ')}, PRIMARY KEY (${quoted(key)})) WITHOUT ROWID;`;
}

const ROLLUP_BUCKET_WIDTH = 900_000;
const DAY_WIDTH = 86_400_000;

/** The SQL expression of each rollup column over an `events` row (the writer and the migration share it). */
export const ROLLUP_FROM_EVENT: Readonly<Record<string, string>> = {
  kind: 'kind',
  model: 'model',
  tier: 'tier',
  input_band: `CASE WHEN kind = 'request' AND input_tokens > ${BAND_FLOOR} THEN ((input_tokens - 1) / ${BAND_WIDTH}) * ${BAND_WIDTH} ELSE 0 END`,
  regional: 'regional',
  billed: 'billed',
  reported: 'reported_cost_nano IS NOT NULL',
  effort: "COALESCE(effort, '')",
  project: "COALESCE(project, '')",
  user: 'COALESCE("user", \'\')',
  api_key: "COALESCE(api_key, '')",
  gateway: "COALESCE(gateway, '')",
  byok: 'byok',
  source: 'format',
  tags: "COALESCE(tags, '')",
  requests: 'requests',
  input_tokens: 'input_tokens',
  cached_input_tokens: 'cached_input_tokens',
  cache_write_tokens: 'cache_write_tokens',
  output_tokens: 'output_tokens',
  reasoning_tokens: 'reasoning_tokens',
  reported_cost_nano: 'COALESCE(reported_cost_nano, 0)',
  ...Object.fromEntries(USAGE_CLASS_NAMES.map((n) => [n, n])),
};

/** SELECT list of a rollup row from `events` (time slot of `width` ms, keys, then sums; summed when `sum`). */
export function rollupSelect(
  width: number,
  sum = true,
  sumColumns: readonly ColumnSpec[] = ROLLUP_SUMS,
): string {
  const keys = ROLLUP_KEYS.map((k) => ROLLUP_FROM_EVENT[k.name]!);
  const sums = sumColumns.map((k) =>
    sum ? `SUM(${ROLLUP_FROM_EVENT[k.name]!})` : ROLLUP_FROM_EVENT[k.name]!,
  );
  return [`(ts_ms / ${width}) * ${width}`, ...keys, ...sums].join(', ');
}

function groupPositions(): string {
  return Array.from({ length: ROLLUP_KEYS.length + 1 }, (_, i) => String(i + 1)).join(', ');
}

/**
 * Schema migrations, applied in order. Each runs once, inside the same IMMEDIATE transaction that
 * bumps `meta.schema_version`, so two processes opening a new database at once migrate it once.
 * Column names are the contract in the brief STORE.md; never rename, only add migrations.
 * Exported for the migration tests, which build old ledgers from it.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS events (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    ts_ms INTEGER NOT NULL,
    end_ms INTEGER,
    model TEXT NOT NULL,
    canonical_model TEXT,
    tier TEXT NOT NULL,
    effort TEXT,
    requests INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL, cached_input_tokens INTEGER NOT NULL, cache_write_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL, reasoning_tokens INTEGER NOT NULL,
    billed INTEGER NOT NULL,
    long_context INTEGER NOT NULL,
    regional INTEGER NOT NULL DEFAULT 0,
    reported_cost_nano INTEGER,
    project TEXT, user TEXT, api_key TEXT, gateway TEXT, byok INTEGER NOT NULL DEFAULT 0,
    tags TEXT,
    format TEXT NOT NULL, source_file TEXT, source_line INTEGER
  );
  CREATE INDEX IF NOT EXISTS events_ts ON events(ts_ms);
  CREATE INDEX IF NOT EXISTS events_model_effort ON events(canonical_model, effort);
  ${rollupTable('rollup', 'bucket_ms')}
  CREATE TABLE IF NOT EXISTS rejects (id INTEGER PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL,
    reason TEXT NOT NULL, raw TEXT, at_ms INTEGER NOT NULL, UNIQUE(file, line, reason));
  CREATE TABLE IF NOT EXISTS checkpoints (file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL,
    offset INTEGER NOT NULL, line INTEGER NOT NULL, head_hash TEXT NOT NULL, format TEXT, updated_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS invoices (key TEXT PRIMARY KEY, start_ms INTEGER NOT NULL, end_ms INTEGER,
    amount_nano INTEGER NOT NULL, currency TEXT NOT NULL, line_item TEXT, project TEXT, format TEXT NOT NULL,
    source_file TEXT, source_line INTEGER);
  CREATE TABLE IF NOT EXISTS alert_state (budget TEXT NOT NULL, period TEXT NOT NULL, threshold TEXT NOT NULL,
    crossed_at_ms INTEGER NOT NULL, PRIMARY KEY (budget, period, threshold));
  `,
  // 2: ingest speed. Every secondary index on `events` costs a b-tree insert per ingested event, and
  // reports read `rollup`; the few readers of `events` (estimate calibration) scan it or make their
  // own index (CREATE INDEX IF NOT EXISTS) when they need one.
  `
  DROP INDEX IF EXISTS events_ts;
  DROP INDEX IF EXISTS events_model_effort;
  `,
  // 3: report speed. The 15-minute rollup summed per UTC day: a monthly report reads ~30 rows per
  // group instead of ~3,000. The writer keeps it in the same transaction as rollup and records the
  // days it wrote in rollup_day_built; reports read a day from rollup_day only when it is recorded
  // there. Existing days are left unrecorded: ingest rebuilds them once (refreshDayRollup).
  `
  ${rollupTable('rollup_day', 'day_ms')}
  CREATE TABLE IF NOT EXISTS rollup_day_built (day_ms INTEGER PRIMARY KEY);
  `,
  // 4: facts only. Events lose canonical_model and long_context (decided at report time from the
  // price book); the rollups key by an input-size band instead of a long-context flag and are
  // rebuilt from the events, so an old ledger reprices correctly without re-ingesting. The writer
  // keeps rollup_day exact in every batch, so rollup_day_built (days to trust) is no longer needed.
  `
  CREATE TABLE events_v4 (${BASE_EVENT_COLUMNS.map(ddlColumn).join(', ')}, PRIMARY KEY ("key"));
  INSERT INTO events_v4 (${quoted(BASE_NAMES)}) SELECT ${quoted(BASE_NAMES)} FROM events ORDER BY rowid;
  DROP TABLE events;
  ALTER TABLE events_v4 RENAME TO events;
  DROP TABLE rollup;
  DROP TABLE rollup_day;
  DROP TABLE rollup_day_built;
  ${factRollupTable('rollup', 'bucket_ms', BASE_ROLLUP_SUMS)}
  ${factRollupTable('rollup_day', 'day_ms', BASE_ROLLUP_SUMS)}
  INSERT INTO rollup SELECT ${rollupSelect(ROLLUP_BUCKET_WIDTH, true, BASE_ROLLUP_SUMS)} FROM events GROUP BY ${groupPositions()};
  INSERT INTO rollup_day SELECT ${rollupSelect(DAY_WIDTH, true, BASE_ROLLUP_SUMS)} FROM events GROUP BY ${groupPositions()};
  `,
  // 5: sync. Where each remote endpoint got to (`sync openai` resumes from it), and the names of
  // projects, users and API keys from the provider's admin lists.
  `
  CREATE TABLE IF NOT EXISTS sync_state (source TEXT PRIMARY KEY, last_bucket_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS entity_names (kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    updated_ms INTEGER NOT NULL, PRIMARY KEY (kind, id));
  `,
  // 6: non-text usage (#12): audio, image and 12-hour cache-write token classes, hosted tool calls,
  // container sessions, vector-store byte-hours, images, speech characters, transcription seconds.
  // Added as columns with DEFAULT 0 to events and both rollups: every stored row had none of them,
  // so the rollups stay exact without a rebuild and old ledgers need no re-ingest.
  addColumns(['events', 'rollup', 'rollup_day'], USAGE_CLASS_COLUMNS),
];

/** ALTER TABLE … ADD COLUMN for each table and column (integers NOT NULL DEFAULT 0). */
function addColumns(tables: readonly string[], columns: readonly ColumnSpec[]): string {
  return tables
    .flatMap((t) => columns.map((c) => `ALTER TABLE ${t} ADD COLUMN "${c.name}" INTEGER NOT NULL DEFAULT 0;`))
    .join('\n  ');
}

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Reads `meta.schema_version` (0 for a database that has never been migrated). */
export function schemaVersion(db: Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return 0;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  return row ? Number(row.value) : 0;
}

/** Applies the missing migrations; a no-op on an up-to-date database. Returns the versions applied. */
export function migrate(db: Database): number[] {
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const from = schemaVersion(db);
    const applied: number[] = [];
    for (let v = from + 1; v <= MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v - 1]!);
      applied.push(v);
    }
    if (applied.length > 0) {
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ).run(String(MIGRATIONS.length));
    }
    return applied;
  });
  return run.immediate();
}
