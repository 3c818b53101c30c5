import { InvalidInputError } from '../../errors.js';

/** True when `--db` names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * The URL with any password replaced by `***` (in the user-info part and a `password=` query
 * parameter), for every message that names a database. Works on text that is not a valid URL too.
 * @example maskUrl('postgres://me:s3cret@db:5432/ledger') // 'postgres://me:***@db:5432/ledger'
 */
export function maskUrl(url: string): string {
  return url
    .replace(/^(postgres(?:ql)?:\/\/[^:/?#@]*:)[^@/?#]*@/i, '$1***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/** Where a PostgreSQL URL points, for error messages (never the password). */
export interface PgTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/**
 * Reads host, port, database and user from a PostgreSQL URL with libpq's defaults (localhost,
 * 5432, database = user). A malformed URL is a usage error that quotes it masked.
 */
export function parsePgUrl(url: string, origin = '--db'): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidInputError(`not a valid PostgreSQL URL: ${maskUrl(url)}`, origin, {
      suggestion: 'use postgres://USER:PASSWORD@HOST:PORT/DATABASE',
    });
  }
  const query = u.searchParams;
  const user = decodeURIComponent(u.username) || query.get('user') || process.env.PGUSER || 'postgres';
  const host = query.get('host') || decodeURIComponent(u.hostname) || 'localhost';
  const port = Number(query.get('port') || u.port || 5432);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
  return { host, port, database, user };
}

/** "host:port, database "name"" for one-line messages. */
export function describeTarget(t: PgTarget): string {
  return `${t.host}:${t.port}, database "${t.database}"`;
}
