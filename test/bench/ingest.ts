/**
 * `ingest` bench: N seeded Responses-API JSONL lines; tokenledger's ingestFiles (in a child process,
 * for an honest peak RSS) against (a) a naive loop — readline, JSON.parse, one prepared INSERT per
 * row inside 5,000-row transactions — and (b) the JSON.parse-only floor over the same file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  eachResponse,
  NAIVE_COLUMNS,
  naiveValues,
  perSecond,
  round2,
  runIngestChild,
  timed,
} from './ingest-common.js';
import { writeResponsesJsonl } from './ingest-data.js';
import type { BenchSection } from './main.js';

export const ingestBench: BenchSection = async ({ quick, tmpDir: benchTmp }) => {
  const n = quick ? 50_000 : 1_000_000;
  // Our own folder: other sections share the bench tmp dir and may run at the same time.
  const tmpDir = join(benchTmp, 'ingest');
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  const file = join(tmpDir, 'ingest-bench.jsonl');
  try {
    const bytes = await writeResponsesJsonl(file, n, 20260801);
    process.stdout.write(`  generated ${n} lines (${(bytes / 1048576).toFixed(0)} MB)\n`);
    // Each timed run starts with nothing of the previous step left to write back to disk (an fsync
    // in one run would otherwise pay for the previous step's dirty pages). tokenledger runs before
    // the naive loop: right after that 1M-row SQLite job a fresh process measured ~20% slower on
    // this VM, while the naive figure is the same in either order (measured both ways).
    flushToDisk(file);
    const floor = await timed(() => parseFloor(file));
    const ours = runIngestChild(join(tmpDir, 'tokenledger.db'), file);
    const naive = await timed(() => naiveIngest(file, join(tmpDir, 'naive.db')));
    if (ours.records !== n || floor.value !== n || naive.value !== n) {
      throw new Error(
        `record counts differ: tokenledger ${ours.records}, naive ${naive.value}, floor ${floor.value}`,
      );
    }
    const perS = perSecond;
    const oursPerS = perS(ours.records, ours.ms);
    return {
      records: n,
      records_per_s: oursPerS,
      naive_records_per_s: perS(n, naive.ms),
      parse_floor_records_per_s: perS(n, floor.ms),
      vs_naive: round2(oursPerS / perS(n, naive.ms)),
      vs_parse_floor: round2(oursPerS / perS(n, floor.ms)),
      peak_rss_mb: Math.round(ours.peak_rss_mb),
      // CPU µs per record (tokenledger: both threads): comparable across runs on a busy machine.
      cpu_us_per_record: round2((ours.cpu_ms * 1000) / n),
      naive_cpu_us_per_record: round2((naive.cpuMs * 1000) / n),
      parse_floor_cpu_us_per_record: round2((floor.cpuMs * 1000) / n),
      // Other processes share this machine: the 1-minute load average when the section ended.
      load_average: round2(loadavg()[0]!),
    };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
};

function flushToDisk(path: string): void {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The floor: read lines and JSON.parse them, nothing else. */
async function parseFloor(file: string): Promise<number> {
  let count = 0;
  await eachResponse(file, (r) => {
    if (r.usage !== undefined) count++;
  });
  return count;
}

/** The naive baseline a user might write: one INSERT per row into a similar table, 5,000 per transaction. */
async function naiveIngest(file: string, dbPath: string): Promise<number> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE events (key TEXT PRIMARY KEY, ts_ms INTEGER, model TEXT, tier TEXT, effort TEXT,
    input_tokens INTEGER, cached_input_tokens INTEGER, output_tokens INTEGER, reasoning_tokens INTEGER,
    project TEXT, tags TEXT)`);
  const insert = db.prepare(`INSERT OR IGNORE INTO events (${NAIVE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
  const flush = db.transaction((batch: unknown[][]) => {
    for (const values of batch) insert.run(values);
  });
  let rows: unknown[][] = [];
  let count = 0;
  await eachResponse(file, (r) => {
    rows.push(naiveValues(r));
    count++;
    if (rows.length === 5000) {
      flush(rows);
      rows = [];
    }
  });
  flush(rows);
  db.close();
  return count;
}
