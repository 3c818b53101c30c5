import Database from 'better-sqlite3';
import { InvalidInputError } from '../../errors.js';
import type {
  AlertRecord,
  ByokBucket,
  ByokQuery,
  CalibrationQuery,
  CalibrationSample,
  Ledger,
  LedgerStats,
  ModelSeen,
  StoredInvoiceLine,
  StoredReject,
  UsageGroup,
  UsageQuery,
} from '../ledger.js';
import type { Batch, BatchResult, Checkpoint } from '../types.js';
import { BUSY_TIMEOUT_MS, isWritable, openSqliteFile } from './open-file.js';
import { ledgerStats, listRejects } from './stats.js';
import { createUsageSums } from './usage-sums.js';
import { createSqliteAppend } from './writer.js';

/** The SQLite driver of the Ledger interface: better-sqlite3 calls (synchronous) behind async methods. */
export class SqliteLedger implements Ledger {
  readonly location: string;
  readonly readonly: boolean;
  private readonly db: Database.Database;
  private appendBatch?: (batch: Batch) => BatchResult;
  private sums?: (q: UsageQuery) => UsageGroup[];

  constructor(path: string, options: { readonly?: boolean; mustExist?: boolean } = {}) {
    this.location = path;
    this.readonly = options.readonly ?? false;
    this.db = openSqliteFile(path, this.readonly, options.mustExist ?? false);
  }

  async append(batch: Batch): Promise<BatchResult> {
    if (this.readonly) throw new InvalidInputError(`ledger ${this.location} is open read-only`, '--db');
    this.appendBatch ??= createSqliteAppend(this.db);
    return this.appendBatch(batch);
  }

  async sumUsage(query: UsageQuery): Promise<UsageGroup[]> {
    this.sums ??= createUsageSums(this.db);
    return this.sums(query);
  }

  async usageSpan(): Promise<{ minMs: number; maxMs: number } | undefined> {
    // Two subqueries: SQLite reads one end of the primary key for a lone MIN or MAX, but scans the
    // whole table when both share one SELECT.
    const r = this.db
      .prepare('SELECT (SELECT MIN(bucket_ms) FROM rollup) AS lo, (SELECT MAX(bucket_ms) FROM rollup) AS hi')
      .get() as { lo: number | null; hi: number | null };
    return r.lo === null || r.hi === null ? undefined : { minMs: r.lo, maxMs: r.hi };
  }

  async hasUsage(kind: string, fromMs: number, toMs: number): Promise<boolean> {
    const sql = 'SELECT 1 FROM rollup WHERE kind = ? AND bucket_ms >= ? AND bucket_ms < ? LIMIT 1';
    return this.db.prepare(sql).get(kind, fromMs, toMs) !== undefined;
  }

  async byokRequests(q: ByokQuery): Promise<ByokBucket[]> {
    if (q.gateways.length === 0) return [];
    const sql = `SELECT bucket_ms AS bucketMs, gateway, SUM(requests) AS requests FROM rollup
      WHERE bucket_ms >= ? AND bucket_ms < ? AND kind = ? AND byok = 1
        AND gateway IN (${q.gateways.map(() => '?').join(', ')})
      GROUP BY bucket_ms, gateway ORDER BY bucket_ms, gateway`;
    return this.db.prepare(sql).all(q.fromMs, q.toMs, q.kind, ...q.gateways) as ByokBucket[];
  }

  async modelsSeen(): Promise<ModelSeen[]> {
    const sql = `SELECT model, SUM(requests) AS requests, MIN(day_ms) AS firstMs, MAX(day_ms) AS lastMs
      FROM rollup_day GROUP BY model ORDER BY model`;
    return this.db.prepare(sql).all() as ModelSeen[];
  }

  async readCheckpoint(file: string): Promise<Checkpoint | undefined> {
    const row = this.db
      .prepare(`SELECT file, size, mtime_ms AS mtimeMs, offset, line, head_hash AS headHash, format
        FROM checkpoints WHERE file = ?`)
      .get(file) as (Checkpoint & { format: string | null }) | undefined;
    if (!row) return undefined;
    const { format, ...rest } = row;
    return format === null ? rest : { ...rest, format };
  }

  async listRejects(limit = 100): Promise<StoredReject[]> {
    return listRejects(this.db, limit);
  }

  async invoiceLines(range: { fromMs?: number; toMs?: number } = {}): Promise<StoredInvoiceLine[]> {
    const sql = `SELECT key, start_ms AS startMs, end_ms AS endMs, amount_nano AS amountNano, currency,
        line_item AS lineItem, project, format, source_file AS sourceFile, source_line AS sourceLine
      FROM invoices WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, key`;
    const rows = this.db
      .prepare(sql)
      .safeIntegers(true)
      .all(range.fromMs ?? Number.MIN_SAFE_INTEGER, range.toMs ?? Number.MAX_SAFE_INTEGER) as Record<
      string,
      unknown
    >[];
    const num = (v: unknown) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      key: r.key as string,
      startMs: Number(r.startMs),
      endMs: num(r.endMs),
      amountNano: BigInt(r.amountNano as bigint),
      currency: r.currency as string,
      lineItem: r.lineItem as string | null,
      project: r.project as string | null,
      format: r.format as string,
      sourceFile: r.sourceFile as string | null,
      sourceLine: num(r.sourceLine),
    }));
  }

  async alertKeys(budget: string, period: string): Promise<string[]> {
    const sql = 'SELECT threshold FROM alert_state WHERE budget = ? AND period = ? ORDER BY threshold';
    return this.db.prepare(sql).pluck().all(budget, period) as string[];
  }

  async recordAlerts(alerts: readonly AlertRecord[]): Promise<boolean> {
    // Opened read-only for its data (budget check): alert state is still written when the file
    // allows it, through a short-lived connection of its own.
    if (this.readonly && (this.location === ':memory:' || !isWritable(this.location))) return false;
    const db = this.readonly ? new Database(this.location, { timeout: BUSY_TIMEOUT_MS }) : this.db;
    try {
      const insert = db.prepare(
        'INSERT OR IGNORE INTO alert_state (budget, period, threshold, crossed_at_ms) VALUES (?, ?, ?, ?)',
      );
      db.transaction(() => {
        for (const a of alerts) insert.run(a.budget, a.period, a.key, a.atMs);
      }).immediate();
      return true;
    } catch (error) {
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) return false;
      throw error;
    } finally {
      if (db !== this.db) db.close();
    }
  }

  async calibrationSamples(q: CalibrationQuery): Promise<CalibrationSample[]> {
    if (q.models.length === 0) return [];
    const sql = `SELECT output_tokens AS output, reasoning_tokens AS reasoning FROM events
      WHERE model IN (${q.models.map(() => '?').join(', ')}) AND effort IS ? AND kind = 'request'
        AND billed = 1 AND output_tokens > 0
      ORDER BY ts_ms DESC LIMIT ?`;
    return this.db.prepare(sql).all(...q.models, q.effort ?? null, q.limit) as CalibrationSample[];
  }

  async stats(): Promise<LedgerStats> {
    return ledgerStats(this.db);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.readonly && this.location !== ':memory:') {
      // Back to a rollback journal when no one else has the file open, so the file can be read
      // in place from a read-only folder (a CI artifact, a shared mount): a WAL file needs its
      // -shm beside it. Busy (another connection) → it stays in WAL mode; the next close tries again.
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // another process has it open: harmless
      }
    }
    this.db.close();
  }
}
