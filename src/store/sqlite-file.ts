import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidInputError, TokenledgerError } from '../errors.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';

/** An open SQLite ledger file (the driver's handle; never leaves store/). */
export interface SqliteFile {
  readonly db: import('better-sqlite3').Database;
  readonly path: string;
  close(): void;
}

export interface OpenSqliteOptions {
  /** Open read-only (no migration; the database must exist). */
  readonly?: boolean;
  /** Fail with exit 2 instead of creating a missing database. */
  mustExist?: boolean;
}

/** Busy timeout: a second writer waits this long for the lock before failing (two ingests at once). */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating if needed) and migrates the ledger: WAL journal, busy timeout 10 s,
 * synchronous=NORMAL (durable at each WAL checkpoint, never corrupt), foreign keys on.
 * @example const ledger = openSqliteFile('tokenledger.db'); … ledger.close();
 */
export function openSqliteFile(path: string, options: OpenSqliteOptions = {}): SqliteFile {
  const readonly = options.readonly ?? false;
  if ((readonly || options.mustExist) && path !== ':memory:' && !existsSync(path)) {
    throw new InvalidInputError(`ledger database not found: ${path}`, '--db', {
      suggestion: 'run `tokenledger ingest FILE...` first, or pass --db PATH',
    });
  }
  if (!readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: import('better-sqlite3').Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw new InvalidInputError(`cannot open ledger database ${path}: ${(cause as Error).message}`, '--db', {
      cause,
    });
  }
  try {
    if (!readonly) {
      // Only takes effect on a new (empty) database: fewer, fuller pages for bulk ingest.
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768'); // 32 MiB page cache: bulk inserts touch the key index at random
    db.pragma('temp_store = MEMORY');
    const found = schemaVersion(db);
    if (found > SCHEMA_VERSION) {
      throw new TokenledgerError(
        'invalid_input',
        `ledger ${path} has schema version ${found}, newer than this tokenledger understands (${SCHEMA_VERSION})`,
        { suggestion: 'upgrade tokenledger' },
      );
    }
    if (!readonly) migrate(db);
    else if (found < SCHEMA_VERSION) {
      throw new InvalidInputError(
        `ledger ${path} is not migrated (schema ${found}, expected ${SCHEMA_VERSION})`,
        '--db',
        {
          suggestion: 'open it once without read-only, e.g. with `tokenledger ingest`',
        },
      );
    }
  } catch (error) {
    db.close();
    if (error instanceof TokenledgerError) throw error;
    throw new InvalidInputError(
      `${path} is not a usable tokenledger database: ${(error as Error).message}`,
      '--db',
      {
        cause: error,
      },
    );
  }
  return { db, path, close: () => db.close() };
}
