import { type SqliteFile, openSqliteFile } from '../../../../src/store/sqlite-file.js';

/** One rollup row; everything but the bucket and tokens has a default. */
export interface RollupRow {
  ts: string | number;
  model?: string;
  kind?: 'request' | 'bucket';
  tier?: string;
  long_context?: number;
  regional?: number;
  billed?: number;
  reported?: number;
  effort?: string;
  project?: string;
  user?: string;
  api_key?: string;
  gateway?: string;
  byok?: number;
  source?: string;
  tags?: Record<string, string>;
  requests?: number;
  input?: number;
  cached?: number;
  cache_write?: number;
  output?: number;
  reasoning?: number;
  reported_cost_nano?: number;
}

/** A fresh ledger (the STORE.md schema via openSqliteFile) at `path`, or in memory. */
export function testLedger(path = ':memory:'): SqliteFile {
  return openSqliteFile(path);
}

/** Adds rows to the rollup table the way ingest would (same key → tokens summed). */
export function insertRollup(ledger: SqliteFile, rows: readonly RollupRow[]): void {
  const stmt =
    ledger.db.prepare(`INSERT INTO rollup (bucket_ms, kind, model, tier, long_context, regional, billed, reported,
    effort, project, user, api_key, gateway, byok, source, tags, requests, input_tokens, cached_input_tokens,
    cache_write_tokens, output_tokens, reasoning_tokens, reported_cost_nano)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
      cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
      cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
      output_tokens = output_tokens + excluded.output_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
      reported_cost_nano = reported_cost_nano + excluded.reported_cost_nano`);
  ledger.db.transaction(() => {
    for (const r of rows) {
      const ts = typeof r.ts === 'number' ? r.ts : Date.parse(r.ts);
      const tags = r.tags
        ? JSON.stringify(Object.fromEntries(Object.entries(r.tags).sort(([a], [b]) => (a < b ? -1 : 1))))
        : '';
      stmt.run(
        Math.floor(ts / 900_000) * 900_000,
        r.kind ?? 'request',
        r.model ?? 'gpt-5.5',
        r.tier ?? 'standard',
        r.long_context ?? 0,
        r.regional ?? 0,
        r.billed ?? 1,
        r.reported ?? 0,
        r.effort ?? '',
        r.project ?? '',
        r.user ?? '',
        r.api_key ?? '',
        r.gateway ?? '',
        r.byok ?? 0,
        r.source ?? 'responses',
        tags,
        r.requests ?? 1,
        r.input ?? 0,
        r.cached ?? 0,
        r.cache_write ?? 0,
        r.output ?? 0,
        r.reasoning ?? 0,
        r.reported_cost_nano ?? 0,
      );
    }
  })();
}
