import pg from 'pg';
import { InvalidInputError, TokenledgerError } from '../../errors.js';
import { describeTarget, maskUrl, type PgTarget, parsePgUrl } from './pg-url.js';

/** The schema that holds tokenledger's tables, so a database shared with other programs is left alone. */
export const PG_SCHEMA = 'tokenledger';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** numeric → BigInt; only sums of integers are ever read, so a fraction is a bug, not a rounding. */
function parseNumeric(text: string): bigint {
  if (!/^-?\d+$/.test(text))
    throw new TokenledgerError('internal', `unexpected non-integral numeric ${text}`);
  return BigInt(text);
}

/**
 * Per-pool type parsers: int8 (BIGINT, COUNT) and numeric (SUM of BIGINT) come back as BigInt, so
 * nano-dollar money and token sums never pass through a JS float. The driver converts token counts
 * and times to numbers itself, where they are known to fit.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (text: string) => BigInt(text);
    if (oid === NUMERIC_OID) return parseNumeric;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

export interface PgConnectOptions {
  /** Every transaction read-only (report, budget check, reconcile). */
  readonly?: boolean;
  /** Pool size (default 4): reports may run a few range queries at once. */
  max?: number;
  /** The schema holding the tables (default PG_SCHEMA). */
  schema?: string;
  /** Where the URL came from, for error messages (default `--db`). */
  origin?: string;
}

/**
 * Opens a connection pool to a PostgreSQL ledger and checks that a login works. A server that is
 * down, unreachable or refuses the login is a usage error (exit 2) in one line naming host, port,
 * database and the server's reason; the password never appears.
 */
export async function connectPg(url: string, options: PgConnectOptions = {}): Promise<pg.Pool> {
  const origin = options.origin ?? '--db';
  const target = parsePgUrl(url, origin);
  // work_mem: a report groups a month of rollup rows; 4 MB (the default) makes PostgreSQL sort them
  // on disk where a hash in memory is 3x faster (postgres bench, ingested data: 424 ms → see README).
  const settings = [`-c search_path=${options.schema ?? PG_SCHEMA}`, '-c work_mem=64MB'];
  if (options.readonly) settings.push('-c default_transaction_read_only=on');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: 10_000,
    application_name: 'tokenledger',
    options: settings.join(' '),
    types,
  });
  // An idle connection dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor may a checked-out one whose socket fails between queries (a server shut down mid-ingest): the
  // failing or next query rejects with the reason, which the ledger turns into its one-line error.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw connectionError(target, error, origin);
  }
  return pool;
}

/** The one-line "cannot connect" error for a failed login or an unreachable server. */
export function connectionError(target: PgTarget, error: unknown, origin = '--db'): InvalidInputError {
  return new InvalidInputError(
    `cannot connect to the PostgreSQL ledger at ${describeTarget(target)}: ${reasonOf(error)}`,
    origin,
  );
}

/**
 * Whether an error means the server went away mid-run (shut down, crashed, network cut) rather than
 * a bug: SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot
 * connect now), a socket error, or node-postgres's own "Connection terminated".
 */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || /^57P0[123]$/.test(code) || code in NETWORK_REASONS || code === 'EPIPE')
    return true;
  return (
    typeof e.message === 'string' && /Connection terminated|not queryable|connection error/i.test(e.message)
  );
}

/** The one-line error for a server lost mid-run (exit 2, as for a server that is down at the start). */
export function lostConnectionError(target: PgTarget, error: unknown, origin = '--db'): InvalidInputError {
  return new InvalidInputError(
    `lost the connection to the PostgreSQL ledger at ${describeTarget(target)}: ${reasonOf(error)}`,
    origin,
    { suggestion: 'check the server; what was committed stays, and running the command again resumes' },
  );
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening there?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset by the server',
};

/** The server's or the network's reason, on one line, with any URL in it masked. */
function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[] };
  // Node reports "localhost" tried on ::1 and 127.0.0.1 as an AggregateError with an empty message.
  const inner = Array.isArray(e.errors) && e.errors.length > 0 ? (e.errors[0] as typeof e) : e;
  const code = typeof inner.code === 'string' ? inner.code : typeof e.code === 'string' ? e.code : '';
  const known = NETWORK_REASONS[code];
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(inner.message ?? '');
  const reason = known ?? (message || code || String(error));
  return maskUrl(reason.replace(/\s+/g, ' ').trim());
}
