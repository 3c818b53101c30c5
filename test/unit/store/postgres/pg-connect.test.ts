import { expect, it } from 'vitest';
import { connectPg, PG_SCHEMA } from '../../../../src/store/postgres/pg-connect.js';
import { migratePg, pgSchemaVersion } from '../../../../src/store/postgres/pg-migrate.js';
import { describePg } from '../../../support/pg-database.js';

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
});
