import { statSync } from 'node:fs';
import { errnoText, InvalidInputError, invalidValue } from '../errors.js';
import type { Ledger, OpenLedgerOptions } from './ledger.js';
import { openPgLedger } from './postgres/pg-ledger.js';
import { isPostgresUrl } from './postgres/pg-url.js';
import { SqliteLedger } from './sqlite/sqlite-ledger.js';

/**
 * Opens the ledger at a file path (SQLite) or a `postgres://` / `postgresql://` URL (PostgreSQL),
 * the one place that picks a driver. Throws InvalidInputError (exit 2) with one line for a missing,
 * foreign, newer or unreachable ledger, naming `options.origin` (default `--db`) as where it came from.
 * @example const ledger = await openLedger('tokenledger.db', { readonly: true }); … await ledger.close();
 */
export async function openLedger(pathOrUrl: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  if (isPostgresUrl(pathOrUrl)) return openPgLedger(pathOrUrl, options);
  try {
    // A folder is no ledger: SQLite would fail deep inside with EISDIR (exit 1 before).
    if (statSync(pathOrUrl, { throwIfNoEntry: false })?.isDirectory())
      throw invalidValue(
        options.origin ?? '--db',
        `${pathOrUrl} is a folder, not a ledger file`,
        'a ledger file path (created by ingest) or a postgres:// URL',
      );
    return new SqliteLedger(pathOrUrl, options);
  } catch (error) {
    // A folder that cannot be created or opened (permissions, a file in the way, a read-only
    // mount) is the user's path, not a bug: one line, exit 2.
    if (FS_CODES.has(String((error as { code?: unknown }).code)))
      throw invalidValue(
        options.origin ?? '--db',
        `cannot open ${pathOrUrl}: ${errnoText(error)}`,
        'a ledger file path in a folder you can write, or a postgres:// URL',
      );
    throw renamedOrigin(error, options.origin);
  }
}

const FS_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENOSPC']);

/** The SQLite opener names `--db`; a path from elsewhere (TOKENLEDGER_DB) gets its own origin. */
function renamedOrigin(error: unknown, origin: string | undefined): unknown {
  if (!(error instanceof InvalidInputError) || origin === undefined || error.origin !== '--db') return error;
  const message = error.message.slice('--db: '.length);
  return new InvalidInputError(message, origin, {
    ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }),
    cause: error.cause,
  });
}
