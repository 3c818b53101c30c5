import type pg from 'pg';
import { InvalidInputError, TokenledgerError } from '../../errors.js';
import type { AlertRecord, Ledger, OpenLedgerOptions } from '../ledger.js';
import type { Batch, EntityName } from '../types.js';
import { appendBatch } from './pg-append.js';
import { connectPg, isConnectionLoss, lostConnectionError, PG_SCHEMA } from './pg-connect.js';
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
  const origin = options.origin ?? '--db';
  const target = parsePgUrl(url, origin);
  const pool = await connectPg(url, { readonly, schema, origin });
  try {
    const client = await pool.connect();
    try {
      const found = await pgSchemaVersion(client, schema);
      checkNotNewer(found, PG_SCHEMA_VERSION, location);
      if (found === 0 && (readonly || options.mustExist)) {
        throw new InvalidInputError(
          `no tokenledger ledger in the PostgreSQL database at ${describeTarget(target)}`,
          origin,
          { suggestion: 'run `tokenledger ingest FILE...` with this --db first' },
        );
      }
      if (readonly) checkMigrated(found, PG_SCHEMA_VERSION, location, origin);
      else await migratePg(client, PG_MIGRATIONS, location, schema);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw isConnectionLoss(error) ? lostConnectionError(target, error, origin) : error;
  }
  return new PgLedger(pool, location, readonly, schema, (error) =>
    isConnectionLoss(error) ? lostConnectionError(target, error, origin) : error,
  );
}

export interface PgLedgerOptions extends OpenLedgerOptions {
  /** The schema holding the ledger's tables (default `tokenledger`); tests keep many ledgers in one database. */
  schema?: string;
}

/** Events appended through one open ledger after which close() refreshes the planner's statistics. */
const ANALYZE_AFTER = 10_000;

/**
 * The Ledger on PostgreSQL: every method is one or a few statements on a small pool. A server lost
 * mid-run (shut down, crashed) surfaces as a one-line usage error (exit 2), as at connect time.
 */
class PgLedger implements Ledger {
  private appended = 0;

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    readonly readonly: boolean,
    private readonly schema: string,
    private readonly translate: (error: unknown) => unknown,
  ) {}

  /** Runs one ledger call, turning a lost connection into its one-line error. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.translate(error);
    }
  }

  async append(batch: Batch) {
    if (this.readonly) throw new TokenledgerError('internal', `ledger ${this.location} is open read-only`);
    const result = await this.guard(() => inTransaction(this.pool, (client) => appendBatch(client, batch)));
    this.appended += result.inserted + result.updated + result.replaced;
    return result;
  }

  sumUsage = (query: Parameters<Ledger['sumUsage']>[0]) => this.guard(() => sumUsage(this.pool, query));
  usageSpan = () => this.guard(() => usageSpan(this.pool));
  hasUsage = (kind: string, fromMs: number, toMs: number) =>
    this.guard(() => hasUsage(this.pool, kind, fromMs, toMs));
  byokRequests = (query: Parameters<Ledger['byokRequests']>[0]) =>
    this.guard(() => byokRequests(this.pool, query));
  modelsSeen = () => this.guard(() => reads.modelsSeen(this.pool));
  readCheckpoint = (file: string) => this.guard(() => reads.readCheckpoint(this.pool, file));
  listRejects = (limit?: number) => this.guard(() => reads.listRejects(this.pool, limit));
  invoiceLines = (range?: { fromMs?: number; toMs?: number }) =>
    this.guard(() => reads.invoiceLines(this.pool, range));
  alertKeys = (budget: string, period: string) =>
    this.guard(() => reads.alertKeys(this.pool, budget, period));
  calibrationSamples = (query: Parameters<Ledger['calibrationSamples']>[0]) =>
    this.guard(() => reads.calibrationSamples(this.pool, query));
  stats = () => this.guard(() => pgStats(this.pool, this.schema));
  syncCursor = (source: string) => this.guard(() => reads.syncCursor(this.pool, source));
  entityNames = () => this.guard(() => reads.entityNames(this.pool));

  async putNames(names: readonly EntityName[]): Promise<void> {
    if (this.readonly) throw new TokenledgerError('internal', `ledger ${this.location} is open read-only`);
    if (names.length === 0) return;
    await this.guard(() =>
      this.pool.query(
        `INSERT INTO "entity_names" ("kind", "id", "name", "updated_ms")
        SELECT DISTINCT ON (k, i) k, i, n, $4::bigint FROM unnest($1::text[], $2::text[], $3::text[])
          WITH ORDINALITY AS t(k, i, n, o) ORDER BY k, i, o DESC
      ON CONFLICT ("kind", "id") DO UPDATE SET "name" = excluded."name", "updated_ms" = excluded."updated_ms"`,
        [names.map((n) => n.kind), names.map((n) => n.id), names.map((n) => n.name), Date.now()],
      ),
    );
  }

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
      throw this.translate(error);
    }
  }

  /**
   * After a big append the planner's row counts are stale until autovacuum's next ANALYZE (up to a
   * minute later); the first report would then sort a month of rollup rows on disk (postgres bench:
   * 424 ms instead of ~60). So a writer that appended many events refreshes them on close.
   */
  async close(): Promise<void> {
    if (this.appended >= ANALYZE_AFTER) {
      this.appended = 0;
      await this.pool.query('ANALYZE "events", "rollup", "rollup_day", "rollup_day_narrow"').catch(() => {});
    }
    await this.pool.end().catch(() => {});
  }
}
