import type pg from 'pg';
import { InvalidInputError, TokenledgerError } from '../../errors.js';

/**
 * Advisory lock key held while migrating ("tled" in ASCII): two machines opening a new ledger at
 * once migrate it once. Concurrent CREATE TABLE IF NOT EXISTS is not safe in PostgreSQL on its own
 * (it can fail on the catalog's unique index), so even the schema and meta table wait for it.
 */
export const MIGRATION_LOCK_KEY = 0x746c6564;

/** Reads `schema`.meta's schema_version (0 for a database tokenledger never migrated). */
export async function pgSchemaVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const found = await client.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    `"${schema}".meta`,
  ]);
  if (!found.rows[0]?.ok) return 0;
  const row = await client.query<{ value: string }>(
    `SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`,
  );
  return row.rows[0] ? Number(row.rows[0].value) : 0;
}

/** Refuses a ledger written by a newer tokenledger (its tables may mean something else). */
export function checkNotNewer(found: number, expected: number, where: string): void {
  if (found > expected) {
    throw new TokenledgerError(
      'invalid_input',
      `ledger ${where} has schema version ${found}, newer than this tokenledger understands (${expected})`,
      { suggestion: 'upgrade tokenledger' },
    );
  }
}

/**
 * Applies the missing migrations under the advisory lock, each in its own transaction with the
 * version bump, so an interrupted run leaves a consistent, resumable state. Returns the versions
 * applied (empty when the ledger was up to date).
 */
export async function migratePg(
  client: pg.ClientBase,
  migrations: readonly string[],
  where: string,
  schema: string,
): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".meta (key text PRIMARY KEY, value text NOT NULL)`,
    );
    const from = await pgSchemaVersion(client, schema);
    checkNotNewer(from, migrations.length, where);
    const applied: number[] = [];
    for (let v = from + 1; v <= migrations.length; v++) {
      await client.query('BEGIN');
      try {
        // Unqualified names in a migration land in `schema` (the connection's search_path).
        await client.query(migrations[v - 1]!);
        await client.query(
          `INSERT INTO "${schema}".meta (key, value) VALUES ('schema_version', $1)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [String(v)],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      applied.push(v);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}

/** A read-only open needs a ledger that is already at this build's schema. */
export function checkMigrated(found: number, expected: number, where: string, origin = '--db'): void {
  if (found < expected) {
    throw new InvalidInputError(
      `ledger ${where} is not migrated (schema ${found}, expected ${expected})`,
      origin,
      { suggestion: 'open it once without read-only, e.g. with `tokenledger ingest`' },
    );
  }
}
