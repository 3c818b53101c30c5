/**
 * PostgreSQL for tests: with TOKENLEDGER_TEST_PG_URL set (a server URL; .ci/run and
 * scripts/pg-local.sh make one), each test file gets fresh databases with random names, dropped
 * after the file. Without it the suites are skipped and say why; under CI=true a missing server is
 * a failure, never a skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

export const PG_URL_ENV = 'TOKENLEDGER_TEST_PG_URL';
const serverUrl = process.env[PG_URL_ENV] || undefined;
const inCi = process.env.CI === 'true';

/** Why PostgreSQL suites are skipped here, or undefined when they run. */
export const pgSkipReason: string | undefined =
  serverUrl || inCi
    ? undefined
    : `${PG_URL_ENV} is not set; start a server with: export ${PG_URL_ENV}=$(scripts/pg-local.sh start "$(mktemp -d)")`;

/** The server URL with `database` as its path (credentials and query kept). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!serverUrl) {
    throw new Error(
      `${PG_URL_ENV} is not set: in CI the PostgreSQL tests must run (.ci/run starts a server)`,
    );
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Databases made for one test file; `create()` adds one, all are dropped after the file. */
export interface PgTestDatabases {
  /** The file's first database (made before its tests run). */
  readonly url: string;
  /** Makes another empty database and returns its URL. */
  create(): Promise<string>;
}

/**
 * `describe` for a PostgreSQL suite: skipped with a visible reason when no server is configured
 * (except in CI, where it runs and fails), otherwise given a fresh database.
 * @example describePg('postgres ledger', (pg) => { it('opens', async () => open(pg.url)) });
 */
export function describePg(name: string, body: (dbs: PgTestDatabases) => void): void {
  if (pgSkipReason) console.info(`[postgres] "${name}" skipped: ${pgSkipReason}`);
  const title = pgSkipReason ? `${name} (skipped: no PostgreSQL server, ${PG_URL_ENV} unset)` : name;
  describe.skipIf(pgSkipReason !== undefined)(title, () => {
    if (!serverUrl) {
      // Only reached under CI=true: a failing test, so the run's count shows it.
      it('has a PostgreSQL server to test against', () => {
        throw new Error(
          `${PG_URL_ENV} is not set: in CI the PostgreSQL tests must run (.ci/run starts a server)`,
        );
      });
      return;
    }
    const made: string[] = [];
    let first = '';
    const create = async (): Promise<string> => {
      const name = `tl_test_${randomBytes(6).toString('hex')}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      made.push(name);
      return withDatabase(serverUrl ?? '', name);
    };
    beforeAll(async () => {
      first = await create();
    });
    afterAll(async () => {
      if (made.length === 0) return;
      await admin(async (c) => {
        for (const db of made.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      });
    });
    body({
      get url() {
        return first;
      },
      create,
    });
  });
}
