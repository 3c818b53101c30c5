/**
 * `postgres` bench: N seeded Responses-API JSONL lines ingested into a PostgreSQL ledger by
 * tokenledger (in a child process, as the ingest section does) against a naive `pg` loop — readline,
 * JSON.parse, one awaited INSERT per row inside 5,000-row transactions — into a similar table on
 * the same server. Then the monthly report (model × project, August 2026) against a plain GROUP BY
 * over the raw events, on 500,000 events of the report section's 60 workloads appended through the
 * Ledger, and on the ingested data (see postgres-report.ts). The server: TOKENLEDGER_BENCH_PG_URL
 * or TOKENLEDGER_TEST_PG_URL, else one started here with scripts/pg-local.sh (and removed after);
 * with no PostgreSQL at all the section is skipped with a note.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  eachResponse,
  NAIVE_COLUMNS,
  naiveValues,
  perSecond,
  round1,
  round2,
  runIngestChild,
  timed,
} from './ingest-common.js';
import { writeResponsesJsonl } from './ingest-data.js';
import type { BenchSection } from './main.js';
import { appendWorkloads, monthlyReport, plainMonthlyReport } from './postgres-report.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

export const postgresBench: BenchSection = async ({ quick, tmpDir: benchTmp }) => {
  const server = startServer();
  if (!server) {
    process.stdout.write(
      '  skipped: no PostgreSQL server (set TOKENLEDGER_BENCH_PG_URL, or install postgresql)\n',
    );
    return {};
  }
  const n = quick ? 20_000 : 200_000;
  const reportEvents = quick ? 20_000 : 500_000;
  const tmpDir = join(benchTmp, 'postgres');
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, 'postgres-bench.jsonl');
  const databases: string[] = [];
  try {
    const ledgerUrl = await freshDatabase(server.url, 'bench_ledger', databases);
    const reportUrl = await freshDatabase(server.url, 'bench_report', databases);
    const naiveUrl = await freshDatabase(server.url, 'bench_naive', databases);
    const bytes = await writeResponsesJsonl(file, n, 20260801);
    // The VM's 2 cores are shared: the load beside the figures says how far wall times can be trusted.
    const loadBefore = loadavg()[0]!;
    process.stdout.write(`  generated ${n} lines (${(bytes / 1048576).toFixed(0)} MB)${server.note}\n`);
    const ours = runIngestChild(ledgerUrl, file);
    const naive = await timed(() => naiveIngest(file, naiveUrl));
    if (ours.records !== n || naive.value !== n) {
      throw new Error(
        `record counts differ: tokenledger ${ours.records}, naive ${naive.value}, expected ${n}`,
      );
    }
    // The month's report on bounded workloads (as the report section), then on the ingested data.
    const appendPerS = await appendWorkloads(reportUrl, reportEvents);
    const report = await monthlyReport(reportUrl);
    const plain = await plainMonthlyReport(reportUrl, report.totals);
    const worst = await monthlyReport(ledgerUrl);
    const worstPlain = await plainMonthlyReport(ledgerUrl, worst.totals);
    const perS = perSecond;
    return {
      records: n,
      records_per_s: perS(n, ours.ms),
      naive_records_per_s: perS(n, naive.ms),
      vs_naive: round2(naive.ms / ours.ms),
      peak_rss_mb: Math.round(ours.peak_rss_mb),
      report_events: report.totals.requests,
      report_append_records_per_s: appendPerS,
      report_ms: round1(report.ms),
      report_first_ms: round1(report.firstMs),
      plain_group_by_ms: round1(plain.ms),
      report_speedup: Math.round((plain.ms / report.ms) * 10) / 10,
      ingested_report_ms: round1(worst.ms),
      ingested_plain_group_by_ms: round1(worstPlain.ms),
      ingested_report_speedup: round2(worstPlain.ms / worst.ms),
      load_average_1m: round1(Math.max(loadBefore, loadavg()[0]!)),
    };
  } finally {
    await dropDatabases(server.url, databases).catch(() => {});
    server.stop();
    rmSync(tmpDir, { recursive: true, force: true });
  }
};

interface Server {
  url: string;
  note: string;
  stop(): void;
}

/** A server URL from the environment, or a throwaway server started with scripts/pg-local.sh. */
function startServer(): Server | undefined {
  const given = process.env.TOKENLEDGER_BENCH_PG_URL || process.env.TOKENLEDGER_TEST_PG_URL;
  if (given) return { url: given, note: '', stop: () => {} };
  const script = join(root, 'scripts', 'pg-local.sh');
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-pg-'));
  const started = spawnSync('bash', [script, 'start', dir], { encoding: 'utf8' });
  if (started.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: started.stdout.trim().split('\n').pop()!,
    note: ', on a server started by scripts/pg-local.sh',
    stop: () => spawnSync('bash', [script, 'stop', dir]),
  };
}

async function admin<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(url: string, prefix: string, made: string[]): Promise<string> {
  const name = `${prefix}_${process.pid}`;
  await admin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  made.push(name);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabases(url: string, names: readonly string[]): Promise<void> {
  await admin(url, async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** The naive baseline a user might write with `pg`: one awaited INSERT per row, 5,000 rows per transaction. */
async function naiveIngest(file: string, url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE events (key text PRIMARY KEY, ts_ms bigint, model text, tier text,
      effort text, input_tokens bigint, cached_input_tokens bigint, output_tokens bigint,
      reasoning_tokens bigint, project text, tags text)`);
    const insert = {
      name: 'insert-event',
      text: `INSERT INTO events (${NAIVE_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING`,
    };
    let count = 0;
    let open = false;
    await eachResponse(file, async (r) => {
      if (!open) {
        await client.query('BEGIN');
        open = true;
      }
      await client.query({ ...insert, values: naiveValues(r) });
      count++;
      if (count % 5000 === 0) {
        await client.query('COMMIT');
        open = false;
      }
    });
    if (open) await client.query('COMMIT');
    return count;
  } finally {
    await client.end();
  }
}
