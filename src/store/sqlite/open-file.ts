import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidInputError, TokenledgerError } from '../../errors.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';

/** Busy timeout: a second writer waits this long for the lock before failing (two ingests at once). */
export const BUSY_TIMEOUT_MS = 10_000;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Opens a SQLite ledger file. Nothing is written before the file is known to be a tokenledger
 * ledger (or new): another program's SQLite file, or any other file, is refused (exit 2) and left
 * byte-for-byte untouched — no tables, no WAL switch. A ledger of a newer schema is refused.
 * Read-only: nothing is created or written; an older ledger is migrated first only when the file
 * is writable. Writable: WAL journal, busy timeout 10 s, synchronous=NORMAL, then migrations.
 */
export function openSqliteFile(path: string, readonly: boolean, mustExist: boolean): Database.Database {
  const memory = path === ':memory:';
  const size = memory || !existsSync(path) ? -1 : statSync(path).size;
  if (size < 0 && !memory && (readonly || mustExist)) {
    throw new InvalidInputError(`ledger database not found: ${path}`, '--db', {
      suggestion: 'run `tokenledger ingest FILE...` first, or pass --db PATH',
    });
  }
  if (size > 0) checkIsOurs(path, size);
  if (readonly) {
    if (size === 0) throw notALedger(path, 'the file is empty');
    let found = probeVersion(path);
    if (found < SCHEMA_VERSION && isWritable(path)) {
      const db = openWritable(path);
      db.close();
      found = SCHEMA_VERSION;
    }
    if (found < SCHEMA_VERSION) {
      throw new InvalidInputError(
        `ledger ${path} is from an older tokenledger (schema ${found}, expected ${SCHEMA_VERSION}) and the file is read-only`,
        '--db',
        { suggestion: 'run any `tokenledger ingest` on a writable copy once to migrate it' },
      );
    }
    return openReadonly(path);
  }
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  return openWritable(path);
}

/** Refuses a file that is not SQLite, or a SQLite database without tokenledger's tables, or a newer ledger. */
function checkIsOurs(path: string, size: number): void {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || head.toString('latin1') !== SQLITE_MAGIC) throw notALedger(path, 'not a SQLite database');
  probeVersion(path);
}

/** Reads the schema version through a read-only connection; throws for foreign or newer databases. */
function probeVersion(path: string): number {
  const db = openReadonly(path);
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    if (tables.length === 0) return 0;
    if (!tables.includes('meta') || !tables.includes('events')) {
      throw notALedger(path, `another program's SQLite database (tables: ${tables.slice(0, 5).join(', ')})`);
    }
    const found = schemaVersion(db);
    if (found > SCHEMA_VERSION) {
      throw new TokenledgerError(
        'invalid_input',
        `ledger ${path} has schema version ${found}, newer than this tokenledger understands (${SCHEMA_VERSION})`,
        { suggestion: 'upgrade tokenledger' },
      );
    }
    return found;
  } finally {
    db.close();
  }
}

/**
 * A read-only connection. A WAL-mode file in a read-only folder cannot be opened in place (SQLite
 * needs its -shm file): it is then read into memory (header patched to rollback mode), which is
 * what a ledger left by an older build on a read-only mount needs. Ledgers closed by this build
 * are in rollback mode (see SqliteLedger.close) and open in place.
 */
function openReadonly(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return db;
  } catch (cause) {
    db?.close();
    const code = String((cause as { code?: unknown }).code);
    if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN'))
      throw unusable(path, cause);
    const image = readFileSync(path);
    image[18] = 1; // file format read/write versions: 2 = WAL, 1 = rollback journal
    image[19] = 1;
    try {
      return new Database(image, { readonly: true });
    } catch (again) {
      throw unusable(path, again);
    }
  }
}

function openWritable(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (cause) {
    throw unusable(path, cause);
  }
  try {
    // Only takes effect on a new (empty) database: fewer, fuller pages for bulk ingest.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768'); // 32 MiB page cache: bulk inserts touch the key index at random
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof TokenledgerError) throw error;
    throw unusable(path, error);
  }
}

/** Whether this process may write the file and create its journal beside it. */
export function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function notALedger(path: string, why: string): InvalidInputError {
  return new InvalidInputError(`${path} is not a tokenledger ledger: ${why}; left untouched`, '--db', {
    suggestion: 'pass --db with a new file name or an existing tokenledger ledger',
  });
}

function unusable(path: string, cause: unknown): InvalidInputError {
  return new InvalidInputError(`cannot open ledger database ${path}: ${(cause as Error).message}`, '--db', {
    cause,
  });
}
