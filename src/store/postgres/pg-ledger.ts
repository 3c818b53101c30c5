import type pg from 'pg';
import { InvalidInputError, TokenledgerError } from '../../errors.js';
import type { AlertRecord, Ledger, OpenLedgerOptions } from '../ledger.js';
import type { Batch } from '../types.js';
import { appendBatch } from './pg-append.js';
import { connectPg, PG_SCHEMA } from './pg-connect.js';
import { checkMigrated, checkNotNewer, migratePg, pgSchemaVersion } from './pg-migrate.js';
import * as reads from './pg-reads.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pg-schema.js';
import { pgStats } from './pg-stats.js';
import { inTransaction } from './pg-transaction.js';
import { byokRequests, hasUsage, sumUsage, usageSpan } from './pg-usage.js';
import { describeTarget, maskUrl, parsePgUrl } from './pg-url.js';

/**
 * Opens a PostgreSQL ledger: connects (a server that is down or refuses the login is exit 2 in one
 * line), then migrates it under an advisory lock, or, read-only, checks it is at this build's schema.
 * Tables live in the `tokenledger` schema of the database. `location` is the URL, password masked.
 * @example const ledger = await openPgLedger('postgres://me@db/ledger'); … await ledger.close();
 */
export async function openPgLedger(url: string, options: PgLedgerOptions = {}): Promise<Ledger> {
  const readonly = options.readonly ?? false;
  const location = maskUrl(url);
  const schema = options.schema ?? PG_SCHEMA;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TokenledgerError('internal', `bad schema name ${schema}`);
  const pool = await connectPg(url, { readonly, schema });
  try {
    const client = await pool.connect();
    try {
      const found = await pgSchemaVersion(client, schema);
      checkNotNewer(found, PG_SCHEMA_VERSION, location);
      if (found === 0 && (readonly || options.mustExist)) {
        throw new InvalidInputError(
          `no tokenledger ledger in the PostgreSQL database at ${describeTarget(parsePgUrl(url))}`,
          '--db',
          { suggestion: 'run `tokenledger ingest FILE...` with this --db first' },
        );
      }
      if (readonly) checkMigrated(found, PG_SCHEMA_VERSION, location);
      else await migratePg(client, PG_MIGRATIONS, location, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return new PgLedger(pool, location, readonly, schema);
}

export interface PgLedgerOptions extends OpenLedgerOptions {
  /** The schema holding the ledger's tables (default `tokenledger`); tests keep many ledgers in one database. */
  schema?: string;
}

/** The Ledger on PostgreSQL: every method is one or a few statements on a small pool. */
class PgLedger implements Ledger {
  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    readonly readonly: boolean,
    private readonly schema: string,
  ) {}

  async append(batch: Batch) {
    if (this.readonly) throw new TokenledgerError('internal', `ledger ${this.location} is open read-only`);
    return inTransaction(this.pool, (client) => appendBatch(client, batch));
  }

  sumUsage = (query: Parameters<Ledger['sumUsage']>[0]) => sumUsage(this.pool, query);
  usageSpan = () => usageSpan(this.pool);
  hasUsage = (kind: string, fromMs: number, toMs: number) => hasUsage(this.pool, kind, fromMs, toMs);
  byokRequests = (query: Parameters<Ledger['byokRequests']>[0]) => byokRequests(this.pool, query);
  modelsSeen = () => reads.modelsSeen(this.pool);
  readCheckpoint = (file: string) => reads.readCheckpoint(this.pool, file);
  listRejects = (limit?: number) => reads.listRejects(this.pool, limit);
  invoiceLines = (range?: { fromMs?: number; toMs?: number }) => reads.invoiceLines(this.pool, range);
  alertKeys = (budget: string, period: string) => reads.alertKeys(this.pool, budget, period);
  calibrationSamples = (query: Parameters<Ledger['calibrationSamples']>[0]) =>
    reads.calibrationSamples(this.pool, query);
  stats = () => pgStats(this.pool, this.schema);

  /**
   * Alert state is written even through a read-only open (budget check) when the login may write:
   * an explicit READ WRITE transaction overrides the connection's read-only default. A login that
   * cannot write (a read-only role, a hot standby) gets false and nothing is written.
   */
  async recordAlerts(alerts: readonly AlertRecord[]): Promise<boolean> {
    const insert = (client: pg.PoolClient) =>
      client.query(
        `INSERT INTO "alert_state" ("budget", "period", "key", "crossed_at_ms")
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT DO NOTHING`,
        [
          alerts.map((a) => a.budget),
          alerts.map((a) => a.period),
          alerts.map((a) => a.key),
          alerts.map((a) => a.atMs),
        ],
      );
    try {
      await inTransaction(this.pool, insert, 'BEGIN READ WRITE');
      return true;
    } catch (error) {
      // 25006 read_only_sql_transaction (standby), 42501 insufficient_privilege (read-only role)
      const code = (error as { code?: unknown }).code;
      if (code === '25006' || code === '42501') return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
