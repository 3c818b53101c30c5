import { InvalidInputError } from '../errors.js';
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
    return new SqliteLedger(pathOrUrl, options);
  } catch (error) {
    throw renamedOrigin(error, options.origin);
  }
}

/** The SQLite opener names `--db`; a path from elsewhere (TOKENLEDGER_DB) gets its own origin. */
function renamedOrigin(error: unknown, origin: string | undefined): unknown {
  if (!(error instanceof InvalidInputError) || origin === undefined || error.origin !== '--db') return error;
  const message = error.message.slice('--db: '.length);
  return new InvalidInputError(message, origin, {
    ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }),
    cause: error.cause,
  });
}
