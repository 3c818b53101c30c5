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
}

/**
 * Opens a connection pool to a PostgreSQL ledger and checks that a login works. A server that is
 * down, unreachable or refuses the login is a usage error (exit 2) in one line naming host, port,
 * database and the server's reason; the password never appears.
 */
export async function connectPg(url: string, options: PgConnectOptions = {}): Promise<pg.Pool> {
  const target = parsePgUrl(url);
  const settings = [`-c search_path=${options.schema ?? PG_SCHEMA}`];
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
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw connectionError(target, error);
  }
  return pool;
}

/** The one-line "cannot connect" error for a failed login or an unreachable server. */
export function connectionError(target: PgTarget, error: unknown): InvalidInputError {
  return new InvalidInputError(
    `cannot connect to the PostgreSQL ledger at ${describeTarget(target)}: ${reasonOf(error)}`,
    '--db',
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
