import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { usdString } from '../../../src/money.js';
import { loadPriceBook } from '../../../src/pricing/load.js';
import { aggregateSpend } from '../../../src/report/aggregate.js';
import { openLedger } from '../../../src/store/open-ledger.js';
import { BASE_ROLLUP_SUMS, ROLLUP_KEYS } from '../../../src/store/columns.js';
import { MIGRATIONS, rollupSelect, SCHEMA_VERSION } from '../../../src/store/sqlite/migrations.js';

import { describeLedgerSuite } from '../../shared/ledger-suite.js';
import { tempDir } from './helpers.js';

const groupBy = () => Array.from({ length: ROLLUP_KEYS.length + 1 }, (_, i) => String(i + 1)).join(', ');

describeLedgerSuite('SQLite in memory', () => openLedger(':memory:'));
describeLedgerSuite('SQLite file', () => openLedger(join(tempDir(), 'l.db')));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").pluck().all();

describe('the SQLite driver', () => {
  it('creates the schema in WAL mode while open, and leaves a rollback-journal file on close', async () => {
    const path = join(tempDir(), 'sub', 'l.db');
    const ledger = await openLedger(path);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await ledger.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(tables(db)).toEqual([
      'alert_state',
      'checkpoints',
      'entity_names',
      'events',
      'invoices',
      'meta',
      'rejects',
      'rollup',
      'rollup_day',
      'sync_state',
    ]);
    expect(db.prepare("SELECT value FROM meta WHERE key='schema_version'").pluck().get()).toBe(
      String(SCHEMA_VERSION),
    );
    db.close();
  });

  it('refuses a ledger from a newer tokenledger with a clear line', async () => {
    const path = join(tempDir(), 'l.db');
    await (await openLedger(path)).close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    db.close();
    await expect(openLedger(path)).rejects.toThrow(
      /schema version 999, newer than this tokenledger understands/,
    );
    await expect(openLedger(path, { readonly: true })).rejects.toThrow(/schema version 999/);
  });

  it('fails with exit 2 on a missing file when reading', async () => {
    const path = join(tempDir(), 'none.db');
    await expect(openLedger(path, { readonly: true })).rejects.toMatchObject({ exitCode: 2 });
    await expect(openLedger(path, { mustExist: true })).rejects.toThrow(/not found/);
    expect(existsSync(path)).toBe(false);
  });

  it("leaves another program's SQLite file and a non-database file byte-for-byte untouched", async () => {
    const dir = tempDir();
    const foreign = join(dir, 'app.db');
    const db = new Database(foreign);
    db.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ana')",
    );
    db.close();
    const text = join(dir, 'notes.db');
    writeFileSync(
      text,
      'this is not sqlite at all, just some text that is long enough to look like a header',
    );
    for (const path of [foreign, text]) {
      const before = sha(path);
      for (const options of [{}, { readonly: true }]) {
        await expect(openLedger(path, options)).rejects.toMatchObject({
          exitCode: 2,
          message: expect.stringMatching(/is not a tokenledger ledger: .*left untouched/),
        });
      }
      expect(sha(path)).toBe(before);
      expect(existsSync(`${path}-wal`)).toBe(false);
    }
    const again = new Database(foreign, { readonly: true });
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(tables(again)).toEqual(['users']);
    again.close();
  });

  it('migrates a schema-3 ledger forward without re-ingesting; its 300K-token request prices at long-context rates', async () => {
    const path = join(tempDir(), 'old.db');
    const db = new Database(path);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    for (const sql of MIGRATIONS.slice(0, 3)) db.exec(sql);
    db.prepare("INSERT INTO meta VALUES ('schema_version', '3')").run();
    // As the v3 ingest wrote it: the model was not in the book then, so no canonical model and no
    // long-context flag, frozen into both rollups.
    const ts = Date.UTC(2026, 7, 3, 10, 7);
    db.prepare(`INSERT INTO events (key, kind, ts_ms, model, canonical_model, tier, requests, input_tokens,
      cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, billed, long_context, format)
      VALUES ('resp:old', 'request', ?, 'gpt-5.5', NULL, 'standard', 1, 300000, 0, 0, 1000, 0, 1, 0, 'responses')`).run(
      ts,
    );
    for (const [table, time, width] of [
      ['rollup', 'bucket_ms', 900_000],
      ['rollup_day', 'day_ms', 86_400_000],
    ] as const) {
      db.prepare(`INSERT INTO ${table} (${time}, kind, model, tier, long_context, regional, billed, reported, requests,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, reported_cost_nano)
        VALUES (?, 'request', 'gpt-5.5', 'standard', 0, 0, 1, 0, 1, 300000, 0, 0, 1000, 0, 0)`).run(
        Math.floor(ts / width) * width,
      );
    }
    db.close();
    const ledger = await openLedger(path, { readonly: true }); // a writable file: migrated first
    const r = await aggregateSpend(ledger, loadPriceBook(), {
      periodUnit: 'month',
      tz: 'UTC',
      groupBy: [],
      filters: {},
    });
    expect(r.total.requests).toBe(1);
    // gpt-5.5 long context (input > 272,000): $10 input, $45 output per 1M → $3 + $0.045
    expect(usdString(r.total.cost.total)).toBe('3.045');
    expect((await ledger.stats()).schemaVersion).toBe(SCHEMA_VERSION);
    await ledger.close();
  });
  it('migrates a schema-5 ledger to the non-text columns: stored rows keep their sums, new facts add up', async () => {
    const path = join(tempDir(), 'v5.db');
    const db = new Database(path);
    db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    for (const sql of MIGRATIONS.slice(0, 5)) db.exec(sql);
    db.prepare("INSERT INTO meta VALUES ('schema_version', '5')").run();
    const ts = Date.UTC(2026, 7, 3, 10, 7);
    db.prepare(`INSERT INTO events (key, kind, ts_ms, model, tier, requests, input_tokens, cached_input_tokens,
      cache_write_tokens, output_tokens, reasoning_tokens, billed, regional, byok, format)
      VALUES ('resp:old', 'request', ?, 'gpt-5.5', 'standard', 1, 1000, 0, 0, 100, 0, 1, 0, 0, 'responses')`).run(
      ts,
    );
    db.exec(
      `INSERT INTO rollup SELECT ${rollupSelect(900_000, true, BASE_ROLLUP_SUMS)} FROM events GROUP BY ${groupBy()}`,
    );
    db.exec(
      `INSERT INTO rollup_day SELECT ${rollupSelect(86_400_000, true, BASE_ROLLUP_SUMS)} FROM events GROUP BY ${groupBy()}`,
    );
    db.close();
    const ledger = await openLedger(path);
    expect((await ledger.stats()).schemaVersion).toBe(SCHEMA_VERSION);
    await ledger.append({
      events: [
        {
          key: 'resp:new',
          kind: 'request',
          tsMs: ts + 60_000,
          model: 'gpt-5.5',
          tier: 'standard',
          requests: 1,
          inputTokens: 500,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 10,
          reasoningTokens: 0,
          imageInputTokens: 200,
          webSearchCallsMedium: 1,
          billed: true,
          format: 'responses',
        },
      ],
    });
    for (const [fromMs, toMs] of [
      [0, Date.UTC(2100, 0, 1)], // whole days: rollup_day
      [Math.floor(ts / 900_000) * 900_000, Math.floor(ts / 900_000) * 900_000 + 900_000], // 15-minute rollup
    ] as const) {
      const [g] = await ledger.sumUsage({ fromMs, toMs, kind: 'request', groupBy: [], filters: {} });
      expect(g).toMatchObject({
        requests: 2,
        input: 1500,
        image_input_tokens: 200,
        web_search_calls_medium: 1,
      });
    }
    const st = await ledger.stats();
    expect({ ...st.events.request, rows: 0 }).toEqual({ ...st.rollup.request, rows: 0 });
    await ledger.close();
  });
});
