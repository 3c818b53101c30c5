import { expect, it } from 'vitest';
import { connectPg, PG_SCHEMA } from '../../../../src/store/postgres/pg-connect.js';
import { migratePg, pgSchemaVersion } from '../../../../src/store/postgres/pg-migrate.js';
import { describePg } from '../../../support/pg-database.js';
import { BASE_EVENT_COLUMNS } from '../../../../src/store/columns.js';
import { openPgLedger } from '../../../../src/store/postgres/pg-ledger.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../../../src/store/postgres/pg-schema.js';

describePg('PostgreSQL connection and migrations', (dbs) => {
  it('reads BIGINT and SUM(BIGINT) back as exact BigInt', async () => {
    const pool = await connectPg(dbs.url);
    try {
      const r = await pool.query(
        'SELECT $1::bigint AS big, (SELECT SUM(x) FROM (VALUES ($1::bigint), ($1::bigint)) AS t(x)) AS sum',
        ['9007199254740993'],
      );
      expect(r.rows[0]).toEqual({ big: 9007199254740993n, sum: 18014398509481986n });
    } finally {
      await pool.end();
    }
  });

  it('refuses a wrong password in one line naming host, port, database and the reason, never the password', async () => {
    const u = new URL(dbs.url);
    u.password = 'wrong-secret-42';
    const error = await connectPg(u.toString()).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${u.hostname}:${u.port}, database "${u.pathname.slice(1)}"`);
    expect(message).toMatch(/password authentication failed/);
    expect(message).not.toContain('wrong-secret-42');
    expect(message).not.toContain('\n');
    expect((error as { exitCode?: number }).exitCode).toBe(2);
  });

  it('reports a server that is down as connection refused', async () => {
    const u = new URL(dbs.url);
    u.port = '1';
    const error = (await connectPg(u.toString()).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^--db: cannot connect to the PostgreSQL ledger at 127\.0\.0\.1:1, database "\w+": connection refused/,
    );
    expect(error.message).not.toContain(u.password);
  });

  it('migrates once when many connections migrate a new database at once', async () => {
    const url = await dbs.create();
    const pool = await connectPg(url, { max: 6 });
    const migrations = [
      'CREATE TABLE t1 (id int PRIMARY KEY)',
      'CREATE TABLE t2 (id int PRIMARY KEY); INSERT INTO t1 VALUES (1)',
    ];
    try {
      const runs = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const client = await pool.connect();
          try {
            return await migratePg(client, migrations, 'test', PG_SCHEMA);
          } finally {
            client.release();
          }
        }),
      );
      expect(runs.flat().sort()).toEqual([1, 2]);
      const client = await pool.connect();
      try {
        expect(await pgSchemaVersion(client, PG_SCHEMA)).toBe(2);
        const rows = await client.query(`SELECT COUNT(*) AS n FROM ${PG_SCHEMA}.t1`);
        expect(rows.rows[0].n).toBe(1n);
        await expect(migratePg(client, migrations.slice(0, 1), 'test', PG_SCHEMA)).rejects.toThrow(
          /schema version 2, newer than this tokenledger understands \(1\)/,
        );
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });
  it('migrates a schema-2 ledger to the non-text columns without re-ingest: stored sums kept, new facts add up', async () => {
    const url = await dbs.create();
    const schema = 'old_ledger';
    const pool = await connectPg(url);
    const ts = Date.UTC(2026, 7, 3, 10, 7);
    try {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        expect(await migratePg(client, PG_MIGRATIONS.slice(0, 2), 'test', schema)).toEqual([1, 2]);
        const base = BASE_EVENT_COLUMNS.map((c) => c.name);
        const values: Record<string, unknown> = {
          key: 'resp:old',
          kind: 'request',
          ts_ms: ts,
          model: 'gpt-5.5',
          tier: 'standard',
          requests: 1,
          input_tokens: 1000,
          cached_input_tokens: 0,
          cache_write_tokens: 0,
          output_tokens: 100,
          reasoning_tokens: 0,
          billed: 1,
          regional: 0,
          byok: 0,
          format: 'responses',
        };
        const cols = base.filter((c) => c in values);
        await client.query(
          `INSERT INTO "events" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => values[c]),
        );
        for (const [table, width] of [
          ['rollup', 900_000],
          ['rollup_day', 86_400_000],
        ] as const) {
          const time = table === 'rollup' ? 'bucket_ms' : 'day_ms';
          await client.query(
            `INSERT INTO "${table}" ("${time}", "kind", "model", "tier", "input_band", "regional",
            "billed", "reported", "effort", "project", "user", "api_key", "gateway", "byok", "source", "tags",
            "requests", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
            "reasoning_tokens", "reported_cost_nano")
            VALUES ($1, 'request', 'gpt-5.5', 'standard', 0, 0, 1, 0, '', '', '', '', '', 0, 'responses', '',
            1, 1000, 0, 0, 100, 0, 0)`,
            [Math.floor(ts / width) * width],
          );
        }
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
    const ledger = await openPgLedger(url, { schema });
    try {
      expect((await ledger.stats()).schemaVersion).toBe(PG_SCHEMA_VERSION);
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
            audioOutputTokens: 7,
            codeInterpreterSessions: 1,
            billed: true,
            format: 'responses',
          },
        ],
      });
      const [g] = await ledger.sumUsage({
        fromMs: 0,
        toMs: Date.UTC(2100, 0, 1),
        kind: 'request',
        groupBy: [],
        filters: {},
      });
      expect(g).toMatchObject({
        requests: 2,
        input: 1500,
        audio_output_tokens: 7,
        code_interpreter_sessions: 1,
      });
      const st = await ledger.stats();
      expect({ ...st.events.request, rows: 0 }).toEqual({ ...st.rollup.request, rows: 0 });
    } finally {
      await ledger.close();
    }
  });
});
