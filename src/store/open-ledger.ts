import type { Ledger, OpenLedgerOptions } from './ledger.js';
import { openPgLedger } from './postgres/pg-ledger.js';
import { isPostgresUrl } from './postgres/pg-url.js';
import { SqliteLedger } from './sqlite/sqlite-ledger.js';

/**
 * Opens the ledger at a file path (SQLite) or a `postgres://` / `postgresql://` URL (PostgreSQL),
 * the one place that picks a driver. Throws InvalidInputError (exit 2) with one line for a missing,
 * foreign, newer or unreachable ledger.
 * @example const ledger = await openLedger('tokenledger.db', { readonly: true }); … await ledger.close();
 */
export async function openLedger(pathOrUrl: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  if (isPostgresUrl(pathOrUrl)) return openPgLedger(pathOrUrl, options);
  return new SqliteLedger(pathOrUrl, options);
}
