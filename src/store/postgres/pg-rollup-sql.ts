import { BAND_FLOOR, BAND_WIDTH, EVENT_COLUMNS, ROLLUP_KEYS, ROLLUP_SUMS } from '../columns.js';
import { q } from './pg-names.js';

export const BUCKET_MS = 900_000;
export const DAY_MS = 86_400_000;

/**
 * Rollup keys left out of the narrow day rollup: one value per user, API key or tag set, they are
 * what keeps rollups from compressing (postgres bench, ingested data: 193,863 day-rollup rows for
 * 200,000 events with them, 41,006 without).
 */
const WIDE_KEYS = new Set(['user', 'api_key', 'tags']);

/** The rollup tables: 15-minute and UTC-day sums by every key, and UTC-day sums by the narrow keys. */
export const ROLLUPS = {
  rollup: { time: 'bucket_ms', width: BUCKET_MS, keys: ROLLUP_KEYS.map((c) => c.name) },
  rollup_day: { time: 'day_ms', width: DAY_MS, keys: ROLLUP_KEYS.map((c) => c.name) },
  rollup_day_narrow: {
    time: 'day_ms',
    width: DAY_MS,
    keys: ROLLUP_KEYS.filter((c) => !WIDE_KEYS.has(c.name)).map((c) => c.name),
  },
} as const;
export type RollupTable = keyof typeof ROLLUPS;
export const ROLLUP_TABLES = Object.keys(ROLLUPS) as RollupTable[];

/** The dimensions the narrow day rollup can group and filter by. */
export const NARROW_KEYS: ReadonlySet<string> = new Set(ROLLUPS.rollup_day_narrow.keys);

const eventColumn = new Map(EVENT_COLUMNS.map((c) => [c.name, c]));

/**
 * The rollup key or sum `name` computed from an event row, as SQL. Three keys are derived (the
 * rest are the event column, '' for absent text): `input_band` (columns.ts inputBand, in SQL),
 * `reported` (the source reported a cost) and `source` (the event's format).
 */
function fromEvent(name: string): string {
  if (name === 'input_band') {
    return `CASE WHEN "kind" = 'request' AND "input_tokens" > ${BAND_FLOOR}
      THEN (("input_tokens" - 1) / ${BAND_WIDTH}) * ${BAND_WIDTH} ELSE 0 END`;
  }
  if (name === 'reported') return 'CASE WHEN "reported_cost_nano" IS NULL THEN 0 ELSE 1 END';
  if (name === 'source') return `COALESCE("format", '')`;
  const c = eventColumn.get(name);
  if (!c) throw new Error(`rollup column "${name}" has no event column to derive it from`);
  if (c.required) return q(name);
  return c.type === 'text' ? `COALESCE(${q(name)}, '')` : `COALESCE(${q(name)}, 0)`;
}

const SUM_NAMES = ROLLUP_SUMS.map((c) => c.name);

/**
 * Adds event rows to a rollup table in one statement: `source` is a relation of event columns (a
 * CTE's RETURNING rows or an unnest) with a `sign` column when `signed` (-1 takes a replaced row
 * out). Rows are grouped first (ON CONFLICT DO UPDATE may touch a row once per statement) and
 * upserted in key order, so concurrent writers lock rollup rows in the same order and cannot deadlock.
 */
export function rollupUpsertSql(table: RollupTable, source: string, signed = false): string {
  const { time, width, keys: keyNames } = ROLLUPS[table];
  const keys = [time, ...keyNames];
  const sign = signed ? '"sign" * ' : '';
  const select = [
    `("ts_ms" / ${width}) * ${width}`,
    ...keyNames.map(fromEvent),
    ...SUM_NAMES.map((s) => `SUM(${sign}${fromEvent(s)})`),
  ];
  return upsertSql(table, keys, select, source);
}

function upsertSql(table: RollupTable, keys: readonly string[], select: readonly string[], source: string) {
  const groups = keys.map((_, i) => String(i + 1)).join(', ');
  const t = q(table);
  return `INSERT INTO ${t} (${[...keys, ...SUM_NAMES].map(q).join(', ')})
    SELECT ${select.join(',\n      ')}
    FROM ${source} GROUP BY ${groups} ORDER BY ${groups}
    ON CONFLICT (${keys.map(q).join(', ')}) DO UPDATE SET
      ${SUM_NAMES.map((s) => `${q(s)} = ${t}.${q(s)} + excluded.${q(s)}`).join(',\n      ')}`;
}

/** Deletes rollup rows a replacement left empty, among the given time slots only. */
export function pruneSql(table: RollupTable): string {
  const time = ROLLUPS[table].time;
  return `DELETE FROM ${q(table)} WHERE ${q(time)} = ANY($1::bigint[]) AND ${SUM_NAMES.map((s) => `${q(s)} = 0`).join(' AND ')}`;
}
